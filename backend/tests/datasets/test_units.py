"""Units of number columns: which sign a file wrote around its numbers, and what cleaning keeps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from csv_analyzer.datasets.ingest.reader import ingest_csv
from csv_analyzer.datasets.ingest.units import ColumnUnit, units_after_cleaning
from csv_analyzer.datasets.types import SemanticType
from tests.conftest import SignedIn
from tests.datasets.api_support import API, upload_ok

DOLLAR = ColumnUnit(kind="currency", symbol="$", position="prefix")
EURO_AFTER = ColumnUnit(kind="currency", symbol="€", position="suffix")
PERCENT = ColumnUnit(kind="percent", symbol="%", position="suffix", scale=100.0)


def units(tmp_path: Path, text: str) -> dict[str, ColumnUnit | None]:
    src = tmp_path / "in.csv"
    src.write_text(text, encoding="utf-8")
    report = ingest_csv(src, tmp_path / "out.parquet")
    return {c.name: c.unit for c in report.columns}


class TestDetection:
    def test_prefix_suffix_and_percent_signs_are_the_columns_units(self, tmp_path: Path) -> None:
        found = units(
            tmp_path,
            'price;cost;rate;plain\n"$1,200";"1.234,50 €";12%;5\n'
            '$300;"12,00 €";"5,5%";6\n"-$40";"3,10 €";100%;7\n',
        )
        assert found == {"price": DOLLAR, "cost": EURO_AFTER, "rate": PERCENT, "plain": None}

    def test_a_sign_on_a_few_values_or_two_currencies_in_one_column_is_no_unit(
        self, tmp_path: Path
    ) -> None:
        few = "\n".join(["amount", "$5", *[str(i) for i in range(10, 30)]]) + "\n"
        assert units(tmp_path, few) == {"amount": None}
        mixed = "amount\n$5\n€6\n$7\n€8\n"
        assert units(tmp_path, mixed) == {"amount": None}

    def test_text_columns_carry_no_unit_even_with_dollar_signs(self, tmp_path: Path) -> None:
        found = units(tmp_path, "note,n\n$ sign first,1\n$ again here,2\n")
        assert found == {"note": None, "n": None}

    def test_missing_values_do_not_dilute_the_unit(self, tmp_path: Path) -> None:
        rows = ["$1,000" if i % 4 == 0 else "" for i in range(400)]
        text = "price,i\n" + "".join(f'"{p}",{i}\n' for i, p in enumerate(rows))
        assert units(tmp_path, text)["price"] == DOLLAR


class TestCleaningCarriesUnits:
    def test_a_unit_follows_renames_and_ends_when_the_column_stops_being_a_number(self) -> None:
        base = {"price": DOLLAR, "rate": PERCENT, "cost": EURO_AFTER}
        kept = units_after_cleaning(
            base,
            [("price", "sale price"), ("sale price", "final")],
            {
                "final": SemanticType.INTEGER,
                "rate": SemanticType.TEXT,
                "other": SemanticType.NUMERIC,
            },
        )
        assert kept == {"final": DOLLAR}

    def test_a_rename_onto_a_freed_name_does_not_inherit_the_old_unit(self) -> None:
        kept = units_after_cleaning(
            {"price": DOLLAR},
            [("price", "old price"), ("n", "price")],
            {"old price": SemanticType.NUMERIC, "price": SemanticType.NUMERIC},
        )
        assert kept == {"old price": DOLLAR}


SALES = (
    b'region,price,discount\nnorth,"$1,200",10%\nsouth,"$300",5%\n'
    b'east,"$1,000,000",12.5%\nwest,"$52",0%\n'
)


def summary_units(version: dict[str, Any]) -> dict[str, Any]:
    return {c["name"]: c.get("unit") for c in version["columns_summary"]}


@pytest.fixture
def sales(client: TestClient, alice: SignedIn) -> str:
    dataset_id: str = upload_ok(client, alice, SALES)["id"]
    return dataset_id


def test_units_are_served_with_the_version_and_survive_cleaning_and_restore(
    client: TestClient, alice: SignedIn, sales: str
) -> None:
    v1 = client.get(f"{API}/{sales}/versions/1", headers=alice.headers).json()
    assert summary_units(v1) == {
        "region": None,
        "price": {"kind": "currency", "symbol": "$", "position": "prefix", "scale": 1.0},
        "discount": {"kind": "percent", "symbol": "%", "position": "suffix", "scale": 100.0},
    }
    rows = client.get(f"{API}/{sales}/rows", headers=alice.headers).json()["rows"]
    assert [r["price"] for r in rows] == [1200, 300, 1_000_000, 52]  # stored as plain numbers

    r = client.post(
        f"{API}/{sales}/versions",
        headers=alice.headers,
        json={
            "operations": [
                {"op": "rename_column", "column": "price", "new_name": "list price"},
                {"op": "cast_column", "column": "discount", "to": "text"},
                {"op": "drop_rows", "row_ids": [0]},
            ]
        },
    )
    assert r.status_code == 201, r.text
    v2 = r.json()
    assert summary_units(v2) == {
        "region": None,
        "list price": {"kind": "currency", "symbol": "$", "position": "prefix", "scale": 1.0},
        "discount": None,
    }

    r = client.post(f"{API}/{sales}/restore", headers=alice.headers, json={"version": 1})
    assert r.status_code == 201, r.text
    assert summary_units(r.json()) == summary_units(v1)

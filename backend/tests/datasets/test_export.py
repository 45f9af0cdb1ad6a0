"""CSV download: formula injection is neutralised and __row_id dropped."""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from csv_analyzer.datasets.browse.export import write_csv


def test_formula_cells_are_prefixed_with_a_quote_and_row_id_dropped(tmp_path: Path) -> None:
    path = tmp_path / "d.parquet"
    table = pa.table(
        {
            "__row_id": [0, 1, 2, 3],
            "t": ["=SUM(A1)", "+1+1", "@cmd", "plain"],
            "n": [-1, 2, 3, None],
        }
    )
    pq.write_table(table, path)
    buf = io.BytesIO()
    assert write_csv(path, buf) == 4
    lines = buf.getvalue().decode().splitlines()
    assert lines[0] == '"t","n"'
    assert lines[1:] == ['"\'=SUM(A1)",-1', '"\'+1+1",2', '"\'@cmd",3', '"plain",']


def test_write_csv_to_a_path_streams_every_batch(tmp_path: Path) -> None:
    path = tmp_path / "d.parquet"
    pq.write_table(pa.table({"__row_id": list(range(1000)), "v": list(range(1000))}), path)
    out = tmp_path / "d.csv"
    assert write_csv(path, out, batch_size=100) == 1000
    assert out.read_text().count("\n") == 1001


def test_header_names_are_escaped_unless_the_caller_opts_out(tmp_path: Path) -> None:
    path = tmp_path / "d.parquet"
    pq.write_table(pa.table({"__row_id": [0], "=cmd()": ["=1+1"], "@n": [-3]}), path)
    buf = io.BytesIO()
    write_csv(path, buf)
    assert buf.getvalue().decode().splitlines() == ['"\'=cmd()","\'@n"', '"\'=1+1",-3']
    raw = io.BytesIO()
    write_csv(path, raw, escape_formulas=False)
    assert raw.getvalue().decode().splitlines() == ['"=cmd()","@n"', '"=1+1",-3']

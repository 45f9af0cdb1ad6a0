"""The pure drift module: reference profiles, PSI/KS/JS scores and statuses on synthetic data."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import pytest

from csv_analyzer.monitoring.drift import (
    MISSING,
    OTHER,
    DriftThresholds,
    compare,
    psi,
    reference_profile,
)

SCHEMA: list[dict[str, Any]] = [
    {"name": "age", "type": "integer"},
    {"name": "income", "type": "numeric"},
    {"name": "city", "type": "categorical"},
    {"name": "member", "type": "boolean"},
    {"name": "signup", "type": "datetime"},
]
CITIES = ["paris", "lyon", "nice", "lille"]


def make_frame(
    n: int, *, seed: int, income_mean: float = 50.0, city_p: list[float] | None = None
) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "age": rng.integers(18, 80, n),
            "income": rng.normal(income_mean, 10.0, n),
            "city": rng.choice(CITIES, n, p=city_p or [0.4, 0.3, 0.2, 0.1]),
            "member": rng.random(n) < 0.3,
            "signup": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, n), "D"),
        }
    )


def feature(report: Any, name: str) -> Any:
    return next(f for f in report.features if f.name == name)


class TestReferenceProfile:
    def test_numeric_features_get_ten_quantile_bins_and_a_bounded_sample(self) -> None:
        profile = reference_profile(make_frame(5_000, seed=1), SCHEMA)
        income = profile["features"]["income"]
        assert income["kind"] == "numeric"
        assert len(income["edges"]) == 9
        assert len(income["shares"]) == 11  # 10 bins + missing
        assert all(s == pytest.approx(0.1, abs=0.01) for s in income["shares"][:-1])
        assert len(income["sample"]) == 2_000

    def test_categorical_and_boolean_features_get_category_shares(self) -> None:
        profile = reference_profile(make_frame(2_000, seed=1), SCHEMA)
        city = profile["features"]["city"]
        assert city["categories"][0] == "paris"
        assert sum(city["shares"]) == pytest.approx(1.0)
        assert set(profile["features"]["member"]["categories"]) == {"true", "false"}

    def test_datetime_features_are_skipped_and_profile_is_json(self) -> None:
        profile = reference_profile(make_frame(500, seed=1), SCHEMA, predictions=np.zeros(500))
        assert profile["skipped"] == ["signup"]
        assert json.loads(json.dumps(profile)) == profile

    def test_rare_categories_share_the_other_bucket(self) -> None:
        df = pd.DataFrame({"c": [f"v{i % 40}" for i in range(4_000)]})
        profile = reference_profile(df, [{"name": "c", "type": "categorical"}])
        assert len(profile["features"]["c"]["categories"]) == 20
        assert profile["features"]["c"]["shares"][-2] == pytest.approx(0.5)

    def test_prediction_kind_is_inferred(self) -> None:
        df = make_frame(1_000, seed=1)
        labels = reference_profile(df, SCHEMA, predictions=["yes", "no"] * 500)
        values = reference_profile(df, SCHEMA, predictions=np.linspace(0, 1, 1_000))
        assert labels["prediction"]["kind"] == "categorical"
        assert values["prediction"]["kind"] == "numeric"


class TestCompare:
    def test_same_distribution_with_5k_rows_is_ok(self) -> None:
        reference = reference_profile(make_frame(5_000, seed=1), SCHEMA)
        report = compare(reference, make_frame(5_000, seed=2), None, DriftThresholds())
        assert report.status == "ok"
        assert report.drifted_share == 0.0
        assert all(f.psi is not None and f.psi < 0.02 for f in report.features)
        assert feature(report, "income").ks_statistic < 0.05

    def test_shifted_mean_is_drift(self) -> None:
        reference = reference_profile(make_frame(5_000, seed=1), SCHEMA)
        report = compare(reference, make_frame(2_000, seed=2, income_mean=65.0), None)
        income = feature(report, "income")
        assert income.status == "drift"
        assert income.psi > 0.25
        assert income.ks_pvalue < 1e-6
        assert feature(report, "age").status == "ok"
        assert report.status == "drift"
        assert report.drifted_share == pytest.approx(1 / 4)

    def test_small_mean_shift_is_a_warning(self) -> None:
        reference = reference_profile(make_frame(20_000, seed=1), SCHEMA)
        report = compare(reference, make_frame(20_000, seed=2, income_mean=53.5), None)
        assert feature(report, "income").status == "warning"
        assert report.status == "warning"

    def test_categorical_shift_is_drift_with_js_distance(self) -> None:
        reference = reference_profile(make_frame(5_000, seed=1), SCHEMA)
        current = make_frame(1_000, seed=2, city_p=[0.1, 0.1, 0.2, 0.6])
        city = feature(compare(reference, current, None), "city")
        assert city.status == "drift"
        assert city.js_distance is not None
        assert city.js_distance > 0.2
        assert city.ks_statistic is None

    def test_unseen_categories_land_in_other(self) -> None:
        reference = reference_profile(make_frame(2_000, seed=1), SCHEMA)
        current = make_frame(500, seed=2).assign(city="marseille")
        city = feature(compare(reference, current, None), "city")
        other = next(b for b in city.chart if b["bucket"] == OTHER)
        assert other == {"bucket": OTHER, "reference": 0.0, "current": 1.0}
        assert city.status == "drift"

    def test_small_samples_are_insufficient_data(self) -> None:
        reference = reference_profile(make_frame(2_000, seed=1), SCHEMA)
        report = compare(reference, make_frame(50, seed=2, income_mean=90.0), None)
        assert report.status == "insufficient_data"
        assert {f.status for f in report.features} == {"insufficient_data"}
        assert feature(report, "income").psi is not None  # still computed, just not judged

    def test_absent_column_counts_as_missing(self) -> None:
        reference = reference_profile(make_frame(2_000, seed=1), SCHEMA)
        report = compare(reference, make_frame(500, seed=2).drop(columns="age"), None)
        age = feature(report, "age")
        assert age.missing_share_current == 1.0
        assert age.chart[-1]["bucket"] == MISSING
        assert age.status == "drift"

    def test_values_from_json_strings_match_typed_training_values(self) -> None:
        train = make_frame(3_000, seed=1)
        reference = reference_profile(train, SCHEMA)
        current = make_frame(1_000, seed=2).astype({"age": float, "member": str, "income": str})
        report = compare(reference, current, None)
        assert report.status == "ok", [(f.name, f.psi) for f in report.features]

    def test_prediction_shift_is_reported_without_setting_the_status(self) -> None:
        train = make_frame(3_000, seed=1)
        reference = reference_profile(train, SCHEMA, predictions=np.where(train.member, "a", "b"))
        current = make_frame(1_000, seed=2)
        report = compare(reference, current, ["a"] * 1_000)
        assert report.prediction is not None
        assert report.prediction.status == "drift"
        assert report.status == "ok"

    def test_report_is_json_with_chart_data(self) -> None:
        reference = reference_profile(make_frame(2_000, seed=1), SCHEMA)
        data = compare(reference, make_frame(300, seed=2), None).to_dict()
        assert json.loads(json.dumps(data)) == data
        income = next(f for f in data["features"] if f["name"] == "income")
        assert len(income["chart"]) == 11
        assert income["chart"][0]["bucket"].startswith("< ")
        assert data["skipped"] == ["signup"]
        assert data["thresholds"] == {"warning_psi": 0.1, "alert_psi": 0.25, "min_samples": 200}


class TestPsi:
    def test_identical_shares_give_zero(self) -> None:
        assert psi([0.5, 0.5], [0.5, 0.5]) == 0.0

    def test_empty_bucket_is_smoothed_to_a_finite_value(self) -> None:
        value = psi([0.5, 0.5, 0.0], [0.4, 0.4, 0.2])
        assert np.isfinite(value)
        assert value > 1.0

"""Shaping training responses: the MLflow UI link."""

from __future__ import annotations

from csv_analyzer.training.router import mlflow_run_url


def test_mlflow_run_url_points_at_the_run_in_the_ui() -> None:
    assert mlflow_run_url("https://mlflow.example/", "3", "abc") == (
        "https://mlflow.example/#/experiments/3/runs/abc"
    )


def test_mlflow_run_url_is_none_without_a_ui_or_a_tracked_run() -> None:
    assert mlflow_run_url("", "3", "abc") is None
    assert mlflow_run_url("https://mlflow.example", None, None) is None

"""Prediction metrics in the default Prometheus registry (multiprocess-safe when enabled)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

PREDICTIONS = Counter(
    "csv_analyzer_predictions",  # exposed as csv_analyzer_predictions_total
    "Rows predicted, by model id and version.",
    ["model", "version"],
)
PREDICTION_LATENCY = Histogram(
    "csv_analyzer_prediction_latency_seconds",
    "Time to validate and score one prediction request (excluding HTTP and auth).",
    buckets=(0.001, 0.0025, 0.005, 0.0075, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
CHAMPION_METRIC = Gauge(
    "csv_analyzer_champion_metric",
    "Holdout value of the optimised metric of each model's champion version.",
    ["model", "metric"],
    multiprocess_mode="mostrecent",
)


def observe_prediction(model_id: str, version: int, rows: int, seconds: float) -> None:
    PREDICTIONS.labels(model=model_id, version=str(version)).inc(rows)
    PREDICTION_LATENCY.observe(seconds)


def set_champion_metric(model_id: str, metric: str, value: float | None) -> None:
    if value is not None:
        CHAMPION_METRIC.labels(model=model_id, metric=metric).set(value)

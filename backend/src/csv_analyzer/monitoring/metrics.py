"""Prometheus gauges for drift, set whenever drift is computed (request or scheduled check).

`mostrecent` keeps the last value written by any process when PROMETHEUS_MULTIPROC_DIR is set,
so a check run by a short-lived Celery worker child still shows on the next scrape.
"""

from __future__ import annotations

from prometheus_client import Gauge

from csv_analyzer.monitoring.drift import DriftReport

# The alert rules read 0 ok, 1 warning, 2 drift; too few rows is -1 (never alerts).
STATUS_VALUE = {"insufficient_data": -1, "ok": 0, "warning": 1, "drift": 2}

DRIFT_SCORE = Gauge(
    "csv_analyzer_drift_score",
    "Population Stability Index of a feature's live inputs against the training data.",
    ["model", "feature"],
    multiprocess_mode="mostrecent",
)
DRIFT_STATUS = Gauge(
    "csv_analyzer_drift_status",
    "Overall drift status of a model: -1 too few rows, 0 ok, 1 warning, 2 drift.",
    ["model"],
    multiprocess_mode="mostrecent",
)


def record_drift(model: str, report: DriftReport) -> None:
    """Publish a report's overall status and each feature's PSI under the model's name."""
    DRIFT_STATUS.labels(model=model).set(STATUS_VALUE[report.status])
    for feature in report.features:
        if feature.psi is not None:
            DRIFT_SCORE.labels(model=model, feature=feature.name).set(feature.psi)

"""Monitoring use cases: drift of a model version's recent inputs, prediction traffic over time.

The current window comes from the prediction log (the inputs each request sent and the outputs
it got); the reference from `drift_reference`. Computing drift also publishes it to Prometheus.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from csv_analyzer.auth.models import User
from csv_analyzer.config import Settings
from csv_analyzer.db import utcnow
from csv_analyzer.errors import AppError
from csv_analyzer.monitoring import metrics
from csv_analyzer.monitoring.drift import DriftThresholds, compare
from csv_analyzer.monitoring.references import load_reference
from csv_analyzer.monitoring.schemas import DriftRead, DriftWindow, UsageBucket, UsageRead
from csv_analyzer.predictions.encodable import holds_unencodable_text
from csv_analyzer.predictions.models import PredictionLog
from csv_analyzer.registry import service as registry
from csv_analyzer.registry.models import ModelVersion, RegisteredModel
from csv_analyzer.storage import ObjectStore

log = logging.getLogger(__name__)

MAX_CURRENT_ROWS = 50_000  # rows of the sample one comparison uses
MAX_READ_ROWS = 4 * MAX_CURRENT_ROWS  # logged rows read to draw it from (newest first)
MAX_USAGE_LOGS = 500_000
BUCKETS_S = (60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400)
TARGET_BUCKETS = 60


class NoDriftReference(AppError):
    status_code = 409
    code = "no_drift_reference"


def thresholds_from(settings: Settings) -> DriftThresholds:
    return DriftThresholds(
        warning_psi=settings.drift_warning_psi, alert_psi=settings.drift_alert_psi
    )


def _outputs_predictions(outputs: dict[str, Any], n: int) -> list[Any]:
    predictions = outputs.get("predictions") if isinstance(outputs, dict) else None
    if not isinstance(predictions, list):
        return [None] * n
    return (predictions + [None] * n)[:n]


def recent_rows(
    session: Session,
    model_id: str,
    version: int,
    *,
    since: datetime | None,
    last_n: int | None,
) -> tuple[pd.DataFrame, list[Any], int]:
    """A uniform sample of the rows the version scored (newest log entries first), their
    predictions, and how many rows were scored in all.

    A log entry keeps a uniform sample of its rows (`n_rows` counts them all), so a row of a
    sampled entry stands for `n_rows / len(inputs)` scored rows: the sample drawn here weighs
    them so, and a 100,000-row batch counts 100,000 times, not as many times as its sample.
    `last_n` (or `MAX_CURRENT_ROWS`) caps the rows scored that are looked at.
    """
    limit = min(last_n or MAX_CURRENT_ROWS, MAX_CURRENT_ROWS)
    stmt = (
        select(PredictionLog.inputs, PredictionLog.outputs, PredictionLog.n_rows)
        .where(PredictionLog.model_id == model_id, PredictionLog.model_version == version)
        .order_by(PredictionLog.created_at.desc())
    )
    if since is not None:
        stmt = stmt.where(PredictionLog.created_at >= since)
    rows: list[dict[str, Any]] = []
    predictions: list[Any] = []
    weights: list[float] = []
    scored = 0
    result = session.execute(stmt.execution_options(yield_per=500))
    try:
        for inputs, outputs, n_rows in result:
            if holds_unencodable_text([inputs, outputs]):
                continue  # a row no response could carry (see predictions.encodable)
            batch = [r for r in inputs or [] if isinstance(r, dict)]
            if not batch:
                continue
            represented = max(int(n_rows or 0), len(batch))
            if last_n and scored + represented > limit:
                # Only part of this entry fits in the last N rows scored: a share of its sample.
                share = (limit - scored) / represented
                keep = max(1, round(len(batch) * share))
                batch, represented = batch[:keep], limit - scored
            rows.extend(batch)
            predictions.extend(_outputs_predictions(outputs, len(batch)))
            weights.extend([represented / len(batch)] * len(batch))
            scored += represented
            if (last_n and scored >= limit) or len(rows) >= MAX_READ_ROWS:
                break  # enough rows (memory stays bounded however busy the window was)
    finally:
        result.close()
    if not last_n:  # every row scored in the window, read or not
        total = session.scalar(
            select(func.coalesce(func.sum(PredictionLog.n_rows), 0)).where(
                PredictionLog.model_id == model_id,
                PredictionLog.model_version == version,
                *([PredictionLog.created_at >= since] if since is not None else []),
            )
        )
        scored = max(scored, int(total or 0))
    picked = weighted_sample(weights, MAX_CURRENT_ROWS)
    return (
        pd.DataFrame([rows[i] for i in picked]),
        [predictions[i] for i in picked],
        scored,
    )


def weighted_sample(weights: Sequence[float], size: int, seed: int = 0) -> list[int]:
    """Positions of a sample in which each position appears in proportion to its weight; all
    positions, in order, when every weight is equal and they fit."""
    n = len(weights)
    if n == 0:
        return []
    w = np.asarray(weights, dtype=float)
    if n <= size and np.allclose(w, w[0]):
        return list(range(n))
    rng = np.random.default_rng(seed)
    # Equal weights and too many rows: a plain uniform subsample.
    if np.allclose(w, w[0]):
        return sorted(rng.choice(n, size, replace=False).tolist())
    # Unequal weights: draw with replacement so that each sampled row stands for the same number
    # of scored rows (a row of a 100x-sampled batch is drawn ~100x as often as an API row).
    draws = min(size, max(n, round(w.sum())))
    return sorted(rng.choice(n, draws, replace=True, p=w / w.sum()).tolist())


def compute_drift(
    session: Session,
    store: ObjectStore,
    settings: Settings,
    model: RegisteredModel,
    version: ModelVersion,
    *,
    window_hours: float = 24,
    last_n: int | None = None,
) -> DriftRead:
    """Compare the version's recent inputs with its training reference; publish the gauges."""
    reference = load_reference(session, store, version)
    if reference is None:
        raise NoDriftReference(
            f"Version {version.version} has no drift reference and its training data is gone"
        )
    now = utcnow()
    since = None if last_n else now - timedelta(hours=window_hours)
    frame, predictions, scored = recent_rows(
        session, model.id, version.version, since=since, last_n=last_n
    )
    report = compare(reference.profile, frame, predictions, thresholds_from(settings))
    metrics.record_drift(model.name, report)
    data = report.to_dict()
    severity = {"drift": 0, "warning": 1, "ok": 2, "insufficient_data": 3}
    data["features"].sort(key=lambda f: (severity[f["status"]], -(f["psi"] or 0.0)))
    return DriftRead.model_validate(
        {
            **data,
            "model_id": model.id,
            "model_name": model.name,
            "model_version": version.version,
            "computed_at": now,
            "window": DriftWindow(since=since, until=now, last_n=last_n),
            "reference_source": reference.source,
            "n_scored": scored,
        }
    )


def get_drift(
    session: Session,
    store: ObjectStore,
    settings: Settings,
    user: User,
    model_id: str,
    *,
    version: int | None,
    window_hours: float,
    last_n: int | None,
) -> DriftRead:
    """Drift of the user's model (the champion unless `version` is given)."""
    model, row = registry.resolve_serving(session, user, model_id, version)
    return compute_drift(
        session, store, settings, model, row, window_hours=window_hours, last_n=last_n
    )


def check_all_champions(session: Session, store: ObjectStore, settings: Settings) -> int:
    """The scheduled check: drift of every champion that served predictions in the last day."""
    since = utcnow() - timedelta(hours=24)
    active = (
        select(PredictionLog.model_id)
        .where(PredictionLog.created_at >= since)
        .distinct()
        .scalar_subquery()
    )
    pairs = session.execute(
        select(RegisteredModel, ModelVersion)
        .join(
            ModelVersion,
            (ModelVersion.model_id == RegisteredModel.id)
            & (ModelVersion.version == RegisteredModel.champion_version),
        )
        .where(RegisteredModel.id.in_(active))
    ).all()
    checked = 0
    for model, version in pairs:
        try:
            result = compute_drift(session, store, settings, model, version)
        except Exception:
            session.rollback()
            log.warning("drift check of model %s failed", model.id, exc_info=True)
            continue
        checked += 1
        log.info("drift of %s v%s: %s", model.id, version.version, result.status)
    return checked


def _bucket_seconds(hours: float) -> int:
    wanted = hours * 3600 / TARGET_BUCKETS
    return next((b for b in BUCKETS_S if b >= wanted), BUCKETS_S[-1])


def _percentile(values: Sequence[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 3) if len(values) else None


def get_usage(session: Session, user: User, model_id: str, *, hours: float) -> UsageRead:
    """Requests, rows and latency percentiles of the user's model, bucketed over `hours`."""
    model = registry.get_model(session, user, model_id)
    until = utcnow()
    step = _bucket_seconds(hours)
    first = int((until - timedelta(hours=hours)).timestamp()) // step * step
    since = datetime.fromtimestamp(first, UTC)
    logs = session.execute(
        select(
            PredictionLog.created_at,
            PredictionLog.n_rows,
            PredictionLog.latency_ms,
            PredictionLog.model_version,
            PredictionLog.source,
        )
        .where(PredictionLog.model_id == model.id, PredictionLog.created_at >= since)
        .order_by(PredictionLog.created_at.desc())
        .limit(MAX_USAGE_LOGS)
    ).all()
    n_buckets = (int(until.timestamp()) - first) // step + 1
    latencies: list[list[float]] = [[] for _ in range(n_buckets)]
    rows = [0] * n_buckets
    for created_at, n_rows, latency_ms, _version, _source in logs:
        i = min(max((int(created_at.timestamp()) - first) // step, 0), n_buckets - 1)
        latencies[i].append(float(latency_ms))
        rows[i] += int(n_rows)
    everything = [v for bucket in latencies for v in bucket]
    return UsageRead(
        model_id=model.id,
        since=since,
        until=until,
        bucket_seconds=step,
        requests=len(logs),
        rows=sum(rows),
        latency_ms_p50=_percentile(everything, 50),
        latency_ms_p95=_percentile(everything, 95),
        by_version={str(k): v for k, v in sorted(Counter(r[3] for r in logs).items())},
        by_source=dict(Counter(str(r[4]) for r in logs)),
        series=[
            UsageBucket(
                start=datetime.fromtimestamp(first + i * step, UTC),
                requests=len(latencies[i]),
                rows=rows[i],
                latency_ms_p50=_percentile(latencies[i], 50),
                latency_ms_p95=_percentile(latencies[i], 95),
                latency_ms_max=round(max(latencies[i]), 3) if latencies[i] else None,
            )
            for i in range(n_buckets)
        ],
    )

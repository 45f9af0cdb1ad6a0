"""Score the current champion on a new version's holdout rows, for the promotion gate.

Runs in the training worker right after the search, while the holdout rows are in memory: the
champion (loaded from MLflow) predicts them, and `registry.paired` says whether the new version
is better beyond noise. Anything that makes the rows incomparable (another dataset or metric, a
champion that cannot read these columns or knows other classes) yields None, and the gate falls
back to its minimum-effect rule.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from csv_analyzer.config import Settings
from csv_analyzer.predictions.model_cache import load_pipeline
from csv_analyzer.registry.models import ModelVersion, RegisteredModel
from csv_analyzer.registry.paired import ChampionComparison, PairedComparison, paired_bootstrap
from csv_analyzer.training.automl.contracts import AutoMLResult
from csv_analyzer.training.automl.engine import predict_final
from csv_analyzer.training.automl.metrics import resolve_metric

log = logging.getLogger(__name__)

MAX_ROWS = 20_000  # a larger holdout is sampled: the interval is already narrow


def compare_with_champion(
    session: Session,
    settings: Settings,
    *,
    owner_id: str,
    model_name: str,
    dataset_id: str,
    result: AutoMLResult,
    seed: int = 0,
) -> ChampionComparison | None:
    """The new version vs the model's champion on the new version's holdout rows, or None."""
    model = session.scalars(
        select(RegisteredModel).where(
            RegisteredModel.owner_id == owner_id, RegisteredModel.name == model_name
        )
    ).one_or_none()
    if model is None or model.champion_version is None or result.holdout_X is None:
        return None
    champion = session.scalars(
        select(ModelVersion).where(
            ModelVersion.model_id == model.id, ModelVersion.version == model.champion_version
        )
    ).one_or_none()
    if champion is None or champion.dataset_id != dataset_id or champion.metric != result.metric:
        return None
    if result.holdout_y is None or len(result.holdout_y) < 2:
        return None
    try:
        paired = _paired(settings, champion, result, result.holdout_X, result.holdout_y, seed)
    except Exception:  # an unreadable champion must not fail the training that replaces it
        log.warning("could not score champion v%s on the holdout", champion.version, exc_info=True)
        return None
    return None if paired is None else ChampionComparison(champion.version, paired)


def _paired(
    settings: Settings,
    champion: ModelVersion,
    result: AutoMLResult,
    X: pd.DataFrame,
    y_raw: np.ndarray,
    seed: int,
) -> PairedComparison | None:
    if len(X) > MAX_ROWS:
        keep = np.random.default_rng(seed).choice(len(X), MAX_ROWS, replace=False)
        X, y_raw = X.iloc[np.sort(keep)], y_raw[np.sort(keep)]
    classes = result.classes
    metric = resolve_metric(result.metric, result.task, len(classes) if classes else 0)
    old_pipeline = load_pipeline(settings, champion.source_uri)
    new = predict_final(result.pipeline, X, result.task)
    if classes is None:
        y = np.asarray(y_raw, dtype=float)
        old = np.asarray(old_pipeline.predict(X), dtype=float)
    else:
        if sorted(map(str, champion.classes or [])) != sorted(map(str, classes)):
            return None  # another set of classes: the scores would not mean the same
        y = np.searchsorted(np.asarray(classes), y_raw)
        proba = np.asarray(old_pipeline.predict_proba(X), dtype=float)
        order = [str(c) for c in champion.classes or []]
        old = proba[:, [order.index(str(c)) for c in classes]]
    return paired_bootstrap(
        y, new, old, metric.value, greater_is_better=metric.greater_is_better, seed=seed
    )

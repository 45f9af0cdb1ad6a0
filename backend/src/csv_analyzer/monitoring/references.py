"""Drift references: written by the training task, rebuilt from the dataset version when missing.

The training task calls `store_reference` once the version is registered. Versions trained before
monitoring existed (or whose hook failed) get their reference on the first drift request, from
the dataset version they were trained on (`load_reference`); that backfill has no prediction
distribution unless a fitted pipeline is handed in.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.datasets.models import DatasetVersion
from csv_analyzer.datasets.service import read_version_frame
from csv_analyzer.json_types import JsonObject
from csv_analyzer.monitoring.drift import Kind, reference_profile
from csv_analyzer.monitoring.models import DriftReference
from csv_analyzer.registry.models import ModelVersion
from csv_analyzer.storage import ObjectStore

log = logging.getLogger(__name__)

PROFILE_ROWS = 100_000  # quantiles and shares are stable long before this
PREDICTION_ROWS = 5_000  # the prediction distribution is estimated on a sample


def build_profile(
    frame: pd.DataFrame,
    feature_schema: Sequence[JsonObject],
    *,
    pipeline: Any = None,
    task: str | None = None,
) -> JsonObject:
    """The reference profile of `frame`, with the pipeline's predictions on a sample if given."""
    if len(frame) > PROFILE_ROWS:
        frame = frame.sample(n=PROFILE_ROWS, random_state=0)
    predictions = None
    if pipeline is not None:
        sample = frame.head(PREDICTION_ROWS)
        try:
            predictions = list(pipeline.predict(sample))
        except Exception:  # the profile of the inputs is still worth having
            log.warning("predicting the reference sample failed", exc_info=True)
    kind: Kind | None = None
    if task is not None:
        kind = "numeric" if task == "regression" else "categorical"
    return reference_profile(frame, feature_schema, predictions, prediction_kind=kind)


def store_reference(
    session: Session,
    *,
    model_version_id: str,
    frame: pd.DataFrame,
    feature_schema: Sequence[JsonObject],
    pipeline: Any = None,
    task: str | None = None,
    source: str = "training",
) -> bool:
    """Profile the training frame and save it for the version; commits. Never raises.

    Args:
        session: A session (committed here; the caller's earlier work must be committed).
        model_version_id: The registry's `model_version.id`.
        frame: The training rows (raw feature columns; extra columns are ignored).
        feature_schema: The version's feature schema.
        pipeline: The fitted pipeline, to profile its predictions too.
        task: "classification" or "regression" (how predictions are binned).
        source: "training" or "backfill".

    Returns:
        True if the reference was saved. A failure is logged and the drift page backfills later:
        monitoring must never fail a training job.
    """
    try:
        profile = build_profile(frame, feature_schema, pipeline=pipeline, task=task)
        session.merge(
            DriftReference(model_version_id=model_version_id, profile=profile, source=source)
        )
        session.commit()
    except Exception:
        session.rollback()
        log.warning("storing the drift reference of %s failed", model_version_id, exc_info=True)
        return False
    return True


def load_reference(
    session: Session, store: ObjectStore, version: ModelVersion
) -> DriftReference | None:
    """The version's reference, built from its training dataset version on first use.

    Returns None when there is none and it cannot be rebuilt (dataset or version deleted).
    """
    ref = session.get(DriftReference, version.id)
    if ref is not None:
        return ref
    dataset_version = None
    if version.dataset_id is not None and version.dataset_version is not None:
        dataset_version = session.scalars(
            select(DatasetVersion).where(
                DatasetVersion.dataset_id == version.dataset_id,
                DatasetVersion.number == version.dataset_version,
            )
        ).one_or_none()
    if dataset_version is None:
        return None
    names = [str(f["name"]) for f in version.feature_schema]
    columns = [c for c in names if c in dataset_version.column_types]
    frame = read_version_frame(store, dataset_version, columns)
    profile = build_profile(frame, version.feature_schema)
    ref = DriftReference(model_version_id=version.id, profile=profile, source="backfill")
    try:
        with session.begin_nested():
            session.add(ref)
        session.commit()
    except IntegrityError:  # a concurrent request backfilled it first
        session.rollback()
        return session.get(DriftReference, version.id)
    log.info("backfilled the drift reference of model version %s", version.id)
    return ref


def store_training_reference(
    sm: sessionmaker[Session], model_id: str, version: int, frame: pd.DataFrame, result: Any
) -> bool:
    """The training task's hook: profile `frame` for the registered version; never raises.

    Args:
        sm: The job's session factory.
        model_id: The registered model id.
        version: The version number just recorded.
        frame: The dataset version the model was trained on.
        result: The `AutoMLResult` (feature schema, fitted pipeline, task).
    """
    try:
        with sm() as session:
            version_id = session.scalars(
                select(ModelVersion.id).where(
                    ModelVersion.model_id == model_id, ModelVersion.version == version
                )
            ).one()
            return store_reference(
                session,
                model_version_id=version_id,
                frame=frame,
                feature_schema=result.feature_schema,
                pipeline=result.pipeline,
                task=result.task,
            )
    except Exception:
        log.warning("no drift reference for model %s v%s", model_id, version, exc_info=True)
        return False

"""Monitoring test helpers: a synthetic dataset, registry rows for it and prediction log rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from csv_analyzer.auth.models import User
from csv_analyzer.db import utcnow
from csv_analyzer.predictions.models import PredictionLog
from csv_analyzer.registry.models import ModelVersion, RegisteredModel
from csv_analyzer.training.automl.columns import feature_schema, plan_columns
from tests.conftest import SignedIn
from tests.training.api_helpers import frame_csv, upload_dataset

FEATURES = ["x", "amount", "colour"]


def make_frame(n: int, *, seed: int, x_mean: float = 0.0) -> pd.DataFrame:
    """Two numeric features, one categorical, a binary label that depends on them."""
    rng = np.random.default_rng(seed)
    x = rng.normal(x_mean, 1.0, n)
    colour = rng.choice(["red", "green", "blue"], n, p=[0.5, 0.3, 0.2])
    amount = rng.integers(0, 500, n).astype(float)
    signal = x + (colour == "red") * 1.0 + rng.normal(0, 0.5, n)
    return pd.DataFrame(
        {"x": x, "amount": amount, "colour": colour, "label": np.where(signal > 0.5, "yes", "no")}
    )


def rows_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in r.items()} for r in frame[FEATURES].to_dict(orient="records")]


def user_id(session: Session, user: SignedIn) -> str:
    return session.scalars(select(User.id).where(User.email == user.email)).one()


def upload_frame(client: TestClient, user: SignedIn, frame: pd.DataFrame, name: str) -> str:
    return upload_dataset(client, user, frame_csv(frame), name)


def register(
    session: Session,
    *,
    owner_id: str,
    dataset_id: str | None,
    frame: pd.DataFrame,
    name: str = "churn",
    training_job_id: str | None = None,
) -> RegisteredModel:
    """A registered model whose champion v1 was trained on `frame` (version 1 of `dataset_id`)."""
    X = frame[FEATURES]
    model = RegisteredModel(
        owner_id=owner_id,
        name=name,
        mlflow_name=f"{owner_id}-{name}",
        task="classification",
        metric="log_loss",
        greater_is_better=False,
        champion_version=1,
    )
    session.add(model)
    session.flush()
    session.add(
        ModelVersion(
            model_id=model.id,
            version=1,
            model_uri=f"models:/{model.mlflow_name}/1",
            source_uri="unused",
            training_job_id=training_job_id,
            dataset_id=dataset_id,
            dataset_version=1 if dataset_id else None,
            target="label",
            task="classification",
            metric="log_loss",
            greater_is_better=False,
            holdout_score=0.5,
            feature_schema=feature_schema(X, plan_columns(X)),
        )
    )
    session.commit()
    return model


def log_predictions(
    session: Session,
    model: RegisteredModel,
    frame: pd.DataFrame,
    *,
    per_request: int = 100,
    latency_ms: float = 5.0,
    created_at: datetime | None = None,
) -> None:
    """Prediction log rows as the predict API writes them, `per_request` rows each."""
    rows = rows_of(frame)
    labels = frame["label"].tolist()
    for start in range(0, len(rows), per_request):
        chunk = rows[start : start + per_request]
        session.add(
            PredictionLog(
                owner_id=model.owner_id,
                model_id=model.id,
                model_version=1,
                source="api",
                created_at=created_at or utcnow(),
                n_rows=len(chunk),
                inputs=chunk,
                outputs={"predictions": labels[start : start + per_request]},
                latency_ms=latency_ms,
            )
        )
    session.commit()

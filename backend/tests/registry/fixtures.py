"""Registry/serving fixtures shared by tests/registry and tests/predictions: settings pointing at
one MLflow DB per module, and datasets of alice's for the champion gate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from csv_analyzer.auth.models import User
from csv_analyzer.config import Settings
from csv_analyzer.datasets.models import Dataset
from tests.conftest import SignedIn
from tests.registry.support import mlflow_dir

__all__ = ["dataset_id", "make_dataset", "mlflow_dir", "settings"]


@pytest.fixture
def settings(settings: Settings, mlflow_dir: Path) -> Settings:
    return settings.model_copy(
        update={"mlflow_tracking_uri": f"sqlite:///{mlflow_dir / 'mlflow.db'}"}
    )


@pytest.fixture
def make_dataset(db_session: Session, client: TestClient, alice: SignedIn) -> Callable[[], str]:
    """Dataset rows of alice's (the gate only compares versions trained on one dataset)."""
    owner = db_session.scalars(select(User.id).where(User.email == alice.email)).one()

    def factory() -> str:
        dataset = Dataset(
            owner_id=owner, name="d", original_filename="d.csv", size_bytes=1, raw_key="k"
        )
        db_session.add(dataset)
        db_session.commit()
        return dataset.id

    return factory


@pytest.fixture
def dataset_id(make_dataset: Callable[[], str]) -> str:
    return make_dataset()

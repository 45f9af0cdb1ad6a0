"""The `training_run` table: what a "training.run" job trains and what it produced.

One row per training job (same id as its `job` row). The job row holds state, progress and the
full result; this row holds the links the rest of the app queries by: dataset version, the
user-facing model name and the MLflow run and registered model version.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csv_analyzer.db import Base, utcnow
from csv_analyzer.jobs.models import Job


class TrainingRun(Base):
    __tablename__ = "training_run"

    id: Mapped[str] = mapped_column(ForeignKey("job.id", ondelete="CASCADE"), primary_key=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    # Kept when the dataset is deleted: the run and its model outlive their training data.
    dataset_id: Mapped[str | None] = mapped_column(
        ForeignKey("dataset.id", ondelete="SET NULL"), index=True
    )
    dataset_version_id: Mapped[str | None] = mapped_column(
        ForeignKey("dataset_version.id", ondelete="SET NULL")
    )
    dataset_version: Mapped[int]
    target: Mapped[str] = mapped_column(String(500))
    task: Mapped[str] = mapped_column(String(16))  # requested: auto | classification | regression
    model_name: Mapped[str] = mapped_column(String(200))  # as the user typed it
    mlflow_model_name: Mapped[str] = mapped_column(String(256), index=True)
    mlflow_experiment_id: Mapped[str | None] = mapped_column(String(64), default=None)
    mlflow_run_id: Mapped[str | None] = mapped_column(String(64), default=None)
    model_version: Mapped[int | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    job: Mapped[Job] = relationship(lazy="joined", innerjoin=True)

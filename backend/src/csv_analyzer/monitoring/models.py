"""Monitoring tables: drift references per model version, retraining schedules, scheduler leases."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from csv_analyzer.db import Base, new_id, utcnow
from csv_analyzer.json_types import JsonObject


class DriftReference(Base):
    """The training-data profile of one model version (see `monitoring.drift.reference_profile`).

    A row rather than an object-store file: it is small (bins, shares and a 2,000-value sample per
    numeric feature), is written in the transaction that knows the version, and goes away with it.
    """

    __tablename__ = "drift_reference"

    model_version_id: Mapped[str] = mapped_column(
        ForeignKey("model_version.id", ondelete="CASCADE"), primary_key=True
    )
    profile: Mapped[JsonObject] = mapped_column(JSON)
    # "training" (written by the training task) or "backfill" (rebuilt from the dataset version).
    source: Mapped[str] = mapped_column(String(16), default="training")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RetrainSchedule(Base):
    """Retrain a model on its dataset's current version at a cadence (one schedule per model)."""

    __tablename__ = "retrain_schedule"
    __table_args__ = (Index("ix_retrain_schedule_enabled_next_run_at", "enabled", "next_run_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    model_id: Mapped[str] = mapped_column(
        ForeignKey("registered_model.id", ondelete="CASCADE"), unique=True
    )
    owner_id: Mapped[str] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    cadence: Mapped[str] = mapped_column(String(100))  # daily | weekly | cron (UTC)
    enabled: Mapped[bool] = mapped_column(default=True)
    next_run_at: Mapped[datetime | None] = mapped_column(default=None)
    last_run_at: Mapped[datetime | None] = mapped_column(default=None)
    last_job_id: Mapped[str | None] = mapped_column(
        ForeignKey("job.id", ondelete="SET NULL"), default=None
    )
    # status (queued, running, succeeded, failed, cancelled, skipped), job id, dataset version,
    # new model version and the champion gate's decision, error: what the last run did.
    last_outcome: Mapped[JsonObject | None] = mapped_column(JSON, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SchedulerLease(Base):
    """A named lease: which process may run a periodic duty until `expires_at`."""

    __tablename__ = "scheduler_lease"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime]

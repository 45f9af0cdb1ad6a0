"""Registry tables: a registered model per user and name, its versions and the alias audit trail.

MLflow's registry holds the artifacts and the aliases too; these rows mirror what the API lists
and serves (schema, metrics, gate decision, current aliases) so requests never call MLflow.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from csv_analyzer.db import Base, new_id, utcnow
from csv_analyzer.json_types import JsonObject, JsonValue

ALIASES = ("champion", "challenger")


class RegisteredModel(Base):
    __tablename__ = "registered_model"
    __table_args__ = (
        UniqueConstraint("owner_id", "name", name="uq_registered_model_owner_id_name"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    owner_id: Mapped[str] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    mlflow_name: Mapped[str] = mapped_column(String(256), unique=True)
    task: Mapped[str] = mapped_column(String(16))
    metric: Mapped[str] = mapped_column(String(64))
    greater_is_better: Mapped[bool]
    champion_version: Mapped[int | None] = mapped_column(default=None)
    challenger_version: Mapped[int | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ModelVersion(Base):
    """One trained pipeline registered in MLflow, with what the app needs to show and serve it."""

    __tablename__ = "model_version"
    __table_args__ = (
        UniqueConstraint("model_id", "version", name="uq_model_version_model_id_version"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    model_id: Mapped[str] = mapped_column(ForeignKey("registered_model.id", ondelete="CASCADE"))
    version: Mapped[int]  # the MLflow registered model version number
    mlflow_run_id: Mapped[str | None] = mapped_column(String(64), default=None)
    model_uri: Mapped[str] = mapped_column(String(1000))  # models:/<name>/<version>
    source_uri: Mapped[str] = mapped_column(String(1000))  # the artifact directory
    training_job_id: Mapped[str | None] = mapped_column(
        ForeignKey("job.id", ondelete="SET NULL"), default=None, index=True
    )
    dataset_id: Mapped[str | None] = mapped_column(
        ForeignKey("dataset.id", ondelete="SET NULL"), default=None
    )
    dataset_version: Mapped[int | None] = mapped_column(default=None)
    target: Mapped[str | None] = mapped_column(String(500), default=None)
    task: Mapped[str] = mapped_column(String(16))
    metric: Mapped[str] = mapped_column(String(64))
    greater_is_better: Mapped[bool]
    holdout_score: Mapped[float | None] = mapped_column(default=None)
    # The parts of the run's report (`training.report`): HoldoutMetrics, FeatureSpec, ...
    holdout_metrics: Mapped[JsonObject] = mapped_column(JSON, default=dict)
    baseline_metrics: Mapped[JsonObject] = mapped_column(JSON, default=dict)
    feature_schema: Mapped[list[JsonObject]] = mapped_column(JSON, default=list)
    feature_importances: Mapped[list[JsonObject]] = mapped_column(JSON, default=list)
    plots: Mapped[JsonObject] = mapped_column(JSON, default=dict)
    classes: Mapped[list[JsonValue] | None] = mapped_column(JSON, default=None)
    # RunSummary: algorithm, ensemble, cv score, row counts, timings, library versions
    summary: Mapped[JsonObject] = mapped_column(JSON, default=dict)
    # GateDecision: decision, compared version, both scores, reason
    gate: Mapped[JsonObject] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ModelAliasEvent(Base):
    """Who moved which alias from which version to which, when and why (None actor: the gate)."""

    __tablename__ = "model_alias_event"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    model_id: Mapped[str] = mapped_column(
        ForeignKey("registered_model.id", ondelete="CASCADE"), index=True
    )
    alias: Mapped[str] = mapped_column(String(16))
    from_version: Mapped[int | None] = mapped_column(default=None)
    to_version: Mapped[int | None] = mapped_column(default=None)
    actor_id: Mapped[str | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL"), default=None
    )
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

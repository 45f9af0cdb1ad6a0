"""The `prediction_log` table: one row per prediction request (API, form) or batch job."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from csv_analyzer.db import Base, new_id, utcnow
from csv_analyzer.json_types import JsonObject

SOURCES = ("api", "form", "batch")


class PredictionLog(Base):
    __tablename__ = "prediction_log"
    __table_args__ = (
        Index("ix_prediction_log_model_id_created_at", "model_id", "created_at"),
        Index("ix_prediction_log_created_at", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    owner_id: Mapped[str] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    model_id: Mapped[str] = mapped_column(ForeignKey("registered_model.id", ondelete="CASCADE"))
    model_version: Mapped[int]
    source: Mapped[str] = mapped_column(String(8))
    # Who called: the user (JWT) or, for machine clients, also the API token used.
    caller_user_id: Mapped[str | None] = mapped_column(String(32), default=None)
    caller_token_id: Mapped[str | None] = mapped_column(String(32), default=None)
    batch_job_id: Mapped[str | None] = mapped_column(String(32), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    n_rows: Mapped[int]
    # The first rows only for large requests; `n_rows` and `inputs_truncated` tell the rest.
    inputs: Mapped[list[JsonObject]] = mapped_column(JSON, default=list)
    inputs_truncated: Mapped[bool] = mapped_column(default=False)
    outputs: Mapped[JsonObject] = mapped_column(JSON, default=dict)
    latency_ms: Mapped[float]
    warnings: Mapped[list[JsonObject]] = mapped_column(JSON, default=list)

"""Dataset tables: a dataset (its raw upload and which version is current) and its immutable versions.

Files live in the object store under `datasets/<dataset id>/`: the raw upload (`raw/<filename>`) and
one Parquet file per version (`v<n>/data.parquet`, plus a cached `v<n>/profile.json`). A version row
is never updated after it is written: cleaning, type overrides and restores write a new version.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csv_analyzer.db import Base, new_id, utcnow
from csv_analyzer.json_types import JsonObject


class Dataset(Base):
    __tablename__ = "dataset"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    owner_id: Mapped[str] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    original_filename: Mapped[str] = mapped_column(String(255))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    raw_key: Mapped[str] = mapped_column(String(500))
    current_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    versions: Mapped[list[DatasetVersion]] = relationship(
        back_populates="dataset",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="DatasetVersion.number",
        lazy="raise",
    )


class DatasetVersion(Base):
    """One immutable snapshot of a dataset: a Parquet file plus what made it and what it holds."""

    __tablename__ = "dataset_version"
    __table_args__ = (
        UniqueConstraint("dataset_id", "number", name="uq_dataset_version_dataset_id_number"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    # No separate index: the unique (dataset_id, number) constraint leads with dataset_id.
    dataset_id: Mapped[str] = mapped_column(ForeignKey("dataset.id", ondelete="CASCADE"))
    number: Mapped[int]
    parent_number: Mapped[int | None] = mapped_column(default=None)
    # How the version was made: "upload" (v1), "operations" (cleaning) or "restore" (a copy of
    # `parent_number`, sharing its Parquet file).
    origin: Mapped[str] = mapped_column(String(16), default="upload")
    parquet_key: Mapped[str] = mapped_column(String(500))
    parquet_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    row_count: Mapped[int] = mapped_column(BigInteger)
    column_count: Mapped[int]
    # column name -> semantic type, in column order (JSON objects keep insertion order).
    column_types: Mapped[dict[str, str]] = mapped_column(JSON)
    # [{name, type, missing}] in column order.
    columns_summary: Mapped[list[JsonObject]] = mapped_column(JSON)
    # The operations (as JSON) that turned the parent into this version; [] for v1.
    operations: Mapped[list[JsonObject]] = mapped_column(JSON, default=list)
    # How the upload was read (dialect, inference notes); only on version 1.
    ingest_report: Mapped[JsonObject | None] = mapped_column(JSON, default=None)
    # What each operation did (rows removed, values changed); only on cleaned versions.
    cleaning_report: Mapped[JsonObject | None] = mapped_column(JSON, default=None)
    created_by: Mapped[str | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    dataset: Mapped[Dataset] = relationship(back_populates="versions", lazy="raise")


class DatasetUpload(Base):
    """Where one upload is, from its first byte to its dataset (or its error): the progress field.

    The row is written when the request starts and updated while the body arrives and while the
    CSV is read, from a session of its own, so a client can poll it during a long upload. It is a
    record, not data: a failed upload keeps its row (with the error) and nothing else.
    """

    __tablename__ = "dataset_upload"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    owner_id: Mapped[str] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    # receiving -> ingesting -> succeeded | failed
    status: Mapped[str] = mapped_column(String(16), default="receiving")
    # receiving | read | reread | analyze | store | done
    phase: Mapped[str] = mapped_column(String(16), default="receiving")
    phase_fraction: Mapped[float] = mapped_column(Float, default=0.0)
    fraction: Mapped[float] = mapped_column(Float, default=0.0)
    filename: Mapped[str] = mapped_column(String(255), default="")
    bytes_received: Mapped[int] = mapped_column(BigInteger, default=0)
    bytes_total: Mapped[int | None] = mapped_column(BigInteger, default=None)
    dataset_id: Mapped[str | None] = mapped_column(
        ForeignKey("dataset.id", ondelete="SET NULL"), default=None
    )
    error_code: Mapped[str | None] = mapped_column(String(64), default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)

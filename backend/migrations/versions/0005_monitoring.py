"""monitoring: drift references, retraining schedules, scheduler leases

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 01:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drift_reference",
        sa.Column("model_version_id", sa.String(length=32), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_version_id"],
            ["model_version.id"],
            name=op.f("fk_drift_reference_model_version_id_model_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("model_version_id", name=op.f("pk_drift_reference")),
    )
    op.create_table(
        "retrain_schedule",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("model_id", sa.String(length=32), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("cadence", sa.String(length=100), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("next_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_job_id", sa.String(length=32), nullable=True),
        sa.Column("last_outcome", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["last_job_id"],
            ["job.id"],
            name=op.f("fk_retrain_schedule_last_job_id_job"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["registered_model.id"],
            name=op.f("fk_retrain_schedule_model_id_registered_model"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["app_user.id"],
            name=op.f("fk_retrain_schedule_owner_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retrain_schedule")),
        sa.UniqueConstraint("model_id", name=op.f("uq_retrain_schedule_model_id")),
    )
    with op.batch_alter_table("retrain_schedule", schema=None) as batch_op:
        batch_op.create_index(
            "ix_retrain_schedule_enabled_next_run_at", ["enabled", "next_run_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_retrain_schedule_owner_id"), ["owner_id"], unique=False
        )
    op.create_table(
        "scheduler_lease",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduler_lease")),
    )


def downgrade() -> None:
    op.drop_table("scheduler_lease")
    with op.batch_alter_table("retrain_schedule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retrain_schedule_owner_id"))
        batch_op.drop_index("ix_retrain_schedule_enabled_next_run_at")
    op.drop_table("retrain_schedule")
    op.drop_table("drift_reference")

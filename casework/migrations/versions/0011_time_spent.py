"""time spent: active recording seconds per record, section and person

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 04:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "time_spent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), sa.ForeignKey("records.id"), nullable=False),
        sa.Column(
            "form_version_id", sa.Integer(), sa.ForeignKey("form_versions.id"), nullable=False
        ),
        sa.Column("section_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("generated", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key", name="uq_time_spent_key"),
    )
    op.create_index("ix_time_spent_record_id", "time_spent", ["record_id"])
    op.create_index("ix_time_spent_form_version_id", "time_spent", ["form_version_id"])
    op.create_index("ix_time_spent_user_id", "time_spent", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_time_spent_user_id", table_name="time_spent")
    op.drop_index("ix_time_spent_form_version_id", table_name="time_spent")
    op.drop_index("ix_time_spent_record_id", table_name="time_spent")
    op.drop_table("time_spent")

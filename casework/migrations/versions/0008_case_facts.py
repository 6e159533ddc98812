"""case facts: every value a submitted form gave a fact about the child, family or case

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 04:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("shown", sa.Text(), nullable=False),
        sa.Column("record_id", sa.Integer(), sa.ForeignKey("records.id"), nullable=True),
        sa.Column("form_title", sa.String(length=200), nullable=False),
        sa.Column("field_id", sa.String(length=64), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_facts_case_id_name", "case_facts", ["case_id", "name"])


def downgrade() -> None:
    op.drop_index("ix_case_facts_case_id_name", table_name="case_facts")
    op.drop_table("case_facts")

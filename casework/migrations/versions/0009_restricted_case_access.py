"""restricted cases: why each person is named, and short-lived break-glass access

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_access") as batch:
        batch.add_column(sa.Column("reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("granted_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_case_access_granted_by_id_users", "users", ["granted_by_id"], ["id"]
        )
    op.create_table(
        "break_glass_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_break_glass_grants_case_id", "break_glass_grants", ["case_id"])
    op.create_index("ix_break_glass_grants_user_id", "break_glass_grants", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_break_glass_grants_user_id", table_name="break_glass_grants")
    op.drop_index("ix_break_glass_grants_case_id", table_name="break_glass_grants")
    op.drop_table("break_glass_grants")
    with op.batch_alter_table("case_access") as batch:
        batch.drop_constraint("fk_case_access_granted_by_id_users", type_="foreignkey")
        batch.drop_column("granted_by_id")
        batch.drop_column("reason")

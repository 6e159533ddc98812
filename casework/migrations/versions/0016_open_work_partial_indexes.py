"""partial indexes on open work and forms waiting for sign-off

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 08:00:00

A manager's manager's figures count, case by case, the overdue open stages and the forms
waiting for sign-off of four teams' cases: indexes holding only the open stages (about
two in five) and only the waiting forms (a tenth) keep each probe small, and let the
database go from the cases to them instead of reading every stage in the council.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# (name, table, columns, where)
INDEXES = [
    (
        "ix_stage_instances_open_case_due",
        "stage_instances",
        ["case_id", "due_on"],
        "status = 'open'",
    ),
    (
        "ix_records_awaiting_case",
        "records",
        ["case_id"],
        "status = 'awaiting_authorisation'",
    ),
]


def upgrade() -> None:
    for name, table, columns, where in INDEXES:
        op.create_index(
            name,
            table,
            columns,
            postgresql_where=sa.text(where),
            sqlite_where=sa.text(where),
        )


def downgrade() -> None:
    for name, table, _, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)

"""covering partial indexes on open stages and open tasks

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 13:10:00

A manager's home goes from the team's cases (500 in a large team) to their open stages
and open tasks: the work list's page and totals, who is overdue, the overdue page and
the visits. Each probe read the index and then every stage or task of the case from the
table (tasks had no index on the open ones alone, so each case's done tasks were read
too). These indexes hold only the open ones and carry the columns those lists read, so
PostgreSQL answers from the index alone (an index-only scan) and never visits the table
for rows its vacuum has marked all-visible. SQLite has no INCLUDE: there they are plain
partial indexes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

OPEN = "status = 'open'"


def upgrade() -> None:
    # 0016's index on open stages, again with the columns the lists read.
    op.drop_index("ix_stage_instances_open_case_due", table_name="stage_instances")
    op.create_index(
        "ix_stage_instances_open_case_due",
        "stage_instances",
        ["case_id", "due_on"],
        postgresql_include=["id", "stage_id"],
        postgresql_where=sa.text(OPEN),
        sqlite_where=sa.text(OPEN),
    )
    op.create_index(
        "ix_tasks_open_case_due",
        "tasks",
        ["case_id", "due_on"],
        postgresql_include=["id", "owner_id"],
        postgresql_where=sa.text(OPEN),
        sqlite_where=sa.text(OPEN),
    )


def downgrade() -> None:
    op.drop_index("ix_tasks_open_case_due", table_name="tasks")
    op.drop_index("ix_stage_instances_open_case_due", table_name="stage_instances")
    op.create_index(
        "ix_stage_instances_open_case_due",
        "stage_instances",
        ["case_id", "due_on"],
        postgresql_where=sa.text(OPEN),
        sqlite_where=sa.text(OPEN),
    )

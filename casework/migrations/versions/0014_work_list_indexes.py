"""indexes for the work list, the manager's view and caseloads at scale

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 07:30:00
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# (name, table, columns): what bench/bench_automation.py's queries look up by.
INDEXES = [
    ("ix_cases_lead_worker_id", "cases", ["lead_worker_id"]),
    ("ix_records_stage_instance_id", "records", ["stage_instance_id", "id"]),
    ("ix_records_created_by_status", "records", ["created_by_id", "status"]),
    ("ix_records_status_case", "records", ["status", "case_id"]),
    ("ix_stage_instances_case_status_due", "stage_instances", ["case_id", "status", "due_on"]),
    ("ix_tasks_case_status_due", "tasks", ["case_id", "status", "due_on"]),
    ("ix_case_access_user_id", "case_access", ["user_id"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)

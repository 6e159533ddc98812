"""design drafts: rejected, returned for changes, withdrawn, discarded; imports reviewed

Revision ID: 0016
Revises: 0013
Create Date: 2026-12-06 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


OLD_STATUSES = "status IN ('draft', 'proposed', 'approved', 'published')"
NEW_STATUSES = (
    "status IN ('draft', 'proposed', 'returned', 'approved', 'published', 'rejected', 'discarded')"
)
OLD_KINDS = "kind IN ('form', 'pathway')"
NEW_KINDS = "kind IN ('form', 'pathway', 'import')"


def _checks(batch, statuses: str, kinds: str) -> None:
    batch.drop_constraint("ck_design_drafts_status", type_="check")
    batch.drop_constraint("ck_design_drafts_kind", type_="check")
    batch.create_check_constraint("ck_design_drafts_status", statuses)
    batch.create_check_constraint("ck_design_drafts_kind", kinds)


def upgrade() -> None:
    with op.batch_alter_table("design_drafts") as batch:
        _checks(batch, NEW_STATUSES, NEW_KINDS)
        # Who closed the draft (rejected or discarded it) and when: the row is kept.
        batch.add_column(sa.Column("closed_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("closed_at", sa.DateTime(), nullable=True))
        batch.create_foreign_key(
            "fk_design_drafts_closed_by_id_users", "users", ["closed_by_id"], ["id"]
        )
    with op.batch_alter_table("design_draft_comments") as batch:
        # comment | changes (asked for changes) | rejection (the reason it was rejected)
        batch.add_column(
            sa.Column("purpose", sa.String(16), nullable=False, server_default="comment")
        )


def downgrade() -> None:
    with op.batch_alter_table("design_draft_comments") as batch:
        batch.drop_column("purpose")
    with op.batch_alter_table("design_drafts") as batch:
        batch.drop_constraint("fk_design_drafts_closed_by_id_users", type_="foreignkey")
        batch.drop_column("closed_at")
        batch.drop_column("closed_by_id")
        _checks(batch, OLD_STATUSES, OLD_KINDS)

"""case notes: a record's significant-event flag, set by the practitioner

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 05:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("records") as batch:
        # Null: the form's own default decides (statutory forms yes, notes as their type says).
        batch.add_column(sa.Column("significant", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.drop_column("significant")

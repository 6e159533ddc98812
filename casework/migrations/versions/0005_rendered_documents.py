"""rendered documents: PDFs already drawn, by the hash of their HTML, bounded

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 09:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rendered_documents",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.Integer(), sa.ForeignKey("records.id"), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("render_ms", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_rendered_documents_record_id", "rendered_documents", ["record_id"])
    op.create_index("ix_rendered_documents_last_used_at", "rendered_documents", ["last_used_at"])


def downgrade() -> None:
    op.drop_index("ix_rendered_documents_last_used_at", table_name="rendered_documents")
    op.drop_index("ix_rendered_documents_record_id", table_name="rendered_documents")
    op.drop_table("rendered_documents")

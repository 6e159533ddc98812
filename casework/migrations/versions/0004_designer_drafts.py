"""designer drafts: forms being redesigned, their edits, and the working group's review

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 07:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _by_user(name: str) -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), sa.ForeignKey("design_drafts.id"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
    ]


def upgrade() -> None:
    op.create_table(
        "design_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("base_sha256", sa.String(length=64), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(), nullable=True),
        sa.Column("published_version", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('draft', 'proposed', 'approved', 'published')",
            name="ck_design_drafts_status",
        ),
        sa.CheckConstraint("kind IN ('form', 'pathway')", name="ck_design_drafts_kind"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_design_drafts_target_id", "design_drafts", ["target_id"])
    op.create_table(
        "design_draft_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), sa.ForeignKey("design_drafts.id"), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("base_revision", sa.Integer(), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("operation", sa.JSON(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("draft_id", "revision", name="uq_draft_edits_revision"),
    )
    op.create_index("ix_design_draft_edits_draft_id", "design_draft_edits", ["draft_id"])
    op.create_table(
        "design_draft_views",
        *_by_user("design_draft_views"),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("draft_id", "user_id", name="uq_draft_views_user"),
    )
    op.create_index("ix_design_draft_views_draft_id", "design_draft_views", ["draft_id"])
    op.create_table(
        "design_draft_comments",
        *_by_user("design_draft_comments"),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_design_draft_comments_draft_id", "design_draft_comments", ["draft_id"])
    op.create_table(
        "design_draft_approvals",
        *_by_user("design_draft_approvals"),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("draft_id", "user_id", name="uq_draft_approvals_user"),
    )
    op.create_index("ix_design_draft_approvals_draft_id", "design_draft_approvals", ["draft_id"])


def downgrade() -> None:
    for table in (
        "design_draft_approvals",
        "design_draft_comments",
        "design_draft_views",
        "design_draft_edits",
    ):
        op.drop_index(f"ix_{table}_draft_id", table_name=table)
        op.drop_table(table)
    op.drop_index("ix_design_drafts_target_id", table_name="design_drafts")
    op.drop_table("design_drafts")

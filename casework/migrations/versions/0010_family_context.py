"""family context: what other services hold about the people in a child's life

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "family_context_uploads",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "context_people",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "upload_id", sa.Integer(), sa.ForeignKey("family_context_uploads.id"), nullable=False
        ),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("external_id", sa.String(64), nullable=False),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("people.id"), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("match_reason", sa.String(200), nullable=False),
        sa.Column("relationship_to_child", sa.String(20), nullable=False),
        sa.Column("first_name", sa.String(80), nullable=False),
        sa.Column("last_name", sa.String(80), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("gender", sa.String(40), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_context_people_case_id", "context_people", ["case_id"])
    op.create_table(
        "context_services",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "context_person_id", sa.Integer(), sa.ForeignKey("context_people.id"), nullable=False
        ),
        sa.Column("service", sa.String(40), nullable=False),
        sa.Column("service_name", sa.String(80), nullable=True),
        sa.Column("current", sa.Boolean(), nullable=True),
        sa.Column("organisation", sa.String(160), nullable=True),
        sa.Column("contact_name", sa.String(160), nullable=True),
        sa.Column("contact_role", sa.String(160), nullable=True),
        sa.Column("contact_email", sa.String(254), nullable=True),
        sa.Column("contact_phone", sa.String(40), nullable=True),
        sa.Column("last_involved_on", sa.Date(), nullable=True),
        sa.Column("last_synchronised", sa.Date(), nullable=True),
        sa.Column("coverage_start", sa.Date(), nullable=True),
        sa.Column("coverage_end", sa.Date(), nullable=True),
        sa.Column("data_source", sa.String(160), nullable=True),
        sa.Column("records_available", sa.Boolean(), nullable=True),
        sa.Column("coverage_explanation", sa.Text(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
    )
    op.create_index(
        "ix_context_services_context_person_id", "context_services", ["context_person_id"]
    )


def downgrade() -> None:
    op.drop_table("context_services")
    op.drop_table("context_people")
    op.drop_table("family_context_uploads")

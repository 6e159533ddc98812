"""audit log as a keyed hash chain; which cases each entry concerns

Existing entries are sealed into the chain here, in id order, with the key the service
uses (AUDIT_KEY, or derived from SECRET_KEY), which `convivial init-db` passes in. The
append-only triggers are lifted for exactly that and put back, and the new table gets
its own.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 04:00:00
"""

import sqlalchemy as sa
from alembic import context, op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    key = _key_if_needed()  # before any change: SQLite would keep half a migration
    op.add_column("audit_events", sa.Column("prev_hash", sa.String(64), nullable=True))
    op.add_column("audit_events", sa.Column("hash", sa.String(64), nullable=True))
    op.create_index("ix_audit_events_user_id_id", "audit_events", ["user_id", "id"])
    op.create_table(
        "audit_event_cases",
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("audit_events.id"), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "case_id"),
    )
    op.create_index(
        "ix_audit_event_cases_case_id_event_id", "audit_event_cases", ["case_id", "event_id"]
    )
    if key is not None:
        _chain_existing_entries(key)
    _append_only("audit_event_cases")


def _key_if_needed() -> bytes | None:
    count = op.get_bind().execute(sa.text("SELECT COUNT(*) FROM audit_events")).scalar()
    if not count:
        return None
    key = context.config.attributes.get("audit_key")
    if key is None:
        raise RuntimeError(
            f"The audit log holds {count} entries to seal into the hash chain, and this "
            "migration was not given the audit key. Either run `convivial init-db` with the "
            "service's AUDIT_KEY or SECRET_KEY set, or pass the key as the Alembic config "
            "attribute 'audit_key'."
        )
    return key


def _chain_existing_entries(key: bytes) -> None:
    from casework.auditing import chain

    bind = op.get_bind()
    case_ids = {r[0] for r in bind.execute(sa.text("SELECT id FROM cases"))}
    record_cases = dict(bind.execute(sa.text("SELECT id, case_id FROM records")).all())
    _lift_triggers(bind.dialect.name)
    prev_hash = chain.GENESIS
    columns = (
        "id, at, user_id, username, action, record_type, record_id, detail, "
        "ip_address, user_agent, path"
    )
    rows = bind.execute(sa.text(f"SELECT {columns} FROM audit_events ORDER BY id")).all()  # noqa: S608
    links, seals = [], []
    for row in rows:
        entry = dict(row._mapping)
        cases = _cases_of(entry, case_ids, record_cases)
        links += [{"event_id": entry["id"], "case_id": c} for c in cases]
        digest = chain.seal(key, entry, cases, prev_hash)
        seals.append({"id": entry["id"], "prev_hash": prev_hash, "hash": digest})
        prev_hash = digest
    bind.execute(
        sa.text("UPDATE audit_events SET prev_hash = :prev_hash, hash = :hash WHERE id = :id"),
        seals,
    )
    if links:
        bind.execute(
            sa.text(
                "INSERT INTO audit_event_cases (event_id, case_id) VALUES (:event_id, :case_id)"
            ),
            links,
        )
    _restore_triggers(bind.dialect.name)


def _cases_of(entry: dict, case_ids: set, record_cases: dict) -> list[int]:
    record_id = entry["record_id"] or ""
    if not record_id.isdigit():
        return []
    if entry["record_type"] == "case" and int(record_id) in case_ids:
        return [int(record_id)]
    if entry["record_type"] == "record" and int(record_id) in record_cases:
        return [record_cases[int(record_id)]]
    return []


def _lift_triggers(dialect: str) -> None:
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
    elif dialect == "postgresql":
        op.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")


def _restore_triggers(dialect: str) -> None:
    if dialect == "sqlite":
        op.execute(
            "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        )
    elif dialect == "postgresql":
        op.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")


def _append_only(table: str) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
            )
    elif dialect == "postgresql":
        # The function comes from 0001.
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_cases_append_only ON audit_event_cases")
    op.drop_index("ix_audit_event_cases_case_id_event_id", table_name="audit_event_cases")
    op.drop_table("audit_event_cases")
    op.drop_index("ix_audit_events_user_id_id", table_name="audit_events")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
    if dialect == "sqlite":
        # Rebuilding the table on SQLite dropped its triggers; put them back.
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS audit_events_no_{verb.lower()} BEFORE {verb} "
                "ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
            )

"""The schema comes from migrations, matches the models, and keeps the audit log append-only."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from casework import audit
from casework.extensions import db
from casework.models.audit import AuditEvent, AuditLogIsAppendOnly


def test_migrations_match_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, db.metadata) == []


def test_sqlite_runs_with_wal_full_sync_and_foreign_keys(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite pragmas only apply to SQLite; this run is on PostgreSQL")
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_audit_entries_cannot_be_changed_through_the_orm(app):
    with app.test_request_context():
        written = audit.record("test_entry", username="someone")
        # A page view's entry is written by the group commit, apart from the session:
        # the guard is for whoever loads an entry and changes it.
        entry = db.session.get(AuditEvent, written.id)
        entry.action = "rewritten"
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.commit()
        db.session.rollback()


def test_audit_entries_cannot_be_changed_or_deleted_even_with_raw_sql(app):
    with app.test_request_context():
        audit.record("test_entry", username="someone")
        for statement in ("UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"):
            with pytest.raises(DBAPIError, match="append-only"):
                db.session.execute(text(statement))
            db.session.rollback()
        assert db.session.execute(text("SELECT action FROM audit_events")).scalar() == "test_entry"


def test_audit_entries_record_who_what_when_and_where(app):
    with app.test_request_context("/cases/7", environ_base={"REMOTE_ADDR": "10.1.2.3"}):
        entry = audit.record("record_viewed", username="pat", record_type="case", record_id=7)
        assert (entry.username, entry.action, entry.record_type, entry.record_id) == (
            "pat",
            "record_viewed",
            "case",
            "7",
        )
        assert entry.ip_address == "10.1.2.3" and entry.path == "/cases/7" and entry.at

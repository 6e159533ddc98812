"""Tampering with the audit log as a database owner could: triggers dropped, plain SQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from casework.extensions import db

TRIGGERS = {
    "sqlite": (
        "DROP TRIGGER audit_events_no_update",
        "DROP TRIGGER audit_events_no_delete",
        "DROP TRIGGER audit_event_cases_no_update",
        "DROP TRIGGER audit_event_cases_no_delete",
    ),
    "postgresql": (
        "DROP TRIGGER audit_events_append_only ON audit_events",
        "DROP TRIGGER audit_event_cases_append_only ON audit_event_cases",
    ),
}
RESTORE_POSTGRES = (
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    "CREATE TRIGGER audit_event_cases_append_only BEFORE UPDATE OR DELETE ON "
    "audit_event_cases FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
)


@pytest.fixture
def tamper(app):
    """Run SQL against the log with its triggers dropped (put back afterwards on PostgreSQL,
    whose schema the other tests share)."""
    with app.app_context():
        dialect = db.engine.dialect.name
        with db.engine.begin() as connection:
            for statement in TRIGGERS[dialect]:
                connection.execute(text(statement))

    def run(*statements: str) -> None:
        with app.app_context(), db.engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))

    yield run
    if dialect == "postgresql":
        with app.app_context(), db.engine.begin() as connection:
            for statement in RESTORE_POSTGRES:
                connection.execute(text(statement))

"""A request that only read commits its transaction; anything that might have written is
rolled back as before (casework/transactions_service.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, text

from casework.extensions import db
from casework.models import User


@pytest.fixture
def endings(app, demo_users):
    """How each transaction on the app's engine ended, in order."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine
    listeners = {
        "commit": lambda conn: seen.append("commit"),
        "rollback": lambda conn: seen.append("rollback"),
    }
    for name, listener in listeners.items():
        event.listen(engine, name, listener)
    yield seen
    for name, listener in listeners.items():
        event.remove(engine, name, listener)


def _name_of(app, username: str) -> str:
    with app.app_context():
        return db.session.scalar(select(User.full_name).where(User.username == username))


def test_a_request_that_only_read_ends_with_a_commit(app, endings):
    with app.test_request_context():
        assert db.session.scalar(select(User).where(User.username == "pat")) is not None
    assert endings == ["commit"]


def test_a_page_view_commits_its_reads(app, client, sign_in, endings):
    sign_in("pat")
    endings.clear()
    assert client.get("/").status_code == 200
    assert endings and endings[-1] == "commit"


def _change_unsaved(session):
    session.scalar(select(User).where(User.username == "pat")).full_name = "Changed"


def _change_flushed(session):
    _change_unsaved(session)
    session.flush()


def _change_by_statement(session):
    session.execute(text("UPDATE users SET full_name = 'Changed' WHERE username = 'pat'"))


def _change_on_the_connection(session):
    session.connection().execute(
        text("UPDATE users SET full_name = 'Changed' WHERE username = 'pat'")
    )


@pytest.mark.parametrize(
    "change",
    [_change_unsaved, _change_flushed, _change_by_statement, _change_on_the_connection],
    ids=["unsaved", "flushed", "statement", "on-the-connection"],
)
def test_a_request_that_changed_anything_and_did_not_commit_keeps_nothing(app, endings, change):
    before = _name_of(app, "pat")
    endings.clear()
    with app.test_request_context():
        db.session.scalar(select(User).where(User.username == "sam"))  # reads first
        change(db.session)
    assert endings == ["rollback"]
    assert _name_of(app, "pat") == before != "Changed"


def test_a_request_that_failed_is_rolled_back_even_if_it_only_read(app, endings):
    with pytest.raises(RuntimeError), app.test_request_context():
        db.session.scalar(select(User).where(User.username == "pat"))
        raise RuntimeError("the page failed")
    assert endings == ["rollback"]


def test_postgresql_keeps_its_prepared_statements_from_one_request_to_the_next(
    app, client, sign_in
):
    """psycopg forgets its prepared statements on every ROLLBACK: before, PostgreSQL
    planned every statement of every page afresh."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("prepared statements are PostgreSQL's (CI runs PostgreSQL too)")
    sign_in("pat")
    # psycopg prepares a statement on its fifth run on a connection, and the pool hands
    # out its connections in turn.
    for _ in range(16):
        assert client.get("/").status_code == 200
    with app.app_context():
        pool = db.engine.pool
        connections = [db.engine.raw_connection() for _ in range(max(1, pool.checkedin()))]
        try:
            prepared = []
            for connection in connections:
                cursor = connection.cursor()
                cursor.execute("SELECT statement FROM pg_prepared_statements")
                prepared += [row[0] for row in cursor.fetchall()]
                connection.rollback()
        finally:
            for connection in connections:
                connection.close()
    assert any("FROM user_sessions" in statement for statement in prepared), prepared

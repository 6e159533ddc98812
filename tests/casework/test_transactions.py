"""A request that only read commits its transaction, and one whose reads opened no
transaction on the database ends with nothing sent; anything that might have written is
rolled back as before (casework/transactions_service.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, text

from casework import demo
from casework.extensions import db
from casework.models import Case, Record, User
from casework.records import service as records


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


def _on_postgresql(app) -> bool:
    with app.app_context():
        return db.engine.dialect.name == "postgresql"


def test_a_request_that_only_read_ends_with_a_commit(app, endings):
    """On PostgreSQL psycopg began a transaction for the read. SQLite's driver begins none
    for a read, so there is nothing to end: Flask-SQLAlchemy's rollback sends nothing."""
    with app.test_request_context():
        assert db.session.scalar(select(User).where(User.username == "pat")) is not None
        driver = db.session.connection().connection.driver_connection
        if not _on_postgresql(app):
            assert not driver.in_transaction
    assert endings == (["commit"] if _on_postgresql(app) else ["rollback"])


def test_a_page_view_commits_its_reads(app, client, sign_in, endings):
    """The home page reads through the ORM after the session's own read, in a transaction
    on PostgreSQL."""
    sign_in("pat")
    endings.clear()
    assert client.get("/").status_code == 200
    assert endings and endings[-1] == ("commit" if _on_postgresql(app) else "rollback")


@pytest.fixture
def pats_record(app, demo_users) -> int:
    """A record pat may open."""
    with app.test_request_context():
        demo.seed_cases(app.config["LIBRARY_PATH"])
        pat = db.session.scalar(select(User).where(User.username == "pat"))
        return db.session.scalar(
            select(Record.id)
            .join(Case, Record.case_id == Case.id)
            .where(Case.team_id == pat.team_id, Case.restricted.is_(False))
            .order_by(Record.id)
        )


def test_reads_that_opened_no_transaction_end_with_nothing_to_commit(app, endings, pats_record):
    """A record page's own reads are each sent on their own (casework/driver_select.py),
    so its connection has no transaction to end: no COMMIT is asked for, Flask-SQLAlchemy's
    rollback sends nothing, and on PostgreSQL psycopg keeps what it has prepared."""
    endings.clear()
    for _ in range(16):  # psycopg prepares on a statement's fifth run on one connection
        with app.test_request_context():
            pat = db.session.scalar(select(User).where(User.username == "pat"))
            db.session.commit()  # the reads below are the first of their transaction
            pat = db.session.get(User, pat.id)
            assert records.get(pat, pats_record, purpose=None).id == pats_record
            driver = db.session.connection().connection.driver_connection
            if _on_postgresql(app):
                assert driver.info.transaction_status == 0  # idle: nothing open
            else:
                assert not driver.in_transaction
    assert endings.count("rollback") == 16 and endings[-1] == "rollback", endings
    if _on_postgresql(app):
        assert any("FROM records JOIN cases" in s for s in _prepared_statements(app))


def _prepared_statements(app) -> list[str]:
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
    return prepared


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


def test_a_connection_lost_during_a_request_is_cleared_up_quietly(app, demo_users):
    """A view that read, then lost its connection (and carried on), ends without an
    error of its own, and the next request reads as usual."""
    with app.test_request_context():
        assert db.session.scalar(select(User).where(User.username == "pat")) is not None
        db.session.connection().invalidate()
    with app.test_request_context():
        assert db.session.scalar(select(User.username).where(User.username == "pat")) == "pat"


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
    prepared = _prepared_statements(app)
    assert any("FROM user_sessions" in statement for statement in prepared), prepared

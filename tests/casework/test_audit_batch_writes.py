"""How the group committer writes a batch (casework/auditing/group.py): the head is read
only once the chain's lock is granted, a failed batch keeps nothing and tells every
waiting view, and the connection goes back to the pool as it came. On PostgreSQL, a
batch is two round trips."""

from __future__ import annotations

import fcntl
import tempfile
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, text

from casework import audit
from casework.auditing import chain, group
from casework.auditing.verify import walk
from casework.extensions import db
from casework.models import AuditEvent, Team
from casework.models.time import utcnow


def _verify(app) -> tuple[list, int]:
    with app.app_context(), db.engine.connect() as connection:
        result = walk(connection, chain.key_from_config(app.config), stop_after=0)
    return result.breaks, result.checked


def _committer(app) -> group.GroupCommitter:
    with app.app_context():
        return group.committer_for(db.engine, chain.key_from_config(app.config))


def _view_in_thread(app, outcome: dict, name: str) -> threading.Thread:
    def view() -> None:
        with app.test_request_context("/records/1"):
            try:
                outcome[name] = audit.record("record_viewed", username=name, case_ids=[5])
            except RuntimeError as error:
                outcome[name] = error
            finally:
                db.session.remove()

    thread = threading.Thread(target=view)
    thread.start()
    return thread


def _until(condition, what: str) -> None:
    deadline = time.monotonic() + 20
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting until {what}"
        time.sleep(0.01)


def _wait_until_the_batch_waits_for_the_lock(app, database_url: str) -> None:
    """Until the leader's batch has asked for the chain's lock and is waiting for it."""
    committer = _committer(app)
    _until(lambda: committer._writing, "a batch is being written")
    if database_url.startswith("sqlite"):
        # The batch holds the lock file while it waits for SQLite's write lock.
        lock_file = Path(database_url.removeprefix("sqlite:///") + "-auditlock")
        _until(lock_file.exists, "the lock file is made")
        with open(lock_file, "a") as handle:

            def held() -> bool:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return True
                fcntl.flock(handle, fcntl.LOCK_UN)
                return False

            _until(held, "the batch holds the lock file")
        time.sleep(0.2)  # from the lock file to BEGIN IMMEDIATE
        return
    watcher = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with watcher.connect() as connection:
        _until(
            lambda: (
                connection.execute(
                    text(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                    )
                ).scalar()
                == 1
            ),
            "the batch waits for the advisory lock",
        )
    watcher.dispose()


@pytest.fixture(params=["read committed", "repeatable read"])
def server_isolation(request, database_url):
    """The server's default isolation for new connections: PostgreSQL's own (READ
    COMMITTED), or REPEATABLE READ, as a database administrator may set it."""
    if request.param == "read committed":
        yield request.param
        return
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no isolation levels to choose (CI runs PostgreSQL too)")
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        name = connection.execute(text("SELECT current_database()")).scalar()
        connection.execute(
            text(f"ALTER DATABASE \"{name}\" SET default_transaction_isolation = 'repeatable read'")
        )
    try:
        yield request.param
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" RESET default_transaction_isolation'))
        engine.dispose()


def test_a_batch_waiting_for_the_lock_chains_onto_the_entry_committed_while_it_waited(
    app, database_url, server_isolation
):
    """As another process's page view commits while this one's batch waits for the lock:
    were the head read before the lock was granted (sent ahead in the pipeline with a
    snapshot taken too early), both would chain onto the same head and the log would fork.
    A server whose transactions default to REPEATABLE READ would take that snapshot
    early in a transaction begun without saying: the batch then says READ COMMITTED."""
    engine = create_engine(database_url)
    holder = engine.connect()
    head_id, head_hash = chain.lock_and_read_head(holder)
    outcome: dict = {}
    viewer = _view_in_thread(app, outcome, "viewer")
    _wait_until_the_batch_waits_for_the_lock(app, database_url)
    row = {
        "id": chain.next_id(holder, head_id),
        "at": utcnow(),
        "user_id": None,
        "username": "other process",
        "action": "record_viewed",
        "record_type": None,
        "record_id": None,
        "detail": {},
        "ip_address": None,
        "user_agent": None,
        "path": None,
    }
    sealed = chain.seal(chain.key_from_config(app.config), row, [], head_hash)
    holder.execute(insert(AuditEvent.__table__).values(**row, prev_hash=head_hash, hash=sealed))
    holder.commit()
    holder.close()
    engine.dispose()
    viewer.join()
    assert outcome["viewer"].prev_hash == sealed
    assert _verify(app) == ([], 2)


@pytest.fixture
def inserts_fail(app):
    """Make the next inserts into the log fail, as a full disk or a lost server would."""
    with app.app_context():
        dialect = db.engine.dialect.name
    if dialect == "postgresql":
        made = [
            "CREATE FUNCTION audit_test_refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$",
            "CREATE TRIGGER audit_test_refuse BEFORE INSERT ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_test_refuse()",
        ]
        undone = [
            "DROP TRIGGER IF EXISTS audit_test_refuse ON audit_events",
            "DROP FUNCTION IF EXISTS audit_test_refuse()",
        ]
    else:
        made = [
            "CREATE TRIGGER audit_test_refuse BEFORE INSERT ON audit_events "
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        ]
        undone = ["DROP TRIGGER IF EXISTS audit_test_refuse"]

    def run(statements: list[str], connection=None) -> None:
        if connection is not None:
            for statement in statements:
                connection.execute(text(statement))
            return
        with app.app_context(), db.engine.begin() as own:
            for statement in statements:
                own.execute(text(statement))

    yield {"make": lambda connection=None: run(made, connection), "undo": lambda: run(undone)}
    run(undone)


def test_when_a_batch_fails_every_view_in_it_is_told_and_nothing_of_it_is_kept(
    app, database_url, inserts_fail
):
    committer = _committer(app)
    engine = create_engine(database_url)
    holder = engine.connect()
    chain.lock_and_read_head(holder)
    outcome: dict = {}
    threads = [_view_in_thread(app, outcome, "leader")]
    _wait_until_the_batch_waits_for_the_lock(app, database_url)
    threads += [_view_in_thread(app, outcome, f"v{n}") for n in range(4)]
    _until(lambda: len(committer._pending) == 4, "four more views are waiting")
    inserts_fail["make"](holder)  # made by the lock's holder, in force once it commits
    holder.commit()
    holder.close()
    engine.dispose()
    for thread in threads:
        thread.join()
    assert sorted(outcome) == ["leader", "v0", "v1", "v2", "v3"]
    assert all(isinstance(found, RuntimeError) for found in outcome.values())
    inserts_fail["undo"]()
    with app.app_context():
        assert db.session.scalar(text("SELECT count(*) FROM audit_events")) == 0
        assert db.session.scalar(text("SELECT count(*) FROM audit_event_cases")) == 0
    # The service carries on: the next views are written and chain from the start.
    after: dict = {}
    for thread in [_view_in_thread(app, after, f"a{n}") for n in range(3)]:
        thread.join()
    assert all(isinstance(found, AuditEvent) for found in after.values())
    assert _verify(app) == ([], 3)


def test_a_connection_the_batch_used_keeps_its_transactions(app, database_url):
    """The batch's connection goes back to the pool, and the next request's work on it
    is still one transaction that a rollback undoes (not committed statement by
    statement, as it would be were the batch's autocommit left on)."""
    with app.test_request_context("/records/1"):
        audit.record("record_viewed", username="pat")
        db.session.add(Team(name="Never kept"))
        db.session.flush()
        db.session.rollback()
        db.session.remove()
    other = create_engine(database_url)
    with other.connect() as connection:
        names = connection.execute(text("SELECT name FROM teams")).scalars().all()
    other.dispose()
    assert "Never kept" not in names


def test_on_postgresql_a_batch_is_two_round_trips_and_its_connection_returns_quietly(
    app, database_url
):
    """The lock and the head in one round trip; the INSERT, which commits, in a second;
    nothing sent when the pool takes the connection back (its rollback finds the
    transaction already over). Counted in libpq's protocol trace: a round trip is a run
    of messages from the client followed by the server's answers."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite is a file, not a server: no round trips (CI runs PostgreSQL too)")
    with app.test_request_context("/records/1"):
        # Warms the pool: its one connection is the batch's, which the trace then follows.
        audit.record("record_viewed", username="pat", case_ids=[1, 2])
        pooled = db.engine.raw_connection()
        traced = pooled.driver_connection
        pooled.close()
        with tempfile.TemporaryFile("w+") as trace:
            traced.pgconn.trace(trace.fileno())
            try:
                for _ in range(3):
                    audit.record("record_viewed", username="pat", case_ids=[1, 2])
            finally:
                traced.pgconn.untrace()
            trace.seek(0)
            lines = [line for line in trace if line.strip()]
            senders = [_sender(line) for line in lines]
        db.session.remove()
    assert senders.count("F") > 0
    # Three statements a batch: the lock, the head, the entries. The pipeline's implicit
    # transaction needs no BEGIN and no COMMIT (on a server defaulting to READ COMMITTED).
    sent = "".join(line for line in lines if _sender(line) == "F")
    assert "BEGIN" not in sent and "COMMIT" not in sent, sent
    round_trips = sum(
        1 for n, sender in enumerate(senders) if sender == "F" and senders[n - 1 : n] != ["F"]
    )
    assert round_trips == 3 * 2
    assert _verify(app) == ([], 4)


def _sender(line: str) -> str:
    """F (the client) or B (the server): the field after the time libpq's trace starts with."""
    return next(field for field in line.split("\t") if field in ("F", "B"))


def test_on_postgresql_without_pipeline_mode_the_batch_is_written_a_statement_at_a_time(
    app, database_url
):
    """psycopg over a libpq older than 14 has no pipeline mode: the same statements, each
    its own round trip, and the same chain."""
    if not database_url.startswith("postgresql"):
        pytest.skip("Pipeline mode is PostgreSQL's (CI runs PostgreSQL too)")
    committer = _committer(app)
    committer._statements.pipelined = False
    with app.test_request_context("/records/1"):
        entries = [audit.record("record_viewed", username="pat", case_ids=[n]) for n in (1, 2)]
        db.session.remove()
    assert [e.prev_hash for e in entries] == [chain.GENESIS, entries[0].hash]
    assert _verify(app) == ([], 2)

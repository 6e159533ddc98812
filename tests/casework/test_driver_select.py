"""The two reads every signed-in page makes, sent on the driver's cursor
(casework/driver_select.py), give what SQLAlchemy's own execution gives: the same rows,
the same objects, the same refusals, and errors raised as SQLAlchemy raises them."""

from __future__ import annotations

import tempfile

import pytest
from sqlalchemy import Integer, bindparam, column, event, exc, inspect, select, table, text

from casework import demo
from casework.auth import sessions
from casework.cases.access import CASE_ROLES, viewer_params
from casework.driver_select import DriverSelect
from casework.extensions import db
from casework.models import Case, FormVersion, Record, Team, User
from casework.records import service as records


@pytest.fixture
def seeded(app, demo_users):
    with app.test_request_context():
        demo.seed_cases(app.config["LIBRARY_PATH"])


ANSWERS = [key for key, _ in records._RECORD].index("answers")


def _viewers() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role.in_(CASE_ROLES))))


def test_every_record_row_is_the_row_sqlalchemy_gives_for_every_viewer(app, seeded):
    """Answers (JSON), dates, times, flags and empty values alike, and no row where the
    access rule refuses one."""
    with app.test_request_context():
        record_ids = list(db.session.scalars(select(Record.id)))
        viewers = _viewers()
        assert len(record_ids) > 20 and len(viewers) > 2
        connection = db.session.connection()
        compared = refused = 0
        for viewer in viewers:
            read = records._visible_record(viewer.role)
            for record_id in record_ids:
                params = {"record_id": record_id, **viewer_params(viewer)}
                ours = read.first(connection, params)
                theirs = connection.execute(read.statement, params).first()
                assert ours == (tuple(theirs) if theirs is not None else None), record_id
                compared += ours is not None
                refused += ours is None
        # Both kinds were seen: rows read, and rows the access rule refused.
        assert compared > 20 and refused > 0
        answered = [
            row
            for row in (
                records._visible_record(v.role).first(
                    connection, {"record_id": r, **viewer_params(v)}
                )
                for v in viewers
                for r in record_ids
            )
            if row is not None and row[ANSWERS]
        ]
        assert answered and all(isinstance(row[ANSWERS], dict) for row in answered)


def test_the_session_row_is_the_row_sqlalchemy_gives(app, client, sign_in):
    sign_in("pat")
    with app.test_request_context():
        from casework.models import UserSession

        token_hashes = list(db.session.scalars(select(UserSession.token_hash)))
        assert token_hashes
        connection = db.session.connection()
        for token_hash in [*token_hashes, "no such session"]:
            params = {"token_hash": token_hash}
            ours = sessions._LIVE.first(connection, params)
            theirs = connection.execute(sessions._LIVE.statement, params).first()
            assert ours == (tuple(theirs) if theirs is not None else None)


def test_a_record_read_this_way_is_the_object_a_query_gives(app, seeded):
    with app.test_request_context():
        found = max(db.session.scalars(select(Record)), key=lambda r: len(r.answers))
        record_id = found.id
        viewer = db.session.get(User, found.case.lead_worker_id)
        expected = {
            "record": {k: getattr(found, k) for k in _keys(Record)},
            "case": {k: getattr(found.case, k) for k in _keys(Case)},
            "version": {k: getattr(found.form_version, k) for k in _keys(FormVersion)},
            "people": sorted(p.id for p in found.case.people),
        }
        viewer_id = viewer.id
        db.session.rollback()
        db.session.expunge_all()

        viewer = db.session.get(User, viewer_id)
        record = records.get(viewer, record_id, purpose=None)
        statements = []

        def listener(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            case, version = record.case, record.form_version
            assert statements == [], "the case and form version came with the record"
            assert {k: getattr(record, k) for k in _keys(Record)} == expected["record"]
            assert {k: getattr(case, k) for k in _keys(Case)} == expected["case"]
            assert {k: getattr(version, k) for k in _keys(FormVersion)} == expected["version"]
            # As a query leaves them: persistent, unchanged, the same object when asked for
            # again, and what was not read loads when first asked for.
            for loaded in (record, case, version):
                state = inspect(loaded)
                assert state.persistent and not state.modified
            assert not (db.session.dirty or db.session.new)
            assert db.session.get(Record, record_id) is record
            assert db.session.get(Case, case.id) is case
            assert sorted(p.id for p in case.people) == expected["people"]
            assert version.definition["id"] == version.form_id
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)


def _keys(model) -> list[str]:
    return [prop.key for prop in inspect(model).column_attrs if prop.key != "definition"]


def test_an_object_the_session_already_holds_is_kept_as_it_is(app, seeded):
    """As a query would: a change made earlier in the request is not overwritten."""
    with app.test_request_context():
        record_id = db.session.scalar(select(Record.id))
        held = db.session.get(Record, record_id)
        viewer = db.session.get(User, held.case.lead_worker_id)
        held.status = "changed in this request"
        assert records.get(viewer, record_id, purpose=None) is held
        assert held.status == "changed in this request"
        db.session.rollback()


def test_listeners_on_the_engine_see_the_statement(app, seeded):
    with app.test_request_context():
        record = db.session.scalar(select(Record))
        record_id, viewer_id = record.id, record.case.lead_worker_id
        db.session.expunge_all()
        viewer = db.session.get(User, viewer_id)
        seen = []

        def listener(conn, cursor, statement, *args):
            seen.append(statement)

        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            records.get(viewer, record_id, purpose=None)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert len(seen) == 1 and "FROM records" in seen[0]


def test_a_driver_error_is_raised_as_sqlalchemy_raises_it(app):
    missing = DriverSelect(
        select(table("no_such_table", column("x"))).where(
            column("x") == bindparam("x", type_=Integer)
        )
    )
    with app.test_request_context():
        with pytest.raises(exc.DBAPIError) as raised:
            missing.first(db.session.connection(), {"x": 1})
        assert "no_such_table" in str(raised.value)
        assert not raised.value.connection_invalidated
        db.session.rollback()
        # The connection is still good for the next statement.
        assert db.session.scalar(select(1)) == 1


def test_a_statement_rendered_at_each_execution_is_refused_at_once(app):
    listed = DriverSelect(select(Record.id).where(Record.id.in_([1, 2])))
    with app.test_request_context(), pytest.raises(ValueError, match="rendered at execution"):
        listed.first(db.session.connection(), {})


def _sign_in_on_postgres(app, sign_in) -> None:
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite's driver sends no BEGIN for a read (CI runs PostgreSQL too)")
    sign_in("pat")


def _session_params() -> dict:
    from casework.models import UserSession

    return {"token_hash": db.session.scalar(select(UserSession.token_hash))}


def test_a_write_after_a_first_read_is_still_one_transaction(app, client, sign_in):
    """On PostgreSQL the first read of a request is sent on its own; what follows it is a
    transaction as before, which a rollback undoes whole."""
    sign_in("pat")
    with app.test_request_context():
        params = _session_params()
        db.session.commit()  # the read below is the transaction's first statement
        assert sessions._LIVE.first(db.session.connection(), params) is not None
        pat = db.session.scalar(select(User).where(User.username == "pat"))
        pat.full_name = "Never kept"
        db.session.flush()
        db.session.execute(
            text("UPDATE teams SET name = 'Never kept either' WHERE id = :id"), {"id": pat.team_id}
        )
        db.session.rollback()
        assert db.session.scalar(select(User.full_name).where(User.username == "pat")) != (
            "Never kept"
        )
        assert "Never kept either" not in db.session.scalars(select(Team.name)).all()


def test_a_read_after_a_write_reads_inside_the_transaction(app, client, sign_in):
    sign_in("pat")
    with app.test_request_context():
        params = _session_params()
        pat = db.session.scalar(select(User).where(User.username == "pat"))
        pat.full_name = "Changed, not committed"
        db.session.flush()
        row = sessions._LIVE.first(db.session.connection(), params)
        assert "Changed, not committed" in row
        db.session.rollback()
        row = sessions._LIVE.first(db.session.connection(), params)
        assert "Changed, not committed" not in row


def test_on_postgresql_a_first_read_sends_no_begin_and_its_request_no_commit(app, client, sign_in):
    """psycopg would send BEGIN before it, a round trip of its own, and the request's
    end COMMIT, another: neither is sent for reads alone (as SQLite's driver never
    began a transaction for a read)."""
    _sign_in_on_postgres(app, sign_in)
    with app.test_request_context():
        params = _session_params()
        db.session.commit()
        connection = db.session.connection()
        driver = connection.connection.driver_connection
        with tempfile.TemporaryFile("w+") as trace:
            driver.pgconn.trace(trace.fileno())
            try:
                assert sessions._LIVE.first(connection, params) is not None
                assert driver.autocommit is False  # the next statement begins as before
                db.session.commit()
            finally:
                driver.pgconn.untrace()
            trace.seek(0)
            sent = trace.read()
    assert "user_sessions" in sent
    assert "BEGIN" not in sent and "COMMIT" not in sent, sent


def test_on_postgresql_a_read_under_a_stricter_isolation_stays_in_its_transaction(
    app, client, sign_in
):
    """A caller that asked for one snapshot across its statements (REPEATABLE READ) keeps
    it: the first read is sent inside the transaction."""
    _sign_in_on_postgres(app, sign_in)
    with app.test_request_context():
        params = _session_params()
        db.session.commit()
        connection = db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        driver = connection.connection.driver_connection
        assert sessions._LIVE.first(connection, params) is not None
        assert driver.info.transaction_status != 0  # a transaction is open
        db.session.rollback()

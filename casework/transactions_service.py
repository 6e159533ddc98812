"""How a request's own transaction ends when the view did not end it.

A request that only read ends with COMMIT instead of Flask-SQLAlchemy's ROLLBACK. For
the database the two are the same when nothing was written, but psycopg forgets every
statement it has prepared on a ROLLBACK (the rollback might have undone the schema they
were planned against), so before this PostgreSQL planned every statement of every page
afresh: 0.65 ms of its CPU on a record section page, a third of all it spent on one.

Anything that might have written is still rolled back, as before: a request that raised,
a session holding unsaved changes, a flush or an ORM write (``has_written``, which the
audit log's shared commit asks too), or any statement on the session's connection that
is not a SELECT.

A request whose reads opened no transaction on the database (each sent on its own, as a
section page's are: casework/driver_select.py) ends with neither: Flask-SQLAlchemy's
ROLLBACK then sends nothing, and psycopg keeps its prepared statements. Asking
SQLAlchemy to commit only to learn that made a section page's teardown about 35
microseconds slower (median 128 against 93 on PostgreSQL, 121 against 81 on SQLite).
"""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from casework.driver_select import IDLE
from casework.extensions import db

log = logging.getLogger(__name__)

_CONNECTION = "convivial_connection"  # Session.info: the connection of its transaction
_READ_ONLY = "convivial_read_only"  # Connection.info: only SELECTs since it began
_WROTE = "convivial_wrote"  # Session.info: this transaction has flushed or written


def init_app(app: Flask) -> None:
    """Call after ``db.init_app``: teardowns run last-registered first, so this ends the
    transaction before Flask-SQLAlchemy removes the session."""
    app.teardown_appcontext(_end)


def has_written(session: Session) -> bool:
    """Whether the session's transaction has written (a flush, an ORM insert, update or
    delete) or holds changes it has not flushed yet."""
    return bool(session.new or session.dirty or session.deleted or session.info.get(_WROTE))


def _end(exc: BaseException | None) -> None:
    if exc is not None or not db.session.registry.has():
        return
    session = db.session()
    connection = session.info.get(_CONNECTION)
    if (
        connection is None
        or connection.closed
        or connection.invalidated  # lost mid-request: remove() clears up after it
        or not _open_on_the_database(connection)
        or not connection.info.get(_READ_ONLY)
        or not session.in_transaction()
        or has_written(session)
    ):
        return  # Flask-SQLAlchemy's remove() rolls it back
    try:
        session.commit()
    except Exception:  # nothing was written, so nothing is lost: roll back as before
        log.warning("Ending a read-only transaction failed; rolled back.", exc_info=True)
        session.rollback()


def _open_on_the_database(connection) -> bool:
    """Whether the driver has a transaction open (so its end is sent to the database)."""
    driver = connection.connection.driver_connection
    if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
        return driver.info.transaction_status != IDLE
    if connection.dialect.name == "sqlite":
        return driver.in_transaction
    return True  # another driver: end it as before


@event.listens_for(Session, "after_begin")
def _began(session, transaction, connection):  # noqa: ARG001
    session.info[_CONNECTION] = connection
    connection.info[_READ_ONLY] = True


@event.listens_for(Session, "after_flush")
def _flushed(session, flush_context):  # noqa: ARG001
    session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state):
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _ended(session):
    session.info.pop(_CONNECTION, None)
    session.info.pop(_WROTE, None)


@event.listens_for(Engine, "before_cursor_execute")
def _statement(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001
    if not statement.startswith("SELECT"):
        conn.info[_READ_ONLY] = False

"""Pooled database connections: no ping on every checkout (a round trip on every
request), but a connection left idle is checked before use and replaced if it died."""

from __future__ import annotations

from unittest import mock

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from casework import config as settings
from casework import database
from casework.extensions import db


def test_the_service_pings_no_connection_on_every_checkout(app):
    options = settings.defaults(app.instance_path)["SQLALCHEMY_ENGINE_OPTIONS"]
    assert "pool_pre_ping" not in options
    assert options["pool_recycle"] <= 60 * 60  # below common server and firewall limits


def _server_pid(connection) -> int:
    return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _terminate(pid: int) -> None:
    """End a server connection from outside the service's pool, as a restart would."""
    outsider = create_engine(db.engine.url, poolclass=NullPool)
    with outsider.begin() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    outsider.dispose()


def test_a_connection_killed_while_idle_is_replaced_before_a_request_uses_it(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has no server connection to lose (CI runs PostgreSQL too)")
        with db.engine.connect() as connection:
            first = _server_pid(connection)
        _terminate(first)
        later = database.time.monotonic() + database.IDLE_PING_SECONDS + 1
        with (
            mock.patch.object(database.time, "monotonic", return_value=later),
            db.engine.connect() as connection,
        ):
            assert _server_pid(connection) != first  # a new, live connection


def test_a_connection_used_moments_ago_is_not_pinged_and_a_broken_one_is_dropped(app):
    """Busy pages pay no ping; a connection that died between two quick requests fails
    that one request (SQLAlchemy then drops the pool) and the next request is served."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite connections are never pinged (CI runs PostgreSQL too)")
        with db.engine.connect() as connection:
            first = _server_pid(connection)
        _terminate(first)
        with pytest.raises(DBAPIError) as raised, db.engine.connect() as connection:
            _server_pid(connection)  # unpinged: the dead connection was handed out
        assert raised.value.connection_invalidated
        with db.engine.connect() as connection:
            assert _server_pid(connection) != first

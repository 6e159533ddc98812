"""Engine settings and migrations. The app never calls create_all: Alembic owns the schema."""

from __future__ import annotations

import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):  # noqa: ARG001
    # WAL lets readers carry on while one writer writes; FULL survives power loss;
    # SQLite leaves foreign keys off unless asked, per connection.
    if not _is_sqlite(dbapi_connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


# A pooled server connection is checked on checkout only when it has sat unused this
# long. `pool_pre_ping` checked every checkout: one more round trip on every request
# (two with the audit batch's connection), ~3 ms each on loaded cores. Under load a
# connection is never idle this long, so busy pages pay nothing; after a quiet spell (a
# night, a database restart or failover) the first request still gets a live
# connection instead of an error page. A connection that breaks in use is handled by
# SQLAlchemy's disconnect detection (the pool is invalidated, the next checkout
# connects afresh) and `pool_recycle` (config.py) retires connections before a
# server's or firewall's idle limit can cut them.
IDLE_PING_SECONDS = 30


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Pool, "checkin")
def _checked_in(dbapi_connection, connection_record):  # noqa: ARG001
    connection_record.info["checked_in_at"] = time.monotonic()


@event.listens_for(Pool, "checkout")
def _ping_if_idle(dbapi_connection, connection_record, connection_proxy):  # noqa: ARG001
    if dbapi_connection is None or _is_sqlite(dbapi_connection):
        return  # a file, not a server: there is no connection to lose
    last = connection_record.info.get("checked_in_at")
    if last is None or time.monotonic() - last < IDLE_PING_SECONDS:
        return  # fresh from connect, or in use moments ago
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        dbapi_connection.rollback()  # leave no transaction open behind the ping
    except Exception as error:
        # The pool discards this connection and checks out another (up to 3 tries).
        raise exc.DisconnectionError("idle connection is gone") from error


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head", audit_key: bytes | None = None) -> None:
    """``audit_key`` seals entries already in the log into the hash chain (migration 0010)."""
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    config = alembic_config(database_url)
    config.attributes["audit_key"] = audit_key
    command.upgrade(config, revision)


def pending_migrations(engine, database_url: str) -> list[str]:
    script = ScriptDirectory.from_config(alembic_config(database_url))
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    heads = set(script.get_heads())
    return sorted(heads - current)

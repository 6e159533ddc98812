"""The SELECTs every signed-in page runs, sent on the database driver's own cursor.

SQLAlchemy's way of running a statement (an execution context, the result's columns
read from the cursor's description, a processor per column, then the ORM's loading)
cost more Python than the database took to answer: for the record with its case and
form version, 0.5 ms on PostgreSQL and 0.3 on SQLite against 0.2 and 0.03 sent on the
driver's cursor (bench/RESULTS.md, "Issue 17 server, eighth pass"). Every signed-in page
reads its session, and every record page its record, so those two go this way.

What stays SQLAlchemy's: the statement is built with it and compiled by it, once for
each kind of database; each parameter goes through its type's bind processor and each
value read through its column type's result processor, so a row is the row SQLAlchemy
gives (tests/casework/test_driver_select.py compares them); listeners on the engine
still see the statement (``before_cursor_execute``: the statement counts of tests and
benches, and ``transactions_service``'s note of what a request wrote); and a driver
error is raised as SQLAlchemy would raise it, a lost connection invalidated so the pool
does not hand it out again.

On PostgreSQL a read that is the first statement of its transaction is sent on its own
(``_outside_a_transaction``), as SQLite's driver sends every read: a page that only
reads then sends no BEGIN and no COMMIT, two round trips fewer.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exc
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql import Select

# libpq's PQTRANS_IDLE (psycopg.pq.TransactionStatus.IDLE): no transaction open. Named here
# for every module that asks psycopg's connection, without importing psycopg on SQLite.
IDLE = 0
_READ_COMMITTED = 2  # psycopg.IsolationLevel.READ_COMMITTED (None: the server's default)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...] | None  # the parameters' order, where the driver takes a tuple
    fixed: dict  # the statement's own parameters (a LIMIT's 1), under the caller's
    binds: dict  # parameter name: its type's bind processor (those that have one)
    results: tuple  # a processor, or None, for each column read


class DriverSelect:
    """A SELECT of plain columns, to be run for its first row."""

    def __init__(self, statement: Select):
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def first(self, connection: Connection, params: dict) -> tuple | None:
        """The statement's first row on ``connection`` (db.session.connection()), as
        ``connection.execute(statement, params).first()`` would give it, as a tuple;
        None when there is none."""
        compiled = self._for(connection.dialect)
        values = self._parameters(compiled, params)
        driver_connection = connection.connection.driver_connection
        outside = connection.dialect.name == "postgresql" and _outside_a_transaction(
            driver_connection
        )
        cursor = driver_connection.cursor()
        connection.dispatch.before_cursor_execute(
            connection, cursor, compiled.sql, values, None, False
        )
        try:
            cursor.execute(compiled.sql, values)
            row = cursor.fetchone()
        except connection.dialect.loaded_dbapi.Error as error:
            raise _as_sqlalchemy_error(connection, cursor, compiled.sql, values, error) from error
        finally:
            cursor.close()
            # A connection lost on the way is invalidated above, never used again.
            if outside and not driver_connection.broken:
                driver_connection.autocommit = False
        if row is None:
            return None
        return tuple(
            value if process is None or value is None else process(value)
            for process, value in zip(compiled.results, row, strict=True)
        )

    def _for(self, dialect: Dialect) -> _Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            found = self._compiled[dialect.name] = _compile(self.statement, dialect)
        return found

    @staticmethod
    def _parameters(compiled: _Compiled, params: dict):
        values = {**compiled.fixed, **params}
        for name, process in compiled.binds.items():
            if values.get(name) is not None:
                values[name] = process(values[name])
        if compiled.names is None:
            return values
        return tuple(values[name] for name in compiled.names)


def _outside_a_transaction(driver_connection) -> bool:
    """On PostgreSQL, when nothing has been sent in this transaction yet, send this read
    on its own (autocommit), as SQLite's driver already does: psycopg would send BEGIN
    first, a round trip of its own, and the request's COMMIT at the end another. Under
    READ COMMITTED every statement reads its own snapshot, inside a transaction or not,
    so those two bought nothing for a read. The next statement of the request, read or
    write, begins the transaction as before (autocommit is off again after this one)."""
    if driver_connection.autocommit:
        return False  # already so
    if driver_connection.isolation_level not in (None, _READ_COMMITTED):
        return False  # a caller asked for one snapshot across its statements: keep it
    if driver_connection.info.transaction_status != IDLE:
        return False  # inside a transaction: read what it has written, in it
    driver_connection.autocommit = True
    return True


def _compile(statement: Select, dialect: Dialect) -> _Compiled:
    compiled = statement.compile(dialect=dialect)
    if "POSTCOMPILE" in compiled.string:
        # Rendered by SQLAlchemy at each execution (an IN list, a literal it inlines):
        # not a statement this can send as it is.
        raise ValueError("DriverSelect takes no parameter rendered at execution time.")
    binds = {}
    for name, bind in compiled.binds.items():
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            binds[name] = process
    return _Compiled(
        sql=compiled.string,
        names=tuple(compiled.positiontup) if compiled.positional else None,
        fixed={
            name: value
            for name, value in compiled.construct_params(
                {name: None for name, bind in compiled.binds.items() if bind.required}
            ).items()
            if not compiled.binds[name].required
        },
        binds=binds,
        results=tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in statement.selected_columns
        ),
    )


def _as_sqlalchemy_error(connection: Connection, cursor, sql, values, error) -> exc.DBAPIError:
    dialect = connection.dialect
    lost = dialect.is_disconnect(error, connection.connection.dbapi_connection, cursor)
    if lost:
        connection.invalidate(error)
    return exc.DBAPIError.instance(
        sql, values, error, dialect.loaded_dbapi.Error, connection_invalidated=lost
    )

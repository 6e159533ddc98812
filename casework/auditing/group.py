"""Group commit for audit entries that stand alone (a page view's "who saw this child").

Each such entry must be durable before the page that shows child data is sent. Written
one transaction each, every view holds the chain's lock across its own flush to disk, so
concurrent views queue behind one another's fsync. Here the entries waiting at one moment
share a transaction: the first request to arrive while no batch is being written leads,
takes every entry queued so far, seals them in order onto the chain's head (read under
the chain's lock inside that transaction, so other processes' entries chain correctly),
commits once, and only then wakes each waiting request. A request returns after its own
entry is committed, never before; if the batch fails, every request in it raises.

There is no background thread: a leader is just a request thread, so nothing outlives a
request or needs restarting after gunicorn forks.
"""

from __future__ import annotations

import fcntl
import os
import threading
import weakref
from dataclasses import dataclass, field
from functools import lru_cache

from casework.auditing import chain
from casework.driver_select import IDLE
from casework.models import AuditEvent


@dataclass
class Ticket:
    """One entry waiting to be written: its columns (id, prev_hash, hash set when sealed)."""

    row: dict
    cases: list[int]
    done: bool = False
    error: BaseException | None = field(default=None, repr=False)


class GroupCommitter:
    """Batches the entries of one engine (one database) in this process."""

    def __init__(self, engine, key: bytes):
        self.engine = engine
        self.key = key
        self._ready = threading.Condition()
        self._pending: list[Ticket] = []
        self._writing = False
        self.batches = 0  # how many transactions were committed (for tests and benches)
        self._statements = _Statements(engine)
        self._turns = _ProcessTurns(engine)

    def write(self, row: dict, cases: list[int]) -> dict:
        """Seal and commit ``row``; return it (with id and hashes) once it is durable."""
        ticket = Ticket(dict(row), list(cases))
        with self._ready:
            self._pending.append(ticket)
            while self._writing and not ticket.done:
                self._ready.wait()
            if not ticket.done:
                # No batch in flight and ours not written: lead the next one.
                self._writing = True
                batch, self._pending = self._pending, []
            else:
                batch = None
        if batch is not None:
            try:
                self._commit(batch)
            except BaseException as exc:  # every waiter must learn its entry is not kept
                for waiting in batch:
                    waiting.error = exc
            finally:
                with self._ready:
                    for waiting in batch:
                        waiting.done = True
                    self._writing = False
                    self._ready.notify_all()
        if ticket.error is not None:
            raise RuntimeError("The audit entry could not be written.") from ticket.error
        return ticket.row

    def _commit(self, batch: list[Ticket]) -> None:
        with self._turns:
            self._statements.write(self.engine, self.key, batch)
        self.batches += 1


def supports(engine) -> bool:
    """Whether this engine's entries can share a commit: SQLite, or PostgreSQL through
    psycopg 3 (the service's drivers). Any other writes each entry in its own request's
    transaction (casework/audit.py)."""
    dialect = engine.dialect
    return (dialect.name, dialect.driver) in (("sqlite", "pysqlite"), ("postgresql", "psycopg"))


def _seal(key: bytes, batch: list[Ticket], head_hash: str, ids) -> tuple[list, list]:
    """Seal the batch in order onto the head; the (event, case) pairs to store, as two lists."""
    event_ids, case_ids = [], []
    for ticket, entry_id in zip(batch, ids, strict=True):
        row = ticket.row
        row["id"] = entry_id
        row["prev_hash"] = head_hash
        row["hash"] = head_hash = chain.seal(key, row, ticket.cases, head_hash)
        event_ids += [entry_id] * len(ticket.cases)
        case_ids += ticket.cases
    return event_ids, case_ids


# The entry's columns in the order of the INSERTs below.
_COLUMNS = (*chain.ENTRY_COLUMNS, "prev_hash", "hash")
_AT, _DETAIL = _COLUMNS.index("at"), _COLUMNS.index("detail")


class _Statements:
    """One engine's batch writer: statements written once and run on the driver's own
    connection and cursor, not through SQLAlchemy's execution path (a lone entry cost
    0.49-0.54 ms of CPU that way on SQLite, 0.28 this way; bench/RESULTS.md, issue 17
    server, audit17). The time and the detail are converted by the column types' own
    bind processors, so a row stored this way is byte for byte the row the ORM would
    have stored (tests/casework/test_audit_seal.py)."""

    def __init__(self, engine):
        dialect = engine.dialect
        table = AuditEvent.__table__
        self.at = table.c.at.type.dialect_impl(dialect).bind_processor(dialect)
        self.detail = table.c.detail.type.dialect_impl(dialect).bind_processor(dialect)
        self.write = self._postgres if dialect.name == "postgresql" else self._sqlite
        # psycopg's pipeline mode where its libpq has it (14 or later; psycopg's binary
        # package brings its own); otherwise the same statements, a round trip each.
        self.pipelined = dialect.name == "postgresql" and _pipeline_supported()

    def _values(self, batch: list[Ticket]) -> list[tuple]:
        values = []
        for ticket in batch:
            row = [ticket.row[name] for name in _COLUMNS]
            if self.at is not None:
                row[_AT] = self.at(row[_AT])
            row[_DETAIL] = self.detail(row[_DETAIL])
            values.append(tuple(row))
        return values

    def _postgres(self, engine, key: bytes, batch: list[Ticket]) -> None:
        """Two round trips a batch: the lock and the head (with the new ids) sent
        together, then the INSERT (entries and their case rows, one statement), which
        commits.

        Sent together, the statements still run one after another: the head query starts
        only once the lock statement has returned, that is once the lock is granted, and
        under READ COMMITTED each statement reads what was committed when it started. So
        the head is read after every entry committed by the lock's previous holder, and
        two processes cannot chain onto the same head (tests/casework/test_audit_batch_writes.py,
        "a batch waiting for the lock chains onto the entry committed while it waited": a
        snapshot taken before the lock was granted, as REPEATABLE READ takes it, fails it).

        Three statements, not five: in pipeline mode the statements up to a Sync are one
        transaction of their own (PostgreSQL's implicit transaction), so no BEGIN or
        COMMIT is sent. The head is fetched with a flush request, which asks for the
        results so far without ending that transaction; the lock is held until the
        INSERT commits at the Sync that ends the pipeline. On this 2-core VM every
        statement cost PostgreSQL about 35 microseconds before doing anything (bench/RESULTS.md,
        issue 17 server, ninth pass). Only where the server's default isolation is READ
        COMMITTED, as the implicit transaction takes it; otherwise, and without pipeline
        mode (where each statement would commit on its own, releasing the lock), BEGIN
        ISOLATION LEVEL READ COMMITTED and COMMIT are sent as before.
        """
        pooled = engine.raw_connection()
        connection = pooled.driver_connection
        try:
            # Autocommit, so psycopg sends no BEGIN of its own (in pipeline mode a round
            # trip of its own); the transaction is the pipeline's, or our BEGIN's.
            autocommit, connection.autocommit = connection.autocommit, True
            cursor = connection.cursor()
            implicit = self.pipelined and _reads_committed_by_default(pooled, cursor)
            with connection.pipeline() if self.pipelined else _NoPipeline() as pipeline:
                if not implicit:
                    cursor.execute(_PG_BEGIN)
                cursor.execute(_PG_LOCK)
                cursor.execute(_PG_HEAD_AND_IDS, (len(batch),))
                if not implicit:
                    pipeline.sync()
                head_id, head_hash, sequence = cursor.fetchone()  # round trip 1
                event_ids, case_ids = _seal(
                    key, batch, head_hash or chain.GENESIS, _ids(head_id or 0, sequence)
                )
                values = _flat(self._values(batch))
                if case_ids:
                    cursor.execute(_pg_insert(len(batch), True), [*values, event_ids, case_ids])
                else:
                    cursor.execute(_pg_insert(len(batch), False), values)
                if not implicit:
                    cursor.execute(_PG_COMMIT)
            # Leaving the pipeline sent it all with a Sync and read every result: round
            # trip 2. Any error in it aborted the rest, the commit included, and raised.
            ended = cursor.statusmessage or ""
            if not (ended.startswith("INSERT") if implicit else ended == "COMMIT") or (
                connection.info.transaction_status != IDLE
            ):
                raise RuntimeError(f"The audit batch ended {ended!r}.")
            # As the pool gave it (off unless the engine asked for AUTOCOMMIT). The
            # transaction is over, so the pool's rollback on return sends nothing.
            connection.autocommit = autocommit
        except BaseException:
            # Whatever a failure left (an aborted transaction, results unread, autocommit
            # still on), the pool must not hand this connection out again; closing it
            # rolls back anything uncommitted.
            pooled.invalidate()
            raise
        finally:
            pooled.close()

    def _sqlite(self, engine, key: bytes, batch: list[Ticket]) -> None:
        pooled = engine.raw_connection()
        try:
            connection = pooled.driver_connection
            # The write lock before the head is read: Python's sqlite3 would begin only
            # before the first INSERT, and two processes could read the same head.
            connection.execute("BEGIN IMMEDIATE")
            head = connection.execute(_SQLITE_HEAD).fetchone()
            head_id, head_hash = (head[0], head[1] or chain.GENESIS) if head else (0, chain.GENESIS)
            ids = range(head_id + 1, head_id + 1 + len(batch))
            event_ids, case_ids = _seal(key, batch, head_hash, ids)
            connection.executemany(_SQLITE_INSERT_EVENT, self._values(batch))
            if case_ids:
                connection.executemany(_SQLITE_INSERT_LINK, zip(event_ids, case_ids, strict=True))
            connection.commit()
        finally:
            pooled.close()  # the pool's reset rolls back whatever a failure left open


_DEFAULT_ISOLATION = "convivial_default_isolation"  # the pooled connection's info


def _reads_committed_by_default(pooled, cursor) -> bool:
    """Whether a transaction begun without saying (the pipeline's implicit one) runs
    under READ COMMITTED on this connection: asked once in the connection's life."""
    known = pooled.info.get(_DEFAULT_ISOLATION)
    if known is None:
        cursor.execute(b"SHOW default_transaction_isolation")
        known = pooled.info[_DEFAULT_ISOLATION] = cursor.fetchone()[0]
    return known == "read committed"


def _ids(head_id: int, sequence: list[int]) -> list[int]:
    """The batch's ids in chain order: the table's sequence, kept ahead of the chain."""
    ids, last = [], head_id
    for value in sequence:
        last = max(value, last + 1)
        ids.append(last)
    return ids


def _flat(values: list[tuple]) -> list:
    return [value for row in values for value in row]


def _pipeline_supported() -> bool:
    import psycopg  # imported only by a service on PostgreSQL

    return psycopg.Pipeline.is_supported()


class _NoPipeline:
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def sync(self) -> None:
        return None


@lru_cache(maxsize=128)
def _pg_insert(count: int, with_cases: bool) -> bytes:
    """One statement inserting ``count`` entries (a batch is as big as the requests
    waiting at once) and, if they name cases, their case rows: a page view names up to
    175, given as two arrays that unnest pairs element by element (an executemany was a
    send per case). One statement, not two: 26 microseconds less Python a batch, and 20
    less of the server's. The case rows' foreign key is checked at the statement's end,
    when the entries it inserted are there."""
    rows = ", ".join([_PG_EVENT_ROW] * count)
    events = f"INSERT INTO audit_events ({_COLUMN_LIST}) VALUES {rows}"  # noqa: S608 - placeholders only
    if not with_cases:
        return events.encode()
    return f"WITH entries AS ({events}) {_PG_CASES}".encode()  # noqa: S608 - placeholders only


_COLUMN_LIST = ", ".join(_COLUMNS)
_PG_CASES = (
    "INSERT INTO audit_event_cases (event_id, case_id) "
    "SELECT * FROM unnest(%s::integer[], %s::integer[])"
)
_PG_EVENT_ROW = "(" + ", ".join("%s::json" if c == "detail" else "%s" for c in _COLUMNS) + ")"
_PG_BEGIN = b"BEGIN ISOLATION LEVEL READ COMMITTED"
_PG_LOCK = f"SELECT pg_advisory_xact_lock({chain.POSTGRES_LOCK_ID})".encode()
# The head (if any) and the batch's values of the table's sequence, in one row.
_PG_HEAD_AND_IDS = (
    b"SELECT head.id, head.hash, ARRAY(SELECT nextval(pg_get_serial_sequence("
    b"'audit_events', 'id')) FROM generate_series(1, %s)) "
    b"FROM (SELECT 1) AS one LEFT JOIN (SELECT id, hash FROM audit_events "
    b"ORDER BY id DESC LIMIT 1) AS head ON true"
)
_PG_COMMIT = b"COMMIT"
_SQLITE_HEAD = "SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1"
_SQLITE_INSERT_EVENT = (
    f"INSERT INTO audit_events ({_COLUMN_LIST}) VALUES ({', '.join('?' * len(_COLUMNS))})"  # noqa: S608 - placeholders only
)
_SQLITE_INSERT_LINK = "INSERT INTO audit_event_cases (event_id, case_id) VALUES (?, ?)"


class _ProcessTurns:
    """On SQLite, queue for the chain's write lock behind the other processes' batches.

    SQLite's own busy handler polls a held lock with growing sleeps (1, 2, 5... 100 ms),
    and while one request's batch sleeps every view waiting in that process waits too. A
    lock file beside the database hands the turn over the moment it is released; the
    write lock (BEGIN IMMEDIATE) is still what guards the chain. Only one batch of a
    committer is written at a time, so the file stays open between batches (opening it
    for each cost 8 microseconds of a batch's 300).
    """

    def __init__(self, engine):
        database = engine.url.database if engine.dialect.name == "sqlite" else None
        self.path = f"{database}-auditlock" if database and database != ":memory:" else None
        self._handle = None
        self._opened_by = None

    def __enter__(self) -> None:
        if self.path is None:
            return
        if self._opened_by != os.getpid():
            # Opened anew in a forked process: a handle inherited from the parent would
            # share its lock with the parent instead of queueing behind it.
            self._handle = open(self.path, "a")  # noqa: SIM115 - kept open, closed by finalize
            self._opened_by = os.getpid()
            weakref.finalize(self, self._handle.close)
        fcntl.flock(self._handle, fcntl.LOCK_EX)

    def __exit__(self, *exc) -> None:
        if self.path is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)


_committers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_committers_lock = threading.Lock()


def committer_for(engine, key: bytes) -> GroupCommitter:
    """The one committer of this engine in this process (made on first use)."""
    with _committers_lock:
        found = _committers.get(engine)
        if found is None or found.key != key:
            found = _committers[engine] = GroupCommitter(engine, key)
        return found

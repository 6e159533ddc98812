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
import threading
import weakref
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import insert, text

from casework.auditing import chain
from casework.models import AuditEvent, AuditEventCase


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
        with _between_processes(self.engine), self.engine.connect() as connection:
            _, head_hash, ids = chain.lock_and_read_head_with_ids(connection, len(batch))
            links = []
            for ticket, entry_id in zip(batch, ids, strict=True):
                row = ticket.row
                row["id"] = entry_id
                row["prev_hash"] = head_hash
                row["hash"] = chain.seal(self.key, row, ticket.cases, head_hash)
                head_hash = row["hash"]
                links += [{"event_id": row["id"], "case_id": c} for c in ticket.cases]
            connection.execute(_INSERT_EVENTS, [t.row for t in batch])
            if links:
                _insert_links(connection, links)
            connection.commit()
        self.batches += 1


def _insert_links(connection, links: list[dict]) -> None:
    """The entries' case rows: a page view names up to 175 cases. On PostgreSQL one
    statement with the ids as two arrays (an executemany cost 2.2 ms of Python a page
    against 0.6, and a send per case); elsewhere one executemany of a compiled-once
    INSERT."""
    if connection.dialect.name == "postgresql":
        connection.execute(
            _LINKS_FROM_ARRAYS,
            {
                "event_ids": [link["event_id"] for link in links],
                "case_ids": [link["case_id"] for link in links],
            },
        )
    else:
        connection.execute(_INSERT_LINKS, links)


# Built once: every page that shows child data writes through them.
_INSERT_EVENTS = insert(AuditEvent.__table__)
_INSERT_LINKS = insert(AuditEventCase.__table__)
# unnest of two arrays of one length pairs them element by element, in order.
_LINKS_FROM_ARRAYS = text(
    "INSERT INTO audit_event_cases (event_id, case_id) "
    "SELECT * FROM unnest(CAST(:event_ids AS integer[]), CAST(:case_ids AS integer[]))"
)


@contextmanager
def _between_processes(engine):
    """On SQLite, queue for the chain's write lock behind the other processes' batches.

    SQLite's own busy handler polls a held lock with growing sleeps (1, 2, 5... 100 ms),
    and while one request's batch sleeps every view waiting in that process waits too. A
    lock file beside the database hands the turn over the moment it is released; the
    write lock (BEGIN IMMEDIATE) is still what guards the chain.
    """
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}-auditlock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file is closed
        yield


_committers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_committers_lock = threading.Lock()


def committer_for(engine, key: bytes) -> GroupCommitter:
    """The one committer of this engine in this process (made on first use)."""
    with _committers_lock:
        found = _committers.get(engine)
        if found is None or found.key != key:
            found = _committers[engine] = GroupCommitter(engine, key)
        return found

"""What sealing each audit entry into the hash chain costs, and that many writers at once
still make one chain.

Run: .venv/bin/python -m bench.bench_audit [--postgres URL] [--entries 2000] [--writers 4]
        [--sqlite-synchronous FULL|NORMAL] [--pg-synchronous-commit on|off]

For each database (a fresh SQLite file; PostgreSQL too when given an empty database):
- sequential: ``audit.record`` (lock, read head, HMAC, insert, commit), one entry per
  transaction as a page view writes it, against the same row inserted without the chain;
- concurrent: ``--writers`` processes appending at once, then ``verify`` over the result;
- threaded, each way to keep an entry durable before the page is sent: ``--writers``
  processes of ``--threads`` threads each (as gunicorn's workers and threads), every entry
  committed alone under the chain's lock, against group commit (casework/auditing/group.py:
  the entries waiting at one moment share one durable transaction; each writer still
  waits for its own entry's commit);
- verify: how fast ``convivial audit verify`` walks the chain.

How durable each commit is can be changed for the run, to measure what durability
costs (issue 17): SQLite's ``synchronous`` (the service uses FULL with WAL: a committed
entry survives power loss; NORMAL with WAL survives a crash of the process but may lose
the last commits on power loss) and PostgreSQL's ``synchronous_commit`` (the service
leaves it on; off returns before the WAL is flushed, so the last commits may be lost
on a crash of the server).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import tempfile
import time

SECRET = "bench-secret-key"


def _app(url: str, group: bool = True):
    from casework import create_app

    _durability()
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": SECRET,
            "CONVIVIAL_ENV": "test",
            "AUDIT_GROUP_COMMIT": group,
        }
    )


_hooked = False


def _durability() -> None:
    """Apply the run's durability settings to every new connection, after the service's
    own pragmas (listeners run in the order they were added). Read from the environment
    so the writer processes get them too."""
    global _hooked
    sqlite_sync = os.environ.get("BENCH_SQLITE_SYNCHRONOUS")
    pg_commit = os.environ.get("BENCH_PG_SYNCHRONOUS_COMMIT")
    if _hooked or not (sqlite_sync or pg_commit):
        return
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "connect")
    def _bench_durability(dbapi_connection, connection_record):  # noqa: ARG001
        module = type(dbapi_connection).__module__
        cursor = dbapi_connection.cursor()
        if module.startswith("sqlite3") and sqlite_sync:
            cursor.execute(f"PRAGMA synchronous={sqlite_sync}")
        elif not module.startswith("sqlite3") and pg_commit:
            cursor.execute(f"SET synchronous_commit TO {pg_commit}")
            dbapi_connection.commit()
        cursor.close()

    _hooked = True


def _detail(n: int) -> dict:
    return {"n": n, "note": "a typical entry's detail"}


def _chained(url: str, count: int, label: str, threads: int = 1, group: bool = False) -> float:
    """``count`` entries from ``threads`` threads of this process, each entry its own page
    view's (so committed before record() returns)."""
    import threading

    from casework import audit
    from casework.extensions import db

    app = _app(url, group)

    def write(thread: int) -> None:
        with app.test_request_context("/cases/1"):
            for n in range(thread, count, threads):
                audit.record("bench_chained", username=label, detail=_detail(n))
            db.session.remove()

    with app.app_context():
        db.engine.connect().close()  # the pool's first connection is not part of the timing
    workers = [threading.Thread(target=write, args=(t,)) for t in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    with app.app_context():
        db.engine.dispose()
    return elapsed


def _unchained(url: str, count: int, label: str = "plain") -> float:
    """The same entry through the ORM, committed alone, without lock, head or HMAC."""
    from flask import request

    from casework.extensions import db
    from casework.models import AuditEvent
    from casework.models.time import utcnow

    app = _app(url)
    # Ids the chain will never reach, a block per writer (the model wants them given).
    first_id = 10_000_000 + 1_000_000 * (int(label[1:]) if label[1:].isdigit() else 99)
    with app.test_request_context("/cases/1"):
        started = time.perf_counter()
        for n in range(count):
            db.session.add(
                AuditEvent(
                    id=first_id + n,
                    at=utcnow(),
                    username=label,
                    action="bench_plain",
                    detail=_detail(n),
                    ip_address=request.remote_addr,
                    user_agent=request.user_agent.string,
                    path=request.path,
                )
            )
            db.session.commit()
        elapsed = time.perf_counter() - started
        db.session.remove()
        db.engine.dispose()
    return elapsed


def _verify(url: str) -> tuple[int, float, bool]:
    from casework.auditing import chain
    from casework.auditing.verify import walk
    from casework.extensions import db

    app = _app(url)
    with app.app_context(), db.engine.connect() as connection:
        started = time.perf_counter()
        result = walk(connection, chain.key_from_config(app.config), stop_after=0)
        elapsed = time.perf_counter() - started
        db.engine.dispose()
    return result.checked, elapsed, result.ok and not result.breaks


def _writer(args) -> float:
    url, count, label, chained, threads, group = args
    if chained:
        return _chained(url, count, label, threads, group)
    return _unchained(url, count, label)


def _concurrent(
    url: str, writers: int, each: int, chained: bool, threads: int = 1, group: bool = False
) -> float:
    """Entries per second while every writer appends (each one's own timing, not start-up)."""
    with multiprocessing.get_context("spawn").Pool(writers) as pool:
        times = pool.map(
            _writer, [(url, each, f"w{w}", chained, threads, group) for w in range(writers)]
        )
    return writers * each / max(times)


def run(name: str, url: str, entries: int, writers: int, threads: int) -> None:
    from casework import database

    database.upgrade(url)
    each = entries // writers
    per_entry = _chained(url, entries, "sequential") / entries * 1e3
    print(f"{name}: one writer, chained: {per_entry:.3f} ms per entry ({entries} entries)")
    rate = _concurrent(url, writers, each, chained=True)
    print(f"{name}: {writers} writers x {each} at once, chained: {rate:,.0f} entries/s")
    for group, way in ((False, "each entry committed alone"), (True, "group commit")):
        rate = _concurrent(url, writers, each, chained=True, threads=threads, group=group)
        print(
            f"{name}: {writers} writers x {threads} threads at once, {way}: {rate:,.0f} entries/s"
        )
    checked, elapsed, ok = _verify(url)
    print(f"{name}: verify {checked} entries: {checked / elapsed:,.0f} entries/s, one chain: {ok}")
    # Rows without seals from here on: the chain is finished with.
    plain = _unchained(url, entries) / entries * 1e3
    print(f"{name}: one writer, the same entry without the chain: {plain:.3f} ms per entry")
    rate = _concurrent(url, writers, each, chained=False)
    print(f"{name}: {writers} writers x {each} at once, without the chain: {rate:,.0f} entries/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="an empty PostgreSQL database URL")
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8, help="threads per writer process")
    parser.add_argument("--sqlite-synchronous", choices=["FULL", "NORMAL"])
    parser.add_argument("--pg-synchronous-commit", choices=["on", "off"])
    options = parser.parse_args()
    if options.sqlite_synchronous:
        os.environ["BENCH_SQLITE_SYNCHRONOUS"] = options.sqlite_synchronous
    if options.pg_synchronous_commit:
        os.environ["BENCH_PG_SYNCHRONOUS_COMMIT"] = options.pg_synchronous_commit
    with tempfile.TemporaryDirectory() as folder:
        run(
            "SQLite",
            f"sqlite:///{folder}/bench.sqlite3",
            options.entries,
            options.writers,
            options.threads,
        )
    if options.postgres:
        from casework.config import normalise_database_url

        run(
            "PostgreSQL",
            normalise_database_url(options.postgres),
            options.entries,
            options.writers,
            options.threads,
        )


if __name__ == "__main__":
    main()

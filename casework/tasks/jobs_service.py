"""Jobs the worker runs when their time comes, safe with many workers at once.

A jobs table in the service's own database, claimed row by row: on PostgreSQL with
``SELECT ... FOR UPDATE SKIP LOCKED`` (a second worker skips a row the first holds and
takes the next), on SQLite under its single writer lock taken with ``BEGIN IMMEDIATE``
(a second worker waits, then finds the row done). The job runs in the transaction
that claimed it and is marked done in the same commit, so a job is fired once, or not
at all if the worker dies mid-way (then the next worker fires it). A job that fails is
rolled back and marked failed (with the error) for someone to look at, not retried.
Each job's ``key`` is unique, so scheduling the same trigger twice for a case is a no-op.

Why not a library: the job libraries for Python (Celery, RQ, Dramatiq, APScheduler,
Huey) either need a broker (Redis, RabbitMQ) that the embedded default does not have,
or keep schedules in a store without a claim that is safe across machines on both
SQLite and PostgreSQL. One table and one query is smaller than any of them.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select, update

from casework.extensions import db
from casework.models import Job
from casework.models.time import utcnow

log = logging.getLogger(__name__)

# kind -> handler(job), registered by whoever owns the work (triggers, render-ahead).
HANDLERS: dict[str, Callable[[Job], None]] = {}
BATCH = 20


def schedule(
    kind: str, *, key: str, run_at: datetime, case_id: int | None = None, payload: dict
) -> Job | None:
    """Add a job unless one with this key exists (in the caller's transaction)."""
    if db.session.scalar(select(Job.id).where(Job.key == key)) is not None:
        return None
    job = Job(
        kind=kind,
        key=key,
        run_at=run_at,
        case_id=case_id,
        payload=payload,
        status="waiting",
        attempts=0,
    )
    db.session.add(job)
    db.session.flush()
    return job


def put(kind: str, *, key: str, run_at: datetime, case_id: int | None = None, payload: dict) -> Job:
    """Schedule, or move, the job with this key (in the caller's transaction).

    A waiting or cancelled job takes the new time; a job already run is run again only
    if what it is about changed (a new date answered, a deadline moved), so a trigger
    fires once for each date it is given. The row is locked first: a worker firing it
    at this moment finishes before we look."""
    job = db.session.scalar(select(Job).where(Job.key == key).with_for_update())
    if job is None:
        return schedule(kind, key=key, run_at=run_at, case_id=case_id, payload=payload)
    if job.status in ("done", "failed") and job.payload == payload:
        return job
    job.run_at, job.payload, job.status, job.error = run_at, payload, "waiting", None
    return job


def cancel(keys) -> int:
    """Cancel the waiting jobs with these keys; jobs already run stay as they were."""
    keys = list(keys)
    if not keys:
        return 0
    result = db.session.execute(
        update(Job).where(Job.key.in_(keys), Job.status == "waiting").values(status="cancelled")
    )
    return result.rowcount


def waiting_keys(case_id: int, kind: str, prefix: str) -> list[str]:
    """Keys of this case's jobs of ``kind`` that have not run, starting ``prefix``."""
    keys = db.session.scalars(
        select(Job.key).where(
            Job.case_id == case_id, Job.kind == kind, Job.status.in_(("waiting", "cancelled"))
        )
    )
    return [k for k in keys if k.startswith(prefix)]


def run_due(worker: str, *, limit: int = BATCH) -> int:
    """Claim and run up to ``limit`` jobs whose time has come, one transaction each.
    Returns how many ran."""
    ran = 0
    while ran < limit:
        if not _run_one(worker):
            break
        ran += 1
    return ran


def _claim(job_id: int | None = None) -> Job | None:
    session = db.session
    session.rollback()  # start clean: the claim must be the transaction's first statement
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        raw = connection.connection.driver_connection
        if not raw.in_transaction:
            raw.execute("BEGIN IMMEDIATE")
    which = Job.run_at <= utcnow() if job_id is None else Job.id == job_id
    query = select(Job).where(Job.status == "waiting", which)
    return session.scalar(
        query.order_by(Job.run_at, Job.id).limit(1).with_for_update(skip_locked=True)
    )


def _run_one(worker: str) -> bool:
    session = db.session
    job = _claim()
    if job is None:
        session.rollback()
        return False
    job_id, kind = job.id, job.kind
    try:
        handler = HANDLERS.get(kind)
        if handler is None:
            raise LookupError(f"No handler for jobs of kind {kind!r}")
        handler(job)
        job.status = "done"
        job.claimed_by = worker[:100]
        job.attempts += 1
        job.finished_at = utcnow()
        session.commit()
    except Exception:
        log.exception("Job %s (%s) failed", job_id, kind)
        error = traceback.format_exc(limit=5)[-4000:]
        session.rollback()  # whatever the handler half-did goes
        job = _claim(job_id)
        if job is not None:
            job.status = "failed"
            job.claimed_by = worker[:100]
            job.attempts += 1
            job.error = error
            job.finished_at = utcnow()
        session.commit()
    return True

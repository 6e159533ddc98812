"""The one door to the audit log. Every view and change of a record comes through here.

Each entry is sealed into the hash chain (casework/auditing/chain.py) as it is written,
under a lock held until the surrounding transaction commits, and names the cases it
concerns so that "who has looked at this child's record?" can be answered for ever.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TypeVar

from flask import current_app, has_request_context, request
from flask_login import current_user
from sqlalchemy import insert, text

from casework import transactions_service
from casework.auditing import chain, group
from casework.extensions import db
from casework.models import AuditEvent, AuditEventCase, Case, Record, User
from casework.models.time import utcnow

Row = TypeVar("Row")


def record(
    action: str,
    *,
    user: User | None = None,
    username: str | None = None,
    record_type: str | None = None,
    record_id: str | int | None = None,
    detail: dict | None = None,
    case_ids: Iterable[int] = (),
    commit: bool = True,
) -> AuditEvent:
    """Write one entry. ``case_ids`` names cases beyond the one the record implies (a list)."""
    in_request = has_request_context()
    if user is None and in_request and current_user.is_authenticated:
        user = current_user._get_current_object()
    username = user.username if user else username or None
    columns = {
        "at": utcnow(),
        "user_id": user.id if user else None,
        "username": username[:80] if username else username,
        "action": action[:64],
        "record_type": record_type,
        "record_id": str(record_id)[:64] if record_id is not None else None,
        "detail": detail or {},
        "ip_address": None,
        "user_agent": None,
        "path": None,
    }
    if in_request:
        asked = request._get_current_object()
        columns["ip_address"] = asked.remote_addr
        columns["user_agent"] = (asked.user_agent.string or "")[:255]
        columns["path"] = asked.path[:255]
    cases = sorted({*(int(c) for c in case_ids), *_case_of(record_type, record_id)})
    committer = _shared_committer() if commit else None
    if committer is not None:
        # Durable before this returns, in a transaction shared with other views waiting
        # now; the ORM object only to hand back, never added to the session.
        return AuditEvent(**committer.write(columns, cases))
    entry = AuditEvent(**columns)
    _append(entry, cases)
    if commit:
        db.session.commit()
    return entry


def _key(config=None) -> bytes:
    config = current_app.config if config is None else config
    return _key_of(config.get("AUDIT_KEY"), config.get("SECRET_KEY"))


@lru_cache(maxsize=4)
def _key_of(audit_key, secret_key) -> bytes:
    # Derived once, not on every page view (an HMAC of its own).
    return chain.key_from_config({"AUDIT_KEY": audit_key, "SECRET_KEY": secret_key})


def _shared_committer() -> group.GroupCommitter | None:
    """The group committer, if this entry may be committed apart from the request's own
    transaction.

    Only when the request has written nothing yet: a caller asking to commit expects what
    it changed to be committed with its entry, and on SQLite a write already made would
    hold the lock the shared transaction waits for.
    """
    config = current_app.config
    if not config.get("AUDIT_GROUP_COMMIT", True):
        return None
    engine = db.engine
    if not group.supports(engine):
        return None
    session = db.session()
    if transactions_service.has_written(session):
        return None
    return group.committer_for(engine, _key(config))


def created(
    row: Row,
    action: str,
    *,
    record_type: str,
    detail: dict | None = None,
    case_ids: Iterable[int] = (),
) -> Row:
    """Store a new row and its audit entry, which names the row by its new id, in one
    commit: the row never exists unaudited, nor the entry without its row."""
    db.session.add(row)
    db.session.flush()  # gives the row its id
    record(
        action,
        record_type=record_type,
        record_id=row.id,
        detail=detail,
        case_ids=case_ids,
        commit=False,
    )
    db.session.commit()
    return row


def _append(entry: AuditEvent, cases: list[int]) -> None:
    # Flush first what the page already changed, so the lock is taken by the statement
    # that writes the entry and held only until this transaction commits.
    db.session.flush()
    connection = db.session.connection()
    head_id, head_hash = chain.lock_and_read_head(connection)
    entry.id = chain.next_id(connection, head_id)
    entry.prev_hash = head_hash
    entry.hash = chain.seal(_key(), _columns(entry), cases, head_hash)
    db.session.add(entry)
    db.session.flush()
    # A page of the work list names up to 100 cases: on PostgreSQL one statement with
    # the ids as one array (a statement a case, even pipelined, cost 2 ms of Python and
    # 100 sends); elsewhere one executemany of a compiled-once INSERT.
    if cases and db.engine.dialect.name == "postgresql":
        db.session.execute(_CASES_FROM_ARRAY, {"event_id": entry.id, "case_ids": cases})
    elif cases:
        db.session.execute(
            insert(AuditEventCase), [{"event_id": entry.id, "case_id": c} for c in cases]
        )


_CASES_FROM_ARRAY = text(
    "INSERT INTO audit_event_cases (event_id, case_id) "
    "SELECT :event_id, unnest(CAST(:case_ids AS integer[]))"
)


def _columns(entry: AuditEvent) -> dict:
    return {name: getattr(entry, name) for name in chain.ENTRY_COLUMNS}


def _case_of(record_type: str | None, record_id) -> list[int]:
    """The case an entry about a case or a record concerns, if it exists."""
    if record_id is None or not str(record_id).isdigit():
        return []
    if record_type == "case":
        case = db.session.get(Case, int(record_id))
        return [case.id] if case else []
    if record_type == "record":
        found = db.session.get(Record, int(record_id))
        return [found.case_id] if found else []
    return []


def recent(limit: int = 100, action: str | None = None) -> list[AuditEvent]:
    from sqlalchemy import select

    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))

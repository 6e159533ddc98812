"""The audit log as a keyed hash chain.

Each entry carries ``hash = HMAC(key, canonical(entry, prev_hash))`` and the hash of the
entry before it. The key is AUDIT_KEY, or derived from SECRET_KEY when that is unset, and
never stored in the database: someone with database access alone can drop the triggers and
rewrite rows, but cannot seal a forged row or re-seal the rows after it. Deleting the newest
entries leaves a valid shorter chain; a head kept elsewhere (``convivial audit head``)
catches that.

Appends are serialised so that every worker on every machine extends one chain: PostgreSQL
takes a transaction-scoped advisory lock, SQLite's write lock is taken before the head is
read. Ids are given out under the lock, so id order is chain order.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import text

GENESIS = "0" * 64
# An entry's own columns, as its seal covers them (with its cases and the hash before it).
ENTRY_COLUMNS = (
    "id",
    "at",
    "user_id",
    "username",
    "action",
    "record_type",
    "record_id",
    "detail",
    "ip_address",
    "user_agent",
    "path",
)
# Any fixed 64-bit number; it names the chain's lock among the database's advisory locks.
POSTGRES_LOCK_ID = 0x434F4E5649564C41  # "CONVIVLA"
_DERIVATION_LABEL = b"convivial audit chain v1"


def key_from_config(config) -> bytes:
    """AUDIT_KEY if set, else a key derived from SECRET_KEY (never SECRET_KEY itself)."""
    dedicated = config.get("AUDIT_KEY")
    if dedicated:
        return dedicated.encode() if isinstance(dedicated, str) else dedicated
    secret = config.get("SECRET_KEY")
    if not secret:
        raise RuntimeError("The audit chain needs AUDIT_KEY or SECRET_KEY to be set.")
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(secret, _DERIVATION_LABEL, hashlib.sha256).digest()


def _when(at: datetime | str | None) -> str | None:
    if at is None:
        return None
    if isinstance(at, str):  # a raw SQLite row
        at = datetime.fromisoformat(at)
    return at.replace(tzinfo=None).isoformat(timespec="microseconds")


def _detail(detail) -> object:
    if isinstance(detail, str):  # a raw row whose driver left JSON as text
        return json.loads(detail)
    if detail is None or (type(detail) is dict and not detail):
        return {}  # every page view's: nothing the round trip below could change
    # As the JSON column will give it back (tuples as lists, keys as strings). Kept for
    # any other detail: a check in Python that a detail is already plain JSON costs more
    # than this round trip through the C encoder and decoder.
    return json.loads(json.dumps(detail))


# What json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False) and
# hmac.new(...).hexdigest() gave, byte for byte (tests/casework/test_audit_seal.py), without
# building an encoder and an HMAC object for every entry.
_canonical = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def seal(key: bytes, entry: dict, case_ids: Iterable[int], prev_hash: str) -> str:
    """The HMAC over an entry's content, the cases it names and the hash before it."""
    content = {
        "id": entry["id"],
        "at": _when(entry["at"]),
        "user_id": entry["user_id"],
        "username": entry["username"],
        "action": entry["action"],
        "record_type": entry["record_type"],
        "record_id": entry["record_id"],
        "detail": _detail(entry["detail"]),
        "ip_address": entry["ip_address"],
        "user_agent": entry["user_agent"],
        "path": entry["path"],
        "cases": sorted(int(c) for c in case_ids),
        "prev": prev_hash,
    }
    return hmac.digest(key, _canonical(content).encode(), "sha256").hex()


def lock_and_read_head(connection) -> tuple[int, str]:
    """Serialise appends, then return (the newest id, its hash); (0, GENESIS) when empty.

    Must run inside the transaction that inserts the entry: the lock lasts until commit.
    """
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(_ADVISORY_LOCK, {"id": POSTGRES_LOCK_ID})
    elif dialect == "sqlite":
        _take_sqlite_write_lock(connection)
    row = connection.execute(_HEAD).first()
    if row is None:
        return 0, GENESIS
    return row[0], row[1] or GENESIS


def next_id(connection, head_id: int) -> int:
    if connection.dialect.name == "postgresql":
        # Keep the table's own sequence ahead of the chain, so the two never disagree.
        seq_id = connection.execute(
            text("SELECT nextval(pg_get_serial_sequence('audit_events', 'id'))")
        ).scalar_one()
        return max(seq_id, head_id + 1)
    return head_id + 1


# Built once (the group committer's own statements are in group.py).
_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(:id)")
_HEAD = text("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1")


def _take_sqlite_write_lock(connection) -> None:
    # Python's sqlite3 opens a transaction only before the first INSERT, UPDATE or DELETE,
    # and that statement takes the write lock. So an open transaction already holds it;
    # otherwise begin one IMMEDIATE, which takes it now, before the head is read. Without
    # this, two processes could read the same head and one would fail on the id.
    raw = connection.connection.driver_connection
    if not raw.in_transaction:
        raw.execute("BEGIN IMMEDIATE")

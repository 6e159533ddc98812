"""Walk the chain and name the first entry that breaks it.

Reads raw rows, not ORM objects, so nothing a tamperer did to the table (dropped
triggers, nulls, odd ids) can make the walk itself fail or skip a row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text

from casework.auditing.chain import GENESIS, _when, seal

BATCH = 2000
COLUMNS = (
    "id, at, user_id, username, action, record_type, record_id, detail, "
    "ip_address, user_agent, path, prev_hash, hash"
)


@dataclass(frozen=True)
class Break:
    entry_id: int
    at: str | None
    problem: str

    def describe(self) -> str:
        when = f" ({self.at} UTC)" if self.at else ""
        return f"Entry {self.entry_id}{when}: {self.problem}"


@dataclass
class Result:
    checked: int
    head_id: int | None
    head_hash: str | None
    breaks: list[Break]
    expected_head_found: bool | None = None

    @property
    def ok(self) -> bool:
        return not self.breaks and self.expected_head_found is not False


def walk(connection, key: bytes, expect_head: str | None = None, stop_after: int = 1) -> Result:
    """Check every entry in id order; collect up to ``stop_after`` breaks (0: all)."""
    prev_id, prev_hash = None, GENESIS
    breaks: list[Break] = []
    checked = 0
    found_head = None if expect_head is None else False
    after = None
    while True:
        rows = _batch(connection, after)
        if not rows:
            break
        cases = _cases_for(connection, rows[0]["id"], rows[-1]["id"])
        for row in rows:
            checked += 1
            problem = _problem(key, row, cases.get(row["id"], ()), prev_id, prev_hash)
            if problem:
                breaks.append(Break(row["id"], _when(row["at"]), problem))
                if stop_after and len(breaks) >= stop_after:
                    return Result(checked, row["id"], row["hash"], breaks, found_head)
            if expect_head and row["hash"] == expect_head:
                found_head = True
            prev_id, prev_hash = row["id"], row["hash"] or GENESIS
        after = rows[-1]["id"]
    orphans = _orphan_case_links(connection)
    if orphans:
        breaks.append(Break(orphans, None, "names cases but the entry itself is missing"))
    head_hash = None if prev_id is None else prev_hash
    return Result(checked, prev_id, head_hash, breaks, found_head)


def _problem(key, row, case_ids, prev_id, prev_hash) -> str | None:
    before = "the start of the log" if prev_id is None else f"entry {prev_id}"
    if not row["hash"] or not row["prev_hash"]:
        return "it has no seal: it was written outside the service"
    if row["prev_hash"] != prev_hash:
        return (
            f"it does not follow {before}: an entry between them was deleted, or this entry "
            "or the one before it was inserted or moved"
        )
    if seal(key, row, case_ids, row["prev_hash"]) != row["hash"]:
        return (
            "its content does not match its seal: it was changed after it was written "
            "(or written by someone without the audit key)"
        )
    return None


def _batch(connection, after: int | None) -> list[dict]:
    where = "" if after is None else "WHERE id > :after "
    result = connection.execute(
        text(f"SELECT {COLUMNS} FROM audit_events {where}ORDER BY id LIMIT :n"),  # noqa: S608 - constant columns
        {"after": after, "n": BATCH},
    )
    return [dict(row._mapping) for row in result]


def _cases_for(connection, first: int, last: int) -> dict[int, list[int]]:
    cases: dict[int, list[int]] = defaultdict(list)
    for event_id, case_id in connection.execute(
        text(
            "SELECT event_id, case_id FROM audit_event_cases "
            "WHERE event_id BETWEEN :first AND :last"
        ),
        {"first": first, "last": last},
    ):
        cases[event_id].append(case_id)
    return cases


def _orphan_case_links(connection) -> int | None:
    return connection.execute(
        text(
            "SELECT MIN(c.event_id) FROM audit_event_cases c "
            "LEFT JOIN audit_events e ON e.id = c.event_id WHERE e.id IS NULL"
        )
    ).scalar()


def head(connection) -> tuple[int, str, datetime | str] | None:
    row = connection.execute(
        text("SELECT id, hash, at FROM audit_events ORDER BY id DESC LIMIT 1")
    ).first()
    return None if row is None else (row[0], row[1], row[2])


def bad_ids(connection, key: bytes, ids: list[int]) -> set[int]:
    """Which of these entries the chain marks bad: for flagging rows on the auditor's screen.

    Checks each entry's seal and its link to the entry just before it, which is what a
    screen of results can afford; ``convivial audit verify`` walks the whole chain.
    """
    if not ids:
        return set()
    rows = {
        row["id"]: row
        for row in (
            dict(r._mapping)
            for r in connection.execute(
                text(f"SELECT {COLUMNS} FROM audit_events WHERE id IN :ids").bindparams(  # noqa: S608 - constant columns
                    _expanding("ids")
                ),
                {"ids": ids},
            )
        )
    }
    bad = set()
    cases = _cases_in(connection, ids)
    for entry_id in ids:
        row = rows.get(entry_id)
        if row is None:
            continue
        if entry_id - 1 in rows:  # a run of entries: the one before is already here
            previous = (entry_id - 1, rows[entry_id - 1]["hash"])
        else:
            previous = connection.execute(
                text("SELECT id, hash FROM audit_events WHERE id < :id ORDER BY id DESC LIMIT 1"),
                {"id": entry_id},
            ).first()
        prev_id, prev_hash = (None, GENESIS) if previous is None else previous
        if _problem(key, row, cases.get(entry_id, ()), prev_id, prev_hash or GENESIS):
            bad.add(entry_id)
    return bad


def _cases_in(connection, ids: list[int]) -> dict[int, list[int]]:
    cases: dict[int, list[int]] = defaultdict(list)
    for event_id, case_id in connection.execute(
        text("SELECT event_id, case_id FROM audit_event_cases WHERE event_id IN :ids").bindparams(
            _expanding("ids")
        ),
        {"ids": ids},
    ):
        cases[event_id].append(case_id)
    return cases


def _expanding(name: str):
    from sqlalchemy import bindparam

    return bindparam(name, expanding=True)

"""What `load_autosave.py` checks once its practitioners stop: from the database, that no
acknowledged save was lost, none silently wrote over an answer its author had never seen,
and every revision came in order; then the report, one table row per database.

The checks read what each simulated practitioner kept (`Client`): every acknowledged save
(`Ack`), errors, latencies, reloads and retries.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
from dataclasses import dataclass, field

from sqlalchemy import create_engine, text

from casework.config import normalise_database_url

HEADER = (
    "| database | practitioners | saves | saves/s | 200 | 409 | reloads | retries "
    "| reconnects "
    "| p50 ms | p90 ms | p99 ms | max ms | lost | lost by silent overwrite | out of order "
    "| errors |"
)


@dataclass
class Client:
    number: int
    username: str
    record: int
    fields: tuple
    shared: bool
    rng: random.Random
    acks: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    latencies: list = field(default_factory=list)
    refreshes: int = 0
    retries: int = 0


@dataclass
class Ack:
    client: int
    record: int
    key: str
    sent: dict
    seen: dict  # what the practitioner had seen in those answers before typing
    status: int
    revision: int
    applied: list
    conflicts: dict
    replayed: bool
    latency_ms: float


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def stored_answers(database_url: str) -> dict[int, dict]:
    """Each record's answers as stored: taken before the practitioners start typing, the
    values the first save of each answer must say it replaced."""
    engine = create_engine(normalise_database_url(database_url))
    with engine.connect() as db:
        answers = {
            r.id: _json(r.answers) for r in db.execute(text("SELECT id, answers FROM records"))
        }
    engine.dispose()
    return answers


def verify(database_url: str, clients: list[Client], initial: dict) -> dict[str, list[str]]:
    """Problems found in the database, by kind."""
    problems: dict[str, list[str]] = {"lost": [], "overwritten": [], "order": [], "errors": []}
    records = sorted({c.record for c in clients})
    engine = create_engine(normalise_database_url(database_url))
    with engine.connect() as db:
        stored = {
            r.id: (r.revision, _json(r.answers))
            for r in db.execute(text("SELECT id, revision, answers FROM records"))
        }
        saves: dict[int, list] = {r: [] for r in records}
        for s in db.execute(
            text(
                "SELECT record_id, idempotency_key, revision, changes, previous FROM record_saves "
                "ORDER BY id"
            )
        ):
            if s.record_id in saves:
                saves[s.record_id].append(
                    (s.revision, s.idempotency_key, _json(s.changes), _json(s.previous))
                )
    engine.dispose()

    acks = [a for c in clients for a in c.acks]
    for c in clients:
        problems["errors"] += [f"{c.username}: {e}" for e in c.errors]
        revisions = [a.revision for a in c.acks if a.applied]
        if any(b <= a for a, b in zip(revisions, revisions[1:], strict=False)):
            problems["order"].append(f"{c.username}: acknowledged revisions {revisions}")

    for record in records:
        revision, answers = stored[record]
        mine = [a for a in acks if a.record == record]
        _check_acks(problems, record, mine, saves[record])
        _check_last(problems, record, mine, answers)
        _check_chain(problems, record, saves[record], revision, answers, initial[record])
    return problems


def _check_acks(problems: dict, record: int, mine: list, saves: list) -> None:
    """Every acknowledged save is stored once, as acknowledged, over answers its author saw."""
    by_key = {}
    for s in saves:
        if s[1] in by_key:
            problems["order"].append(f"record {record}: save key {s[1]} stored twice")
        by_key[s[1]] = s
    for a in mine:
        row = by_key.get(a.key)
        if row is None:
            problems["lost"].append(f"record {record}: acknowledged save {a.key} not stored")
        elif row[0] != a.revision or sorted(row[2]) != sorted(a.applied):
            problems["order"].append(
                f"record {record}: save {a.key} acknowledged as revision {a.revision} "
                f"{a.applied}, stored as {row[0]} {sorted(row[2])}"
            )
        else:
            for name in a.applied:
                if blank(row[3].get(name)) != blank(a.seen[name]):
                    stale = a.sent[name] == a.seen[name]
                    how = "a stale copy (not typed in) of " if stale else ""
                    problems["overwritten"].append(
                        f"record {record}: save {a.key} wrote {how}{name} over an answer "
                        "its author had never seen"
                    )


def _check_last(problems: dict, record: int, mine: list, answers: dict) -> None:
    # the last acknowledged value of each answer is the one stored
    last: dict[str, tuple[int, object]] = {}
    for a in mine:
        for name in a.applied:
            if name not in last or a.revision > last[name][0]:
                last[name] = (a.revision, a.sent[name])
    for name, (rev, value) in last.items():
        if blank(answers.get(name)) != blank(value):
            problems["lost"].append(
                f"record {record}: {name} stored {str(answers.get(name))[-40:]!r}, last "
                f"acknowledged (revision {rev}) {str(value)[-40:]!r}"
            )


def _check_chain(
    problems: dict, record: int, saves: list, revision: int, answers: dict, initial: dict
) -> None:
    # record_saves: contiguous revisions, previous values chained, replay = stored
    changing = sorted((s for s in saves if s[2]), key=lambda s: s[0])
    numbers = [s[0] for s in changing]
    if numbers != list(range(1, len(numbers) + 1)) or revision != len(numbers):
        problems["order"].append(
            f"record {record}: revision {revision}, changing saves {numbers[:5]}..."
        )
    replayed = dict(initial)
    for number, key, changes, previous in changing:
        for name, value in changes.items():
            if previous.get(name) != replayed.get(name):
                problems["order"].append(
                    f"record {record}: save {key} (revision {number}) previous {name} "
                    "is not the value before it"
                )
            replayed[name] = value
    if replayed != answers:
        problems["order"].append(f"record {record}: replaying record_saves != stored")


def blank(value):
    """An empty answer is stored as None and posted as ""."""
    return None if value in ("", None) else value


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else float("nan")


def report(label: str, clients: list, problems: dict, elapsed: float, reconnects: int, pairs: int):
    """Print this database's row of the table, and up to ten problems of each kind; True
    if there were none."""
    acks = [a for c in clients for a in c.acks]
    latencies = [x for c in clients for x in c.latencies]
    ok = sum(a.status == 200 for a in acks)
    conflicts = sum(a.status == 409 for a in acks)
    fields_conflicted = sum(len(a.conflicts) for a in acks)
    print(
        f"| {label} | {len(clients)} ({pairs} pairs) | {len(latencies)} "
        f"| {len(latencies) / elapsed:.1f} | {ok} | {conflicts} ({fields_conflicted} fields) "
        f"| {sum(c.refreshes for c in clients)} | {sum(c.retries for c in clients)} "
        f"| {reconnects} "
        f"| {statistics.median(latencies):.0f} | {percentile(latencies, 0.9):.0f} "
        f"| {percentile(latencies, 0.99):.0f} | {max(latencies):.0f} "
        f"| {len(problems['lost'])} | {len(problems['overwritten'])} "
        f"| {len(problems['order'])} | {len(problems['errors'])} |",
        flush=True,
    )
    for kind, found in problems.items():
        for problem in found[:10]:
            print(f"  {label} {kind}: {problem}", file=sys.stderr)
    return not any(problems.values())

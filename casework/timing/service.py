"""Recording time: accept the browser's batches, and sum them into report figures.

A batch is the active seconds one person spent on one section of one record since the
page last reported. The server trusts nobody's arithmetic: it refuses a batch that is
negative, larger than a page can report at once, or that, with the other new batches,
claims more time than has passed since the person's last report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from casework import audit
from casework.cases.access import visible_to
from casework.extensions import db
from casework.library import service as library
from casework.models import Case, Record, TimeSpent, User
from casework.models.time import utcnow

# A page sends what it has at least every 30 seconds and on leaving; a batch is never
# more than one sending interval plus one pause shorter than the idle limit.
MAX_BATCH_SECONDS = 15 * 60
MAX_BATCHES = 200
MAX_KEY_LENGTH = 40
# A page sends every 30 seconds, but a slow network can hold one send back until just
# before the next arrives: allow a minute of bunching before calling a claim absurd.
WALL_TOLERANCE_SECONDS = 60


class BadBatches(ValueError):
    """The request itself is not a list of batches: nothing is counted."""


@dataclass
class Outcome:
    accepted: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "accepted": self.accepted,
            "refused": [{"key": k, "reason": r} for k, r in self.refused.items()],
        }


def _parse(raw: object) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        raise BadBatches("Send a list of time batches.")
    if len(raw) > MAX_BATCHES:
        raise BadBatches(f"Send at most {MAX_BATCHES} time batches at once.")
    batches = []
    for item in raw:
        if not isinstance(item, dict):
            raise BadBatches("Each time batch must have a key, record, section and seconds.")
        key, record, section, seconds = (
            item.get(k) for k in ("key", "record", "section", "seconds")
        )
        if not isinstance(key, str) or not 8 <= len(key) <= MAX_KEY_LENGTH:
            raise BadBatches(f"Each time batch needs a key of 8 to {MAX_KEY_LENGTH} characters.")
        if not isinstance(record, int) or isinstance(record, bool) or not 0 < record < 2**31:
            raise BadBatches("Each time batch must name its record by number.")
        if not isinstance(section, str) or not 0 < len(section) <= 64:
            raise BadBatches("Each time batch must name its section.")
        if not isinstance(seconds, int) or isinstance(seconds, bool):
            raise BadBatches("Each time batch must give whole seconds.")
        batches.append({"key": key, "record": record, "section": section, "seconds": seconds})
    return batches


def _last_report(user: User):
    return db.session.scalar(
        select(func.max(TimeSpent.received_at)).where(
            TimeSpent.user_id == user.id, TimeSpent.generated.is_(False)
        )
    )


def record_batches(user: User, raw: object) -> Outcome:
    batches = _parse(raw)
    outcome = Outcome()
    now = utcnow()
    fresh = []
    for batch in batches:
        stored_key = f"{user.id}-{batch['key']}"
        if db.session.scalar(select(TimeSpent.id).where(TimeSpent.idempotency_key == stored_key)):
            outcome.accepted.append(batch["key"])  # sent before: already counted
            continue
        reason = _refusal(user, batch)
        if reason:
            outcome.refused[batch["key"]] = reason
        else:
            fresh.append((stored_key, batch))
    claimed = sum(batch["seconds"] for _, batch in fresh)
    last = _last_report(user)
    if last is not None and fresh:
        allowed = max(0.0, (now - last).total_seconds()) + WALL_TOLERANCE_SECONDS
        if claimed > allowed:
            for _, batch in fresh:
                outcome.refused[batch["key"]] = (
                    f"These batches claim {claimed} seconds, but only {int(allowed)} seconds "
                    "have passed since your last report."
                )
            fresh = []
    for stored_key, batch in fresh:
        record = db.session.get(Record, batch["record"])
        try:
            with db.session.begin_nested():
                db.session.add(
                    TimeSpent(
                        record_id=record.id,
                        form_version_id=record.form_version_id,
                        section_id=batch["section"],
                        user_id=user.id,
                        seconds=batch["seconds"],
                        idempotency_key=stored_key,
                        received_at=now,
                    )
                )
        except IntegrityError:
            pass  # the same batch arrived on another request a moment ago: counted there
        outcome.accepted.append(batch["key"])
    if outcome.refused:
        audit.record(
            "time_refused",
            detail={"reasons": sorted(set(outcome.refused.values()))[:5]},
            commit=False,
        )
    db.session.commit()
    return outcome


def _refusal(user: User, batch: dict) -> str | None:
    if batch["seconds"] <= 0:
        return "The time must be a positive number of seconds."
    if batch["seconds"] > MAX_BATCH_SECONDS:
        return f"A page reports at most {MAX_BATCH_SECONDS} seconds at once."
    record = db.session.get(Record, batch["record"])
    if record is None or not _can_see(user, record):
        return "There is no such record that you can work on."
    form = library.form_model(record.form_version)
    if batch["section"] not in {s.id for s in form.sections}:
        return "That section is not part of this record's form."
    return None


def _can_see(user: User, record: Record) -> bool:
    found = db.session.scalar(select(Case.id).where(Case.id == record.case_id, visible_to(user)))
    return found is not None

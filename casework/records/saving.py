"""Saving answers without ever losing any.

Every save names the revision it was based on and carries an idempotency key.
- The same key again (a double-click, a retry after a dropped connection) returns the
  first result and changes nothing.
- A save based on an older revision is merged field by field: answers to fields nobody
  else changed since that revision are applied; a field someone else changed in the
  meantime is a conflict, returned with both values for a person to choose. Nothing is
  overwritten silently.
- The revision column is SQLAlchemy's version counter, so two workers racing on the
  same record cannot both win: the loser retries the merge against the winner.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from casework import audit
from casework.extensions import db
from casework.models import Record, RecordSave, User
from casework.models.time import utcnow
from casework.pathway import clocks

EDITABLE = frozenset({"draft", "returned"})
MAX_KEY_LENGTH = 64


class RecordLocked(RuntimeError):
    """The record has been submitted; it can no longer be edited."""


@dataclass
class SaveResult:
    revision: int
    saved_at: str
    base_revision: int = 0
    applied: list[str] = field(default_factory=list)
    conflicts: dict[str, dict] = field(default_factory=dict)
    replayed: bool = False
    # Answers other people saved since the page's revision, which this save did not
    # touch. A page that takes the new revision must take these values too, or its next
    # save would send its stale copies back as if they were edits.
    updated: dict = field(default_factory=dict)

    @property
    def page_revision(self) -> int:
        """The revision a page should base its next save on.

        If other people changed answers this page has not seen, the page keeps its old
        base: its next save is then compared with what it saw, so its stale copies of
        their answers are not mistaken for edits (bench/load_autosave.py found that
        adopting the newest revision silently overwrote colleagues' answers)."""
        return self.base_revision if self.updated else self.revision

    def as_json(self) -> dict:
        return {
            "revision": self.page_revision,
            "latest_revision": self.revision,
            "saved_at": self.saved_at,
            "applied": self.applied,
            "conflicts": self.conflicts,
            "replayed": self.replayed,
            "updated": self.updated,
        }


def _changed_since(record_id: int, revision: int, page_id: str | None = None) -> dict[str, int]:
    """Fields others saved after ``revision`` (not this page), with the last revision."""
    changed: dict[str, int] = {}
    query = (
        select(RecordSave)
        .where(RecordSave.record_id == record_id, RecordSave.revision > revision)
        .order_by(RecordSave.revision)
    )
    if page_id:
        query = query.where((RecordSave.page_id.is_(None)) | (RecordSave.page_id != page_id))
    for save in db.session.scalars(query):
        for field_id in save.changes:
            changed[field_id] = save.revision
    return changed


def changes_from_page(record: Record, page_answers: dict, base_revision: int) -> dict:
    """What the author of a page actually changed: answers that differ from what the
    record held at the revision their page was based on."""
    base = dict(record.answers)
    for save in db.session.scalars(
        select(RecordSave)
        .where(RecordSave.record_id == record.id, RecordSave.revision > base_revision)
        .order_by(RecordSave.revision.desc())
    ):
        base.update(save.previous or {})  # newest first, so the oldest previous value wins
    return {
        field_id: value
        for field_id, value in page_answers.items()
        if value != base.get(field_id)
        and not (value in (None, "", [], {}) and field_id not in base)
    }


def _replay(record: Record, key: str) -> SaveResult | None:
    earlier = db.session.scalar(
        select(RecordSave).where(
            RecordSave.record_id == record.id, RecordSave.idempotency_key == key
        )
    )
    if earlier is None:
        return None
    return SaveResult(
        revision=earlier.revision,
        saved_at=earlier.saved_at.isoformat(timespec="seconds"),
        applied=sorted(earlier.changes),
        replayed=True,
    )


def save(
    user: User,
    record: Record,
    changes: dict,
    *,
    base_revision: int,
    idempotency_key: str,
    kind: str = "autosave",
    page_id: str | None = None,
    attempts: int = 3,
) -> SaveResult:
    key = idempotency_key[:MAX_KEY_LENGTH]
    for _ in range(attempts):
        replayed = _replay(record, key)
        if replayed:
            return replayed
        if record.status not in EDITABLE:
            raise RecordLocked(record.status)
        conflicts: dict[str, dict] = {}
        updated: dict = {}
        applying = dict(changes)
        if base_revision != record.revision:
            others = _changed_since(record.id, base_revision, page_id)
            for field_id in others.keys() & changes.keys():
                if record.answers.get(field_id) != changes[field_id]:
                    conflicts[field_id] = {
                        "yours": changes[field_id],
                        "theirs": record.answers.get(field_id),
                    }
                applying.pop(field_id)
            updated = {f: record.answers.get(f) for f in others.keys() - changes.keys()}
        # A change to the value already stored is no change: re-sending it after an
        # older base must not create a revision or a conflict.
        applying = {
            k: v for k, v in applying.items() if k not in record.answers or record.answers[k] != v
        }
        try:
            result = _apply(user, record, applying, base_revision, key, kind, page_id)
        except (StaleDataError, IntegrityError):
            db.session.rollback()
            db.session.refresh(record)
            continue
        result.conflicts = conflicts
        result.updated = updated
        result.base_revision = base_revision
        return result
    raise RuntimeError("The record kept changing while saving; try again.")


def _apply(user, record, applying, base_revision, key, kind, page_id=None) -> SaveResult:
    now = utcnow()
    previous = {field_id: record.answers.get(field_id) for field_id in applying}
    if applying:
        answers = dict(record.answers)
        answers.update(applying)
        record.answers = answers
        record.updated_at = now
        record.updated_by_id = user.id
        record.revision = record.revision + 1
    db.session.add(
        RecordSave(
            record_id=record.id,
            idempotency_key=key,
            page_id=page_id,
            base_revision=base_revision,
            revision=record.revision,
            kind=kind,
            changes=applying,
            previous=previous,
            user_id=user.id,
            saved_at=now,
        )
    )
    # A date that starts a clock (the concern date) starts it now, not at sign-off.
    clocks.answers_saved(record, applying)
    audit.record(
        "record_saved",
        user=user,
        record_type="record",
        record_id=record.id,
        detail={"kind": kind, "fields": sorted(applying), "revision": record.revision},
        commit=False,
    )
    db.session.commit()
    return SaveResult(
        revision=record.revision,
        saved_at=now.isoformat(timespec="seconds"),
        applied=sorted(applying),
    )

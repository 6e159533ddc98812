"""Pruning the snapshots a draft keeps of itself (`design_draft_edits.document`).

Every edit stores the whole document after it (~40 KB for a large form) so that an
edit made on an older page can be merged: service._merged applies it to the snapshot
of the revision that page showed (the three-way merge's base) and merges the result
into the current draft. Any revision may be some open page's base, so what is kept
is what a working group can still have open:

- the latest KEEP_LATEST revisions, and every revision saved within KEEP_FOR, so a
  page left open for a working day still merges;
- every revision that was proposed for review or approved, so what the working group
  was asked to agree to can always be shown;
- the current revision (it is the draft itself).

A pruned snapshot keeps its history line (revision, summary, operation, who, when);
only its document is cleared (stored as JSON null, so the column needs no migration).
An edit posted from a page whose snapshot was cleared is refused with "reload the
page", never merged against the wrong base. Once a draft is published nothing merges
into it any more, so only the referenced revisions and the last one are kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import JSON, String, cast, select, update

from casework.extensions import db
from casework.models import AuditEvent
from casework.models.designer import DesignDraft, DraftApproval, DraftEdit
from casework.models.time import utcnow

REVIEW_ACTIONS = ("design_proposed", "design_resubmitted", "design_approved")
KEEP_LATEST = 20
KEEP_FOR = timedelta(hours=24)


def to_clear(
    edits: list[tuple[int, datetime]],
    *,
    current: int,
    referenced: Iterable[int],
    now: datetime,
    closed: bool = False,
) -> set[int]:
    """The revisions whose document may go, from (revision, saved at) pairs (pure)."""
    keep = {current, *referenced}
    if not closed:
        keep |= {r for r, _ in edits if r > current - KEEP_LATEST}
        keep |= {r for r, at in edits if at is not None and now - at < KEEP_FOR}
    return {r for r, _ in edits} - keep


def referenced_revisions(draft: DesignDraft) -> set[int]:
    """Revisions the review refers to: each current approval's, and every revision
    that was proposed or approved (the audit trail records which; an approval given
    again later replaces its row, but not its audit entry)."""
    out = set(
        db.session.scalars(select(DraftApproval.revision).where(DraftApproval.draft_id == draft.id))
    )
    details = db.session.scalars(
        select(AuditEvent.detail).where(
            AuditEvent.action.in_(REVIEW_ACTIONS),
            AuditEvent.record_type == "design_draft",
            AuditEvent.record_id == str(draft.id),
        )
    )
    out |= {
        d["revision"] for d in details if isinstance(d, dict) and isinstance(d.get("revision"), int)
    }
    return out


def prune(draft: DesignDraft, now: datetime | None = None) -> int:
    """Clear the documents of snapshots nothing can need any more; how many."""
    edits = [
        (revision, at)
        for revision, at in db.session.execute(
            select(DraftEdit.revision, DraftEdit.at).where(DraftEdit.draft_id == draft.id)
        )
    ]
    gone = to_clear(
        edits,
        current=draft.revision,
        referenced=referenced_revisions(draft),
        now=now or utcnow(),
        closed=draft.status == "published",
    )
    if not gone:
        return 0
    result = db.session.execute(
        update(DraftEdit)
        .where(
            DraftEdit.draft_id == draft.id,
            DraftEdit.revision.in_(sorted(gone)),
            # Already cleared rows are left alone, so each edit rewrites only new ones.
            cast(DraftEdit.document, String) != "null",
        )
        .values(document=JSON.NULL)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount or 0

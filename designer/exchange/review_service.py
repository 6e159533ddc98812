"""Imports go through the same review and approval as local drafts.

Sending an import for approval makes a draft of kind "import" (its target is the
import's token): the bundle's rationale, the person's reason and each change as a
sentence, as they stood when sent. Reviewers write their own view first, then approve,
reject or ask for changes exactly as for a form (designer/editor/review/service.py and
outcomes.py); the importer can never approve their own import. Only an approved import
is written to the library, by a designer, and its change sets record the importer as
author, the approvers and their views, and who published it.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from casework import audit
from casework.extensions import db
from casework.models import User
from casework.models.designer import DesignDraft
from casework.models.time import utcnow
from designer.editor.review import service as review
from designer.editor.review.service import ReviewRefused
from designer.exchange import steps as flow
from designer.exchange.uploads import Pending, PendingImports

KIND = "import"
# An import that may be sent (again): never sent, withdrawn, or sent back for changes.
SENDABLE = ("draft", "returned")


def draft_for(token: str) -> DesignDraft | None:
    """The import's draft, whatever its state (an import has at most one)."""
    return db.session.scalar(
        select(DesignDraft)
        .where(DesignDraft.kind == KIND, DesignDraft.target_id == token)
        .order_by(DesignDraft.id.desc())
    )


def _document(pending: Pending, writes: list[dict], previews) -> dict:
    """What the approver reads, kept as it was sent (plain data: JSON in the row)."""
    reasons = [
        {"title": p.title, "kind": p.kind, "taken": p.taken}
        for p in previews
        if p.taken and p.status in ("new", "merge")
    ]
    doc = {
        "council": pending.council,
        "pathway": pending.pathway,
        "filename": pending.filename,
        "writes": writes,
        "their_reasons": reasons,
    }
    return json.loads(json.dumps(doc, default=str))


def submit(store: PendingImports, pending: Pending, user: User, root: str | Path) -> DesignDraft:
    """Send the import, as chosen, for someone else's approval; nothing is written yet.
    Raises ChoiceProblem when the choices no longer fit the library."""
    writes, previews = flow.confirmation(store, pending, root)
    document = _document(pending, writes, previews)
    named = next((p.title for p in previews if p.id == pending.pathway), pending.pathway)
    draft, now = draft_for(pending.token), utcnow()
    if draft is not None and draft.status not in SENDABLE:
        raise ReviewRefused(f"This import is {draft.status_name.lower()} already")
    if draft is None:
        draft = DesignDraft(
            kind=KIND,
            target_id=pending.token,
            base_version=0,
            revision=0,
            created_by_id=user.id,
            created_at=now,
        )
        db.session.add(draft)
    else:
        draft.revision = draft.revision + 1  # approvals given before were of other choices
    draft.title = f"Changes from {pending.council} to ‘{named}’"[:200]
    draft.document = document
    draft.rationale = pending.choices["rationale"][:5000]
    draft.status, draft.proposed_at = "proposed", now
    draft.updated_by_id, draft.updated_at = user.id, now
    db.session.flush()
    audit.record(
        "library_import_submitted",
        user=user,
        record_type="design_draft",
        record_id=draft.id,
        detail={"import": pending.token, "council": pending.council, "revision": draft.revision},
        commit=False,
    )
    db.session.commit()
    return draft


def publish(
    store: PendingImports, user: User, draft: DesignDraft, root: str | Path, council: str | None
):
    """Write the approved import to the library and make it live, once. Returns
    (pending, first_time) as flow.publish does."""
    if draft.kind != KIND:
        raise ReviewRefused("This is not an import")
    if draft.status != "approved" or not review.approvals(draft):
        raise ReviewRefused("Someone other than the importer must approve it first")
    reviewers = sorted({a.user.full_name for a in review.approvals(draft)})
    pending, first_time = flow.publish(
        store,
        draft.target_id,
        user,
        root,
        council,
        review={
            "owner_id": draft.created_by_id,
            "author": draft.created_by.full_name,
            "reviewers": reviewers,
            "views": review.written_views(draft),
        },
    )
    if draft.status != "published":
        draft.status, draft.published_at = "published", utcnow()
        audit.record(
            "design_published",
            user=user,
            record_type="design_draft",
            record_id=draft.id,
            detail={
                "import": draft.target_id,
                "written": pending.written,
                "rationale": draft.rationale,
                "reviewers": reviewers,
            },
            commit=False,
        )
        db.session.commit()
    return pending, first_time


def let_go(store: PendingImports, draft: DesignDraft) -> None:
    """A rejected or discarded import's bundle is not kept for a publish that cannot come."""
    pending = store.get(draft.target_id, draft.created_by_id)
    if pending is not None and pending.written is None:
        store.discard(pending)

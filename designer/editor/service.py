"""The only door to designer drafts.

Edits arrive as small operations (designer.editor.forms.operations) with the revision the
designer's page was based on. On the current revision an operation simply applies. On
an older one it is applied to the draft *as that designer saw it* and the result is
merged by id into the current draft with the change engine's three-way merge, so two
designers changing different things both keep their work, and a question both changed
differently is returned as a conflict with both values, never silently overwritten.
The revision is SQLAlchemy's optimistic lock, so two workers cannot both win a race.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from casework import audit
from casework.extensions import db
from casework.library import service as library
from casework.models import FormVersion, PathwayVersion, User
from casework.models.designer import DesignDraft, DraftEdit
from casework.models.time import utcnow
from designer.changes import merge
from designer.editor import checking
from designer.editor import snapshots_service as snapshots
from designer.editor.forms import operations
from designer.editor.forms.operations import OperationRefused
from designer.editor.pathways import operations as pathway_ops
from designer.editor.pathways import stage_removal
from renderer.definitions import form_from_mapping

OPEN_STATES = ("draft", "proposed", "returned", "approved")
# Drafts of definitions; an import (kind "import") is reviewed like them but is not
# edited in the designer and has no place in the library's lists of forms.
DEFINITION_KINDS = ("form", "pathway")


class DraftNotFound(LookupError):
    pass


class DraftClosed(RuntimeError):
    """The draft has been published, rejected or discarded; start a new draft to change
    the form again."""


@dataclass
class EditResult:
    revision: int
    applied: bool
    conflicts: list[str] = field(default_factory=list)
    merged: bool = False


def get(draft_id: int) -> DesignDraft:
    draft = db.session.get(DesignDraft, draft_id)
    if draft is None:
        raise DraftNotFound(draft_id)
    return draft


def open_drafts() -> list[DesignDraft]:
    return list(
        db.session.scalars(
            select(DesignDraft)
            .where(DesignDraft.status.in_(OPEN_STATES), DesignDraft.kind.in_(DEFINITION_KINDS))
            .order_by(DesignDraft.updated_at.desc())
        )
    )


def open_draft_for(target_id: str) -> DesignDraft | None:
    return db.session.scalar(
        select(DesignDraft).where(
            DesignDraft.target_id == target_id,
            DesignDraft.status.in_(OPEN_STATES),
            DesignDraft.kind.in_(DEFINITION_KINDS),
        )
    )


def last_closed(target_ids) -> dict[str, DesignDraft]:
    """target id -> its latest rejected draft, where that is newer than anything
    published or opened for it since: the library marks it "Rejected"."""
    rows = db.session.scalars(
        select(DesignDraft)
        .where(DesignDraft.kind.in_(DEFINITION_KINDS), DesignDraft.target_id.in_(list(target_ids)))
        .where(DesignDraft.status.in_(("rejected", "published")))
        .order_by(DesignDraft.id)
    )
    latest: dict[str, DesignDraft] = {}
    for draft in rows:
        latest[draft.target_id] = draft
    return {k: d for k, d in latest.items() if d.status == "rejected"}


def recently_published(limit: int = 20) -> list[DesignDraft]:
    return list(
        db.session.scalars(
            select(DesignDraft)
            .where(DesignDraft.status == "published", DesignDraft.kind.in_(DEFINITION_KINDS))
            .order_by(DesignDraft.published_at.desc())
            .limit(limit)
        )
    )


def _create(user: User, target_id: str, document: dict, base, kind: str = "form") -> DesignDraft:
    now = utcnow()
    draft = DesignDraft(
        kind=kind,
        target_id=target_id,
        title=document.get("title") or target_id,
        document=document,
        base_version=base.version if base else 0,
        base_sha256=base.sha256 if base else None,
        revision=0,
        status="draft",
        rationale="",
        created_by_id=user.id,
        created_at=now,
        updated_by_id=user.id,
        updated_at=now,
    )
    db.session.add(draft)
    db.session.flush()
    # Revision 0's snapshot: an edit made on the first page ever shown merges from here.
    db.session.add(
        DraftEdit(
            draft_id=draft.id,
            revision=0,
            base_revision=0,
            summary="Started the draft",
            operation={"op": "start"},
            document=document,
            user_id=user.id,
            at=now,
        )
    )
    audit.record(
        "design_draft_started",
        user=user,
        record_type="design_draft",
        record_id=draft.id,
        detail={"target": target_id},
        commit=False,
    )
    db.session.commit()
    return draft


def start_new_form(user: User, title: str, form_id: str | None = None) -> DesignDraft:
    """A draft of a form nobody has published yet."""
    taken = {f.form_id for f in library.latest_forms()} | {d.target_id for d in open_drafts()}
    ident = form_id or operations.make_id(title, taken, prefix="form")
    if ident in taken:
        raise OperationRefused(f"There is already a form or a draft with the id '{ident}'.")
    doc = operations.new_form(ident, title, owner=f"{user.team.name}" if user.team else "")
    return _create(user, ident, doc, None)


def start_from_published(user: User, form_id: str) -> DesignDraft:
    """The open draft of this form (designers share one), or a new one from the
    latest published version."""
    existing = open_draft_for(form_id)
    if existing is not None:
        return existing
    base = library.latest_form_version(form_id)
    if base is None:
        raise DraftNotFound(form_id)
    return _create(user, form_id, dict(base.definition), base)


def start_pathway_draft(user: User, pathway_id: str) -> DesignDraft:
    """The open draft of this pathway, or a new one from its latest published version."""
    existing = open_draft_for(pathway_id)
    if existing is not None:
        return existing
    base = library.latest_pathway_version(pathway_id)
    if base is None:
        raise DraftNotFound(pathway_id)
    return _create(user, pathway_id, dict(base.definition), base, kind="pathway")


def published_forms() -> dict:
    """form id -> Form model of the latest published versions (a pathway is checked
    against these)."""
    return {f.form_id: form_from_mapping(f.definition) for f in library.latest_forms()}


def check(draft: DesignDraft, doc: dict | None = None, source=None) -> checking.CheckResult:
    """The loader's verdict on the draft (or on `doc`, a proposed replacement)."""
    doc = draft.document if doc is None else doc
    if draft.kind == "pathway":
        return checking.check_pathway(doc, published_forms(), source)
    return checking.check(doc, source)


def base_document(draft: DesignDraft) -> dict | None:
    """The published version the draft started from (None for a new form)."""
    if not draft.base_version:
        return None
    model, column = (
        (PathwayVersion, PathwayVersion.pathway_id)
        if draft.kind == "pathway"
        else (FormVersion, FormVersion.form_id)
    )
    row = db.session.scalar(
        select(model).where(column == draft.target_id, model.version == draft.base_version)
    )
    return row.definition if row else None


def locked_fields(draft: DesignDraft) -> dict[str, dict]:
    """Statutory fields of the published base: they can be neither deleted nor retyped."""
    if draft.kind == "pathway":
        return {}
    return operations.statutory_fields(base_document(draft))


def stage_locks(draft: DesignDraft) -> tuple[dict[str, str], dict[str, str]]:
    """(stage id -> why it is statutory, stage id -> the form it keeps) for the
    published base: statutory stages cannot be deleted, and a stage whose form feeds a
    statutory return keeps that form."""
    if draft.kind != "pathway":
        return {}, {}
    forms = {f.form_id: f.definition for f in library.latest_forms()}
    base = base_document(draft)
    return stage_removal.statutory_stages(base, forms), stage_removal.statutory_forms(base, forms)


def locked_stages(draft: DesignDraft) -> dict[str, str]:
    """Statutory stages of the published base (stage id -> why): they cannot be deleted."""
    return stage_locks(draft)[0]


def _apply(doc: dict, op: dict) -> dict:
    if op.get("op") in pathway_ops.OPS:
        return pathway_ops.apply(doc, op)
    return operations.apply(doc, op)


def _summary(op: dict) -> str:
    if op.get("op") in pathway_ops.OPS:
        return pathway_ops.summary(op)
    return operations.summary(op)


def prune_snapshots(draft: DesignDraft) -> None:
    """Housekeeping after an edit has been saved: it must never undo or fail the edit,
    so a failure is rolled back and the next edit simply tries again."""
    try:
        snapshots.prune(draft)
    except SQLAlchemyError:
        db.session.rollback()


def snapshot(draft: DesignDraft, revision: int) -> dict | None:
    """The document at that revision; None if there is no such revision or its
    snapshot has been pruned (snapshots.py), so no merge ever uses another base."""
    edit = db.session.scalar(
        select(DraftEdit).where(DraftEdit.draft_id == draft.id, DraftEdit.revision == revision)
    )
    return edit.document if edit else None


def history(draft: DesignDraft, limit: int = 30) -> list[DraftEdit]:
    return list(
        db.session.scalars(
            select(DraftEdit)
            .where(DraftEdit.draft_id == draft.id)
            .order_by(DraftEdit.revision.desc())
            .limit(limit)
        )
    )


def _merged(draft: DesignDraft, op: dict, base_revision: int) -> tuple[dict, list[str], bool]:
    current = draft.document
    if base_revision == draft.revision:
        return _apply(current, op), [], False
    base = snapshot(draft, base_revision)
    if base is None or base_revision > draft.revision:
        raise OperationRefused("The page was out of date; reload it and make the change again.")
    theirs = _apply(base, op)
    result = merge(base, current, theirs, kind=draft.kind)
    conflicts = [
        f"{c.subject}: {c.reason} (your change: {c.sentence})"
        for c in result.conflicts
        if c.level != "soft"
    ]
    return result.merged, conflicts, True


def edit(
    user: User, draft: DesignDraft, op: dict, *, base_revision: int, attempts: int = 3
) -> EditResult:
    """Apply one operation; raise OperationRefused (nothing saved) with the reason when
    it cannot apply or would break a statutory lock."""
    locked, (stages, stage_forms) = locked_fields(draft), stage_locks(draft)
    for _ in range(attempts):
        if draft.status not in OPEN_STATES or draft.kind not in DEFINITION_KINDS:
            raise DraftClosed(draft.id)
        document, conflicts, merged = _merged(draft, op, base_revision)
        broken = operations.locked_problems(document, locked)
        broken += stage_removal.locked_problems(document, stages, stage_forms)
        if broken:
            raise OperationRefused(" ".join(broken))
        if document == draft.document:
            return EditResult(draft.revision, applied=False, conflicts=conflicts, merged=merged)
        try:
            now = utcnow()
            draft.document = document
            draft.title = str(document.get("title") or draft.target_id)[:200]
            draft.revision = draft.revision + 1
            draft.updated_by_id = user.id
            draft.updated_at = now
            if draft.status == "approved":
                draft.status = "proposed"  # the approval was of the previous revision
            db.session.add(
                DraftEdit(
                    draft_id=draft.id,
                    revision=draft.revision,
                    base_revision=base_revision,
                    summary=_summary(op),
                    operation=op,
                    document=document,
                    user_id=user.id,
                    at=now,
                )
            )
            db.session.commit()
        except (StaleDataError, IntegrityError):
            db.session.rollback()
            db.session.refresh(draft)
            continue
        prune_snapshots(draft)
        return EditResult(draft.revision, applied=True, conflicts=conflicts, merged=merged)
    raise RuntimeError("The draft kept changing while saving; try again.")


def waiting_for_approval() -> list[DesignDraft]:
    """Drafts and imports proposed and not yet approved at their latest revision, oldest
    proposal first (the longest wait at the top)."""
    return list(
        db.session.scalars(
            select(DesignDraft)
            .where(DesignDraft.status == "proposed")
            .order_by(DesignDraft.proposed_at, DesignDraft.id)
        )
    )


def review_queue(user: User) -> dict[str, list[DesignDraft]]:
    """The approver's queue: what waits for them (not their own), what of theirs waits
    for someone else, what was sent back to them, and what is approved but not live."""
    waiting = waiting_for_approval()
    returned = db.session.scalars(
        select(DesignDraft)
        .where(DesignDraft.status == "returned", DesignDraft.created_by_id == user.id)
        .order_by(DesignDraft.updated_at.desc())
    )
    approved = db.session.scalars(
        select(DesignDraft)
        .where(DesignDraft.status == "approved")
        .order_by(DesignDraft.updated_at.desc())
    )
    return {
        "for_you": [d for d in waiting if d.created_by_id != user.id],
        "yours": [d for d in waiting if d.created_by_id == user.id],
        "returned": list(returned),
        "approved": list(approved),
    }

"""Working-group review of a draft, and publishing it (the only door to both).

A draft becomes a proposal with a rationale. Each member writes their own view before
they may read anyone else's (write first, then discuss), then comments and approvals
follow. An approval counts only for the revision it was given on and never from the
draft's author. Publishing writes the new version file and its change set into the
library folder through the change engine, then syncs the library into the database.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlalchemy import select

from casework import audit
from casework.extensions import db
from casework.library import service as library_service
from casework.models import User
from casework.models.designer import DesignDraft, DraftApproval, DraftComment, DraftView
from casework.models.time import utcnow
from designer.changes import Library, make_changeset
from designer.editor import service


class ReviewRefused(RuntimeError):
    """Said to the person, as is: why this step cannot happen now."""


# -- proposal, views, comments, approvals ---------------------------------------------


def propose(user: User, draft: DesignDraft, rationale: str) -> None:
    """Propose the draft, or send it back for approval after changes were asked for."""
    rationale = (rationale or "").strip()
    if not rationale:
        raise ReviewRefused("Enter why the working group is making this change")
    if draft.status not in service.OPEN_STATES:
        raise ReviewRefused(f"This draft is {draft.status_name.lower()}, so it cannot be proposed")
    if draft.kind == "import":
        raise ReviewRefused("Send an import for approval from its ‘Check your choices’ page")
    if not service.check(draft).ok:
        raise ReviewRefused("Fix the errors in the draft before proposing it")
    draft.rationale = rationale[:5000]
    again = draft.status == "returned"
    if draft.status in ("draft", "returned"):
        draft.status = "proposed"
        draft.proposed_at = utcnow()
    audit.record(
        "design_resubmitted" if again else "design_proposed",
        user=user,
        record_type="design_draft",
        record_id=draft.id,
        detail={"revision": draft.revision},
        commit=False,
    )
    db.session.commit()


def own_view(user: User, draft: DesignDraft) -> DraftView | None:
    return db.session.scalar(
        select(DraftView).where(DraftView.draft_id == draft.id, DraftView.user_id == user.id)
    )


def write_view(user: User, draft: DesignDraft, text: str) -> None:
    text = (text or "").strip()
    if not text:
        raise ReviewRefused("Enter your view of the change")
    if own_view(user, draft) is not None:
        raise ReviewRefused("You have already recorded your view; add a comment instead")
    if draft.status not in ("proposed", "approved"):
        raise ReviewRefused("Views are recorded once the draft is proposed")
    db.session.add(DraftView(draft_id=draft.id, user_id=user.id, text=text[:5000], at=utcnow()))
    db.session.commit()


def views_for(user: User, draft: DesignDraft) -> list[DraftView] | None:
    """Everyone's views, or None while this person has not written their own: nobody
    is anchored by what others thought first."""
    if own_view(user, draft) is None:
        return None
    return list(
        db.session.scalars(
            select(DraftView).where(DraftView.draft_id == draft.id).order_by(DraftView.at)
        )
    )


def view_count(draft: DesignDraft) -> int:
    return len(list(db.session.scalars(select(DraftView.id).where(DraftView.draft_id == draft.id))))


def comment(user: User, draft: DesignDraft, text: str) -> None:
    text = (text or "").strip()
    if not text:
        raise ReviewRefused("Enter a comment")
    if own_view(user, draft) is None:
        raise ReviewRefused("Record your own view before joining the discussion")
    db.session.add(DraftComment(draft_id=draft.id, user_id=user.id, text=text[:5000], at=utcnow()))
    db.session.commit()


def comments(draft: DesignDraft, purpose: str | None = None) -> list[DraftComment]:
    """The discussion, or only what was asked to change (purpose "changes"), or why the
    draft was rejected ("rejection"); oldest first."""
    query = select(DraftComment).where(DraftComment.draft_id == draft.id)
    if purpose is not None:
        query = query.where(DraftComment.purpose == purpose)
    return list(db.session.scalars(query.order_by(DraftComment.at, DraftComment.id)))


def written_views(draft: DesignDraft) -> list[dict]:
    """Every reviewer's view, as the change set records them (in the order written)."""
    rows = db.session.scalars(
        select(DraftView).where(DraftView.draft_id == draft.id).order_by(DraftView.at, DraftView.id)
    )
    return [{"by": v.user.full_name, "view": v.text} for v in rows]


def approvals(draft: DesignDraft, *, current_only: bool = True) -> list[DraftApproval]:
    query = select(DraftApproval).where(DraftApproval.draft_id == draft.id)
    if current_only:
        query = query.where(DraftApproval.revision == draft.revision)
    return list(db.session.scalars(query.order_by(DraftApproval.at)))


def approve(user: User, draft: DesignDraft) -> None:
    if draft.status not in ("proposed", "approved"):
        raise ReviewRefused("Only a proposed draft can be approved")
    if user.id == draft.created_by_id:
        raise ReviewRefused("Someone other than the draft's author must approve it")
    if own_view(user, draft) is None:
        raise ReviewRefused("Record your own view before approving")
    existing = db.session.scalar(
        select(DraftApproval).where(
            DraftApproval.draft_id == draft.id, DraftApproval.user_id == user.id
        )
    )
    if existing is None:
        db.session.add(
            DraftApproval(draft_id=draft.id, user_id=user.id, revision=draft.revision, at=utcnow())
        )
    else:  # approving again after further edits approves the new revision
        existing.revision, existing.at = draft.revision, utcnow()
    draft.status = "approved"
    audit.record(
        "design_approved",
        user=user,
        record_type="design_draft",
        record_id=draft.id,
        detail={"revision": draft.revision},
        commit=False,
    )
    db.session.commit()


# -- publishing -----------------------------------------------------------------------


def publish(user: User, draft: DesignDraft) -> int:
    """Write the new version and its change set, sync the library; the new version."""
    if draft.kind == "import":
        raise ReviewRefused("An import is published from its own review page")
    if draft.status != "approved" or not approvals(draft):
        raise ReviewRefused("The draft needs an approval of its latest changes first")
    result = service.check(draft)
    if not result.ok:
        raise ReviewRefused("Fix the errors in the draft before publishing it")
    root = Path(current_app.config["LIBRARY_PATH"])
    lib = Library(root)
    previous = lib.rebuild(draft.target_id, draft.kind)
    latest = previous["version"] if previous else 0
    if latest != draft.base_version:
        raise ReviewRefused(
            f"Version {latest} was published after this draft started from version "
            f"{draft.base_version}. Start a new draft from version {latest} and make "
            "these changes there."
        )
    version = latest + 1
    reviewers = sorted({a.user.full_name for a in approvals(draft)})
    changeset = make_changeset(
        previous,
        draft.document,
        rationale=draft.rationale,
        author=draft.created_by.full_name,
        council=current_app.config.get("COUNCIL_NAME"),
        reviewers=reviewers,
        published_by=user.full_name,
        version=version,
        views=written_views(draft),
    )
    definition_path = lib.definition_path(draft.kind, draft.target_id)
    before = definition_path.read_bytes() if definition_path.exists() else None
    changeset_path = lib.write_changeset(changeset)
    lib.write_definition(dict(draft.document, version=version), draft.kind)
    try:
        library_service.sync(root)
    except Exception:
        # The library folder must not keep a version the service refused.
        db.session.rollback()
        changeset_path.unlink(missing_ok=True)
        if before is None:
            definition_path.unlink(missing_ok=True)
        else:
            definition_path.write_bytes(before)
        raise
    draft.status = "published"
    draft.published_version = version
    draft.published_at = utcnow()
    audit.record(
        "design_published",
        user=user,
        record_type="design_draft",
        record_id=draft.id,
        detail={
            draft.kind: draft.target_id,
            "version": version,
            "changeset": changeset["id"],
            "rationale": draft.rationale,
            "reviewers": reviewers,
        },
        commit=False,
    )
    db.session.commit()
    # Nothing merges into a published draft: only what the review refers to is kept.
    service.prune_snapshots(draft)
    return version

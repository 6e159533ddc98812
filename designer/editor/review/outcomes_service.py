"""Review that can say no: reject, ask for changes, withdraw, discard.

An approver (anyone who may review, never the draft's author) can reject a proposed
draft with a reason, which closes it for good, or ask for changes with comments, which
sends it back to its author to edit and propose again. The author can withdraw a
proposal to go on editing, and discard a draft altogether. Nothing is deleted: a
rejected or discarded draft stays in the database (and the audit log says who, when
and why); a discarded one is simply gone from every list and page. Imports (drafts of
kind "import") follow the same rules; designer/exchange/review_service.py does what is
particular to them (the uploaded bundle is let go when the import is closed).
"""

from __future__ import annotations

from casework import audit
from casework.extensions import db
from casework.models import User
from casework.models.designer import DesignDraft, DraftApproval, DraftComment
from casework.models.time import utcnow
from designer.editor.review.service import ReviewRefused
from designer.editor.service import OPEN_STATES

UNDER_REVIEW = ("proposed", "approved")


def _reviewer(user: User, draft: DesignDraft, doing: str) -> None:
    if draft.status not in UNDER_REVIEW:
        raise ReviewRefused(f"Only a draft waiting for approval can be {doing}")
    if user.id == draft.created_by_id:
        raise ReviewRefused(
            f"You started this {'import' if draft.kind == 'import' else 'draft'}; "
            "someone else reviews it. Withdraw it if you want to change it."
        )


def _author(user: User, draft: DesignDraft, doing: str) -> None:
    if user.id != draft.created_by_id:
        raise ReviewRefused(f"Only {draft.created_by.full_name}, who started it, can {doing} it")


def _say(user: User, draft: DesignDraft, text: str, purpose: str, missing: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ReviewRefused(missing)
    db.session.add(
        DraftComment(
            draft_id=draft.id, user_id=user.id, text=text[:5000], purpose=purpose, at=utcnow()
        )
    )
    return text


def _forget_approvals(draft: DesignDraft) -> None:
    """Approvals were of the proposal as it stood: a new proposal needs new ones."""
    db.session.query(DraftApproval).filter(DraftApproval.draft_id == draft.id).delete(
        synchronize_session=False
    )


def _audit(action: str, user: User, draft: DesignDraft, **detail) -> None:
    audit.record(
        action,
        user=user,
        record_type="design_draft",
        record_id=draft.id,
        detail={"revision": draft.revision, "kind": draft.kind, **detail},
        commit=False,
    )


def reject(user: User, draft: DesignDraft, reason: str) -> None:
    """Close the draft with a reason: it is kept, shown as rejected, never published."""
    _reviewer(user, draft, "rejected")
    text = _say(user, draft, reason, "rejection", "Enter why you are rejecting the change")
    _forget_approvals(draft)
    draft.status, draft.closed_by_id, draft.closed_at = "rejected", user.id, utcnow()
    _audit("design_rejected", user, draft, reason=text[:500])
    db.session.commit()


def request_changes(user: User, draft: DesignDraft, comments: str) -> None:
    """Send the draft back to its author with what to change; the comments are kept."""
    _reviewer(user, draft, "sent back for changes")
    text = _say(user, draft, comments, "changes", "Enter what should change")
    _forget_approvals(draft)
    draft.status = "returned"
    _audit("design_changes_requested", user, draft, comments=text[:500])
    db.session.commit()


def withdraw(user: User, draft: DesignDraft) -> None:
    """Take a proposal back to go on editing it; views and comments stay."""
    _author(user, draft, "withdraw")
    if draft.status not in UNDER_REVIEW:
        raise ReviewRefused("Only a draft waiting for approval can be withdrawn")
    _forget_approvals(draft)
    draft.status = "draft"
    _audit("design_withdrawn", user, draft)
    db.session.commit()


def discard(user: User, draft: DesignDraft) -> None:
    """Remove the draft from the library for good; the row and the audit entry stay."""
    _author(user, draft, "discard")
    if draft.status not in OPEN_STATES:
        raise ReviewRefused(f"This draft is {draft.status_name.lower()}; it cannot be discarded")
    _forget_approvals(draft)
    draft.status, draft.closed_by_id, draft.closed_at = "discarded", user.id, utcnow()
    _audit("design_discarded", user, draft, title=draft.title[:200])
    db.session.commit()

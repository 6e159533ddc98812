"""Working-group review: propose with a rationale, write your view first, discuss,
approve (never your own draft), see the impact, publish."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for
from flask_login import current_user

from casework import access
from casework.library.service import LibraryError
from casework.timing import design_service as design_time
from designer.changes import DefinitionError
from designer.editor import pages, review, service
from designer.editor.blueprint import EDIT, REVIEW, bp
from designer.editor.impact import impact_of

ACTIONS = {
    "propose": lambda draft: review.propose(current_user, draft, request.form.get("rationale")),
    "view": lambda draft: review.write_view(current_user, draft, request.form.get("view")),
    "comment": lambda draft: review.comment(current_user, draft, request.form.get("comment")),
    "approve": lambda draft: review.approve(current_user, draft),
}
# Errors are keyed by the input they are about, so the summary links to it.
INPUT = {"propose": "rationale"}
DONE = {
    "propose": "Proposed for review",
    "view": "Your view is recorded; you can now read everyone else's",
    "comment": "Comment added",
    "approve": "Approved",
}


@bp.route("/drafts/<int:draft_id>/review")
@access.roles(*REVIEW)
def review_page(draft_id: int, errors: dict | None = None):
    draft = pages.draft_or_404(draft_id)
    return pages.render(
        "designer/review.html",
        draft,
        title=f"{draft.title}: review and publish",
        errors=errors or {},
        impact=impact_of(draft, service.base_document(draft)),
        measured=(
            design_time.current_by_section(
                draft.target_id, current_app.config["TIMING_MIN_RECORDS"]
            )
            if draft.kind == "form"
            else None
        ),
        own_view=review.own_view(current_user, draft),
        views=review.views_for(current_user, draft),
        view_count=review.view_count(draft),
        comments=review.comments(draft),
        approvals=review.approvals(draft),
        stale=[
            a for a in review.approvals(draft, current_only=False) if a.revision != draft.revision
        ],
        edits=service.history(draft),
    )


@bp.route("/drafts/<int:draft_id>/review/<action>", methods=["POST"])
@access.roles(*REVIEW)
def review_action(draft_id: int, action: str):
    draft = pages.draft_or_404(draft_id)
    if action not in ACTIONS:
        abort(404)
    if action == "propose" and current_user.role not in EDIT:
        abort(403)
    try:
        ACTIONS[action](draft)
    except review.ReviewRefused as exc:
        return review_page(draft_id, errors={INPUT.get(action, action): str(exc)}), 400
    flash(DONE[action], "success")
    return redirect(url_for("designer.review_page", draft_id=draft.id))


@bp.route("/drafts/<int:draft_id>/publish", methods=["POST"])
@access.roles(*EDIT)
def publish(draft_id: int):
    draft = pages.draft_or_404(draft_id)
    try:
        version = review.publish(current_user, draft)
    except review.ReviewRefused as exc:
        return review_page(draft_id, errors={"publish": str(exc)}), 400
    except (LibraryError, DefinitionError) as exc:
        return review_page(draft_id, errors={"publish": f"The library refused it: {exc}"}), 400
    flash(f"Published version {version} of ‘{draft.title}’", "success")
    return redirect(url_for("designer.review_page", draft_id=draft.id))

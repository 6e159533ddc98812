"""Working-group review: propose with a rationale, write your view first, discuss,
approve (never your own draft), ask for changes or reject; the author withdraws or
discards; see the impact, publish. An import's draft is reviewed on the same page."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from casework import access
from casework.library.service import LibraryError
from casework.timing import design_service as design_time
from designer.changes import DefinitionError
from designer.editor import pages, service
from designer.editor.blueprint import EDIT, REVIEW, bp
from designer.editor.review import outcomes_service as outcomes
from designer.editor.review import service as review
from designer.editor.review.impact import impact_of
from designer.exchange import review_service as import_review
from designer.exchange.choices import ChoiceProblem
from designer.exchange.uploads import PendingImports

ACTIONS = {
    "propose": lambda draft: review.propose(current_user, draft, request.form.get("rationale")),
    "view": lambda draft: review.write_view(current_user, draft, request.form.get("view")),
    "comment": lambda draft: review.comment(current_user, draft, request.form.get("comment")),
    "approve": lambda draft: review.approve(current_user, draft),
    "changes": lambda draft: outcomes.request_changes(
        current_user, draft, request.form.get("changes")
    ),
    "reject": lambda draft: outcomes.reject(current_user, draft, request.form.get("reason")),
    "withdraw": lambda draft: outcomes.withdraw(current_user, draft),
}
# Only designers make and take back proposals; reviewers may be team managers too.
DESIGNERS_ONLY = {"propose", "withdraw"}
# Errors are keyed by the input they are about, so the summary links to it.
INPUT = {"propose": "rationale", "reject": "reason"}
DONE = {
    "propose": "Sent for approval",
    "view": "Your view is recorded; you can now read everyone else's",
    "comment": "Comment added",
    "approve": "Approved",
    "changes": "Sent back to its author with what to change",
    "reject": "Rejected. It will not be published.",
    "withdraw": "Withdrawn: the draft is back with you to edit. Propose it again when it is ready.",
}


def _imports() -> PendingImports:
    return PendingImports(Path(current_app.instance_path) / "library_imports")


def _import_page(draft, errors: dict):
    return render_template(
        "designer/import_review.html",
        draft=draft,
        doc=draft.document,
        title=f"{draft.title}: review",
        errors=errors,
        **_review_context(draft),
    )


def _review_context(draft) -> dict:
    return {
        "own_view": review.own_view(current_user, draft),
        "views": review.views_for(current_user, draft),
        "view_count": review.view_count(draft),
        "comments": review.comments(draft),
        "asked": review.comments(draft, "changes"),
        "rejection": review.comments(draft, "rejection"),
        "approvals": review.approvals(draft),
        "stale": [
            a for a in review.approvals(draft, current_only=False) if a.revision != draft.revision
        ],
    }


@bp.route("/drafts/<int:draft_id>/review")
@access.roles(*REVIEW)
def review_page(draft_id: int, errors: dict | None = None):
    draft = pages.draft_or_404(draft_id, imports=True)
    if draft.kind == "import":
        return _import_page(draft, errors or {})
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
        edits=service.history(draft),
        **_review_context(draft),
    )


@bp.route("/drafts/<int:draft_id>/review/<action>", methods=["POST"])
@access.roles(*REVIEW)
def review_action(draft_id: int, action: str):
    draft = pages.draft_or_404(draft_id, imports=True)
    if action not in ACTIONS:
        abort(404)
    if action in DESIGNERS_ONLY and current_user.role not in EDIT:
        abort(403)
    try:
        ACTIONS[action](draft)
    except review.ReviewRefused as exc:
        return review_page(draft_id, errors={INPUT.get(action, action): str(exc)}), 400
    if draft.kind == "import" and draft.status == "rejected":
        import_review.let_go(_imports(), draft)
    flash(DONE[action], "success")
    if action == "withdraw" and draft.kind == "import":
        return redirect(url_for("history.choose", token=draft.target_id))
    return redirect(url_for("designer.review_page", draft_id=draft.id))


@bp.route("/drafts/<int:draft_id>/discard", methods=["GET", "POST"])
@access.roles(*EDIT)
def discard(draft_id: int):
    """Asks first: discarding cannot be undone (the draft is kept only on the record)."""
    draft = pages.draft_or_404(draft_id, imports=True)
    error = None
    if request.method == "POST":
        try:
            outcomes.discard(current_user, draft)
        except review.ReviewRefused as exc:
            error = str(exc)
        else:
            if draft.kind == "import":
                import_review.let_go(_imports(), draft)
            flash(f"‘{draft.title}’ was discarded.", "success")
            return redirect(url_for("designer.library_index"))
    return render_template(
        "designer/discard.html",
        draft=draft,
        title=("Error: " if error else "") + f"Discard ‘{draft.title}’?",
        error=error,
    ), (400 if error else 200)


@bp.route("/drafts/<int:draft_id>/publish", methods=["POST"])
@access.roles(*EDIT)
def publish(draft_id: int):
    draft = pages.draft_or_404(draft_id, imports=True)
    if draft.kind == "import":
        return _publish_import(draft)
    try:
        version = review.publish(current_user, draft)
    except review.ReviewRefused as exc:
        return review_page(draft_id, errors={"publish": str(exc)}), 400
    except (LibraryError, DefinitionError) as exc:
        return review_page(draft_id, errors={"publish": f"The library refused it: {exc}"}), 400
    flash(f"Published version {version} of ‘{draft.title}’", "success")
    return redirect(url_for("designer.review_page", draft_id=draft.id))


def _publish_import(draft):
    council = current_app.config.get("COUNCIL_NAME")
    root = current_app.config["LIBRARY_PATH"]
    try:
        _pending, first_time = import_review.publish(_imports(), current_user, draft, root, council)
    except review.ReviewRefused as exc:
        return review_page(draft.id, errors={"publish": str(exc)}), 400
    except ChoiceProblem as exc:
        message = f"{exc} Ask for changes so the importer can choose again."
        return review_page(draft.id, errors={"publish": message}), 400
    except LookupError:
        abort(404)  # the bundle is no longer kept (a week after it was uploaded)
    except LibraryError as exc:
        message = f"The changes were written but could not be made live: {exc}. Publish again."
        return review_page(draft.id, errors={"publish": message}), 400
    if not first_time:
        flash("These changes were already published; nothing was published again.", "important")
    else:
        flash("Published: the imported changes are live.", "success")
    return redirect(url_for("designer.review_page", draft_id=draft.id))

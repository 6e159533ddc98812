"""Import flow screens: upload, checks, preview and choices, confirm, send for approval.

Designers only: an import changes the forms practitioners record on. Nothing is
written to the library until someone other than the importer has approved it and a
designer publishes it from its review page (designer/exchange/review_service.py), and
that writes once.
"""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from casework import access
from designer.changes import LIMITS
from designer.editor.review import outcomes_service as outcomes
from designer.editor.review.service import ReviewRefused
from designer.exchange import choices as importing
from designer.exchange import review_service as import_review
from designer.exchange import steps as flow
from designer.exchange.forms import ActionForm, UploadForm
from designer.exchange.uploads import PendingImports
from designer.history.routes import bp

DESIGNERS = ("designer",)


def _store() -> PendingImports:
    return PendingImports(Path(current_app.instance_path) / "library_imports")


def _root() -> str:
    return current_app.config["LIBRARY_PATH"]


def _limit() -> int:
    return int(current_app.config.get("LIBRARY_BUNDLE_MAX_BYTES", LIMITS["bundle_bytes"]))


def _size(limit: int) -> str:
    megabytes = limit / (1024 * 1024)
    return f"{megabytes:g} MB" if megabytes >= 1 else f"{limit // 1024} KB"


def _pending(token: str):
    pending = _store().get(token, current_user.id)
    if pending is None:
        abort(404)  # unknown, finished long ago, or someone else's
    return pending


@bp.route("/imports/new", methods=["GET", "POST"])
@access.roles(*DESIGNERS)
def upload():
    form = UploadForm()
    refusal = None
    # The length header is checked before the body is read into memory.
    if request.method == "POST" and (request.content_length or 0) > _limit() + 64 * 1024:
        refusal = f"The file is too big: a bundle may be at most {_size(_limit())}"
    elif form.validate_on_submit():
        upload = form.bundle.data
        data = upload.stream.read(_limit() + 1)
        try:
            pending = flow.upload(_store(), current_user, upload.filename or "", data, _limit())
        except flow.ImportRefused as exc:
            refusal = f"This bundle was refused: {exc}"
        else:
            return redirect(url_for("history.choose", token=pending.token))
    status = 422 if (refusal or form.errors) else 200
    return render_template(
        "history/upload.html",
        title=("Error: " if refusal else "") + "Import changes from another council",
        form=form,
        refusal=refusal,
        limit=_size(_limit()),
    ), status


def _under_review(token: str):
    """The review page, while the import waits for (or has had) its approval."""
    draft = import_review.draft_for(token)
    if draft is not None and draft.status not in import_review.SENDABLE:
        return redirect(url_for("designer.review_page", draft_id=draft.id))
    return None


@bp.route("/imports/<token>", methods=["GET", "POST"])
@access.roles(*DESIGNERS)
def choose(token: str):
    store, pending = _store(), _pending(token)
    if pending.published is not None:
        return render_template("history/published.html", title="Changes imported", pending=pending)
    elsewhere = _under_review(token)
    if elsewhere is not None:
        return elsewhere
    # A rejected submission shows the same preview again: audited once, when first shown.
    previews, fingerprint = flow.preview(store, pending, _root(), record=request.method == "GET")
    choices = pending.choices or importing.default_choices(previews)
    errors = []
    if request.method == "POST":
        decide = {
            name[len("decide:") :]: value
            for name, value in request.form.items()
            if name.startswith("decide:")
        }
        choices, errors = importing.read_choices(
            previews, request.form.getlist("take"), decide, request.form.get("rationale", "")
        )
        if not errors:
            if not flow.save_choices(store, pending, choices, fingerprint):
                flash("These changes were already published.", "problem")
                return redirect(url_for("history.choose", token=token))
            return redirect(url_for("history.confirm", token=token))
    return render_template(
        "history/choose.html",
        title=("Error: " if errors else "") + f"Choose changes from {pending.council}",
        pending=pending,
        previews=previews,
        choices=choices,
        errors=errors,
        anchor=importing.anchor,
        show=_show(),
    ), (422 if errors else 200)


@bp.route("/imports/<token>/confirm")
@access.roles(*DESIGNERS)
def confirm(token: str):
    store, pending = _store(), _pending(token)
    if pending.published is not None or pending.choices is None:
        return redirect(url_for("history.choose", token=token))
    elsewhere = _under_review(token)
    if elsewhere is not None:
        return elsewhere
    try:
        writes, previews = flow.confirmation(store, pending, _root())
    except importing.ChoiceProblem as exc:
        flash(str(exc), "problem")
        return redirect(url_for("history.choose", token=token))
    return render_template(
        "history/confirm.html",
        title=f"Check your choices and send them for approval: changes from {pending.council}",
        pending=pending,
        writes=writes,
        previews=previews,
        form=ActionForm(),
        show=_show(),
    )


@bp.route("/imports/<token>/submit", methods=["POST"])
@access.roles(*DESIGNERS)
def submit(token: str):
    store, pending = _store(), _pending(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    if pending.choices is None:
        return redirect(url_for("history.choose", token=token))
    try:
        draft = import_review.submit(store, pending, current_user, _root())
    except importing.ChoiceProblem as exc:
        flash(str(exc), "problem")
        return redirect(url_for("history.choose", token=token))
    except ReviewRefused as exc:
        flash(str(exc), "problem")
        return redirect(url_for("history.choose", token=token))
    flash("Sent for approval. Someone other than you must approve it before it is published.")
    return redirect(url_for("designer.review_page", draft_id=draft.id))


@bp.route("/imports/<token>/cancel", methods=["POST"])
@access.roles(*DESIGNERS)
def cancel(token: str):
    pending = _pending(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    if pending.written is None:
        draft = import_review.draft_for(token)
        if draft is not None and draft.status in import_review.SENDABLE:
            outcomes.discard(current_user, draft)  # on the record, as any discarded draft
        elif draft is not None:
            return redirect(url_for("designer.review_page", draft_id=draft.id))
        flow.cancel(_store(), pending)
        flash("The import was cancelled. Nothing was written.", "success")
    return redirect(url_for("history.index"))


def _show():
    from designer.history.service import show_value

    return show_value

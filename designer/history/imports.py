"""Import flow screens: upload, checks, preview and choices, confirm, publish.

Designers only: an import changes the forms practitioners record on. Nothing is
written to the library until "Publish" on the confirm screen, and that writes once.
"""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from casework import access
from casework.library.service import LibraryError
from designer.changes import LIMITS

from . import flow, importing
from .forms import ActionForm, UploadForm
from .pending import PendingImports
from .routes import bp

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


@bp.route("/imports/<token>", methods=["GET", "POST"])
@access.roles(*DESIGNERS)
def choose(token: str):
    store, pending = _store(), _pending(token)
    if pending.written is not None and pending.published is None:
        return redirect(url_for("history.confirm", token=token))
    if pending.published is not None:
        return render_template("history/published.html", title="Changes imported", pending=pending)
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
    if pending.written is not None:
        # Written but not live (the sync failed): publishing again only retries the sync.
        return render_template(
            "history/confirm.html",
            title="Make the imported changes live",
            pending=pending,
            writes=[],
            previews=[],
            form=ActionForm(),
            retry=True,
            show=_show(),
        )
    try:
        writes, previews = flow.confirmation(store, pending, _root())
    except importing.ChoiceProblem as exc:
        flash(str(exc), "problem")
        return redirect(url_for("history.choose", token=token))
    return render_template(
        "history/confirm.html",
        title=f"Check and publish the changes from {pending.council}",
        pending=pending,
        writes=writes,
        previews=previews,
        form=ActionForm(),
        show=_show(),
    )


@bp.route("/imports/<token>/publish", methods=["POST"])
@access.roles(*DESIGNERS)
def publish(token: str):
    store, pending = _store(), _pending(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    if pending.choices is None:
        return redirect(url_for("history.choose", token=token))
    council = current_app.config.get("COUNCIL_NAME")
    try:
        pending, first_time = flow.publish(store, token, current_user, _root(), council)
    except importing.ChoiceProblem as exc:
        flash(str(exc), "problem")
        return redirect(url_for("history.choose", token=token))
    except LookupError:
        abort(404)  # cancelled in another tab meanwhile
    except LibraryError as exc:
        flash(f"The changes were written but could not be made live: {exc}", "problem")
        return redirect(url_for("history.confirm", token=token))
    if not first_time:
        flash("These changes were already published; nothing was published again.", "problem")
    return redirect(url_for("history.choose", token=token))


@bp.route("/imports/<token>/cancel", methods=["POST"])
@access.roles(*DESIGNERS)
def cancel(token: str):
    pending = _pending(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    if pending.written is None:
        flow.cancel(_store(), pending)
        flash("The import was cancelled. Nothing was written.", "success")
    return redirect(url_for("history.index"))


def _show():
    from .service import show_value

    return show_value

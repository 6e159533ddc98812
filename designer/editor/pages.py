"""What every designer page needs: the draft, its check, applying one edit safely."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from casework import incoming
from designer.editor import service
from designer.editor.conditions import words as condition_words
from designer.editor.forms.operations import OperationRefused, field_ids, iter_fields
from designer.editor.review import service as review


def draft_or_404(draft_id: int, *, imports: bool = False):
    """The draft; an import's draft only where asked (review pages): it has no
    questions or stages to edit, and a discarded draft is gone from every page."""
    try:
        draft = service.get(draft_id)
    except service.DraftNotFound:
        abort(404)
    if draft.status == "discarded" or (draft.kind == "import" and not imports):
        abort(404)
    return draft


def base_revision(draft) -> int:
    """The revision the submitted page was showing (the current one if absent)."""
    try:
        return incoming.whole_number(request.form.get("revision", draft.revision))
    except ValueError:
        return draft.revision


def apply(draft, op: dict, *, success: str | None = None) -> str | None:
    """Apply one edit; flash what happened. Returns the refusal message, if any."""
    try:
        result = service.edit(current_user, draft, op, base_revision=base_revision(draft))
    except OperationRefused as exc:
        return str(exc)
    except service.DraftClosed:
        return (
            f"This draft is {draft.status_name.lower()}, so it cannot change. "
            "Start a new draft to change the form again."
        )
    if result.conflicts:
        flash(
            "Someone else changed the same thing while you were working, so these were not "
            "applied: " + "; ".join(result.conflicts),
            "important",
        )
    elif success and result.applied:
        flash(success, "success")
    return None


def fields_by_id(doc: dict) -> dict[str, dict]:
    return {f["id"]: f for _, _, f, _ in iter_fields(doc) if "id" in f}


def render(template: str, draft, **context):
    result = context.pop("check", None) or service.check(draft)
    return render_template(
        template,
        draft=draft,
        doc=draft.document,
        check=result,
        fields=fields_by_id(draft.document),
        sentence=lambda rule: condition_words.sentence(rule, fields_by_id(draft.document)),
        locked=service.locked_fields(draft),
        can_edit=current_user.role == "designer" and draft.status in service.OPEN_STATES,
        # What reviewers asked to change, shown above every page of a draft sent back.
        returned_with=review.comments(draft, "changes") if draft.status == "returned" else [],
        **context,
    )


def back_to_structure(draft, anchor: str | None = None):
    url = url_for("designer.structure", draft_id=draft.id)
    return redirect(f"{url}#{anchor}" if anchor else url)


__all__ = ["apply", "back_to_structure", "draft_or_404", "field_ids", "fields_by_id", "render"]

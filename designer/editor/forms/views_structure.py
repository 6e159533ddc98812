"""The form's structure: sections and questions, added, moved and deleted one by one.

Every control is a small form with a button, so the whole editor works by keyboard and
without JavaScript; editor.mjs only adds drag and drop on top, posting the same move.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for

from casework import access
from casework.library import service as library
from designer.editor import pages
from designer.editor.blueprint import EDIT, REVIEW, bp
from designer.editor.forms import question_uses
from designer.editor.forms.operations import (
    FIELD_TYPES,
    OperationRefused,
    find_field,
    find_section,
    make_id,
)
from designer.editor.forms.properties import TYPE_NAMES


@bp.route("/drafts/<int:draft_id>")
@access.roles(*REVIEW)
def structure(draft_id: int):
    draft = pages.draft_or_404(draft_id)
    if draft.kind == "pathway":
        return redirect(url_for("designer.pathway_draft", draft_id=draft.id))
    return pages.render(
        "designer/structure.html",
        draft,
        title=f"{draft.title}: questions",
        field_types=[(t, TYPE_NAMES[t]) for t in FIELD_TYPES],
        errors={},
    )


def _refused(draft, message: str):
    flash(message, "important")
    return pages.back_to_structure(draft)


def _apply_and_go_back(draft, op: dict, anchor: str | None = None, success: str | None = None):
    """Apply one edit and go back to the structure page: at ``anchor`` when it was made,
    at the top with the refusal when it was not."""
    problem = pages.apply(draft, op, success=success)
    if problem:
        return _refused(draft, problem)
    return pages.back_to_structure(draft, anchor)


@bp.route("/drafts/<int:draft_id>/sections", methods=["POST"])
@access.roles(*EDIT)
def add_section(draft_id: int):
    draft = pages.draft_or_404(draft_id)
    title = request.form.get("title", "").strip()[:200]
    if not title:
        return _refused(draft, "Enter the new section's title")
    taken = {s.get("id") for s in draft.document.get("sections") or []}
    ident = make_id(title, taken, prefix="section")
    return _apply_and_go_back(
        draft,
        {"op": "add_section", "section": {"id": ident, "title": title}},
        f"section-{ident}",
        success=f"Added the section ‘{title}’",
    )


@bp.route("/drafts/<int:draft_id>/sections/<section_id>", methods=["GET", "POST"])
@access.roles(*EDIT)
def edit_section(draft_id: int, section_id: str):
    draft = pages.draft_or_404(draft_id)
    try:
        section = find_section(draft.document, section_id)
    except OperationRefused:
        return _refused(draft, "That section is no longer in the draft")
    errors = {}
    if request.method == "POST":
        title = request.form.get("title", "").strip()[:200]
        if not title:
            errors["title"] = "Enter the section's title"
        else:
            values = {"title": title, "description": request.form.get("description", "").strip()}
            problem = pages.apply(
                draft,
                {"op": "update_section", "id": section_id, "values": values},
                success="Section saved",
            )
            if problem:
                errors["title"] = problem
            else:
                return pages.back_to_structure(draft, f"section-{section_id}")
    return pages.render(
        "designer/section.html",
        draft,
        section=section,
        errors=errors,
        title=f"Section: {section.get('title')}",
    )


@bp.route("/drafts/<int:draft_id>/sections/<section_id>/move", methods=["POST"])
@access.roles(*EDIT)
def move_section(draft_id: int, section_id: str):
    draft = pages.draft_or_404(draft_id)
    direction = "up" if request.form.get("direction") == "up" else "down"
    op = {"op": "move_section", "id": section_id, "direction": direction}
    return _apply_and_go_back(draft, op, f"section-{section_id}")


@bp.route("/drafts/<int:draft_id>/sections/<section_id>/delete", methods=["GET", "POST"])
@access.roles(*EDIT)
def delete_section(draft_id: int, section_id: str):
    draft = pages.draft_or_404(draft_id)
    try:
        section = find_section(draft.document, section_id)
    except OperationRefused:
        return pages.back_to_structure(draft)
    if request.method == "POST":
        return _apply_and_go_back(
            draft,
            {"op": "delete_section", "id": section_id},
            success=f"Deleted the section ‘{section.get('title')}’",
        )
    return pages.render(
        "designer/delete.html",
        draft,
        thing="section",
        item=section,
        title=f"Delete the section ‘{section.get('title')}’?",
    )


@bp.route("/drafts/<int:draft_id>/fields", methods=["POST"])
@access.roles(*EDIT)
def add_field(draft_id: int):
    draft = pages.draft_or_404(draft_id)
    kind = request.form.get("type", "")
    label = request.form.get("label", "").strip()[:500]
    section_id = request.form.get("section", "")
    group = request.form.get("group") or None
    if kind not in FIELD_TYPES:
        return _refused(draft, "Choose the type of question to add")
    if not label:
        return _refused(draft, "Enter the new question's wording")
    ident = make_id(label, pages.field_ids(draft.document))
    field = (
        {"id": ident, "type": kind, "text": label}
        if kind == "guidance"
        else {"id": ident, "type": kind, "label": label}
    )
    problem = pages.apply(
        draft,
        {"op": "add_field", "section": section_id, "group": group, "field": field},
        success=f"Added ‘{label}’",
    )
    if problem:
        return _refused(draft, problem)
    return redirect(url_for("designer.edit_field", draft_id=draft.id, field_id=ident))


@bp.route("/drafts/<int:draft_id>/fields/<field_id>/move", methods=["POST"])
@access.roles(*EDIT)
def move_field(draft_id: int, field_id: str):
    draft = pages.draft_or_404(draft_id)
    op = {"op": "move_field", "id": field_id}
    if request.form.get("section"):  # drag and drop names the place
        try:
            op.update(section=request.form["section"], index=int(request.form.get("index", 0)))
        except ValueError:
            return _refused(draft, "That is not a place in the form")
    else:
        op["direction"] = "up" if request.form.get("direction") == "up" else "down"
    return _apply_and_go_back(draft, op, f"field-{field_id}")


@bp.route("/drafts/<int:draft_id>/fields/<field_id>/delete", methods=["GET", "POST"])
@access.roles(*EDIT)
def delete_field(draft_id: int, field_id: str):
    draft = pages.draft_or_404(draft_id)
    try:
        _, _, field, _ = find_field(draft.document, field_id)
    except OperationRefused:
        return pages.back_to_structure(draft)
    if request.method == "POST":
        op = {"op": "delete_field", "id": field_id}
        return _apply_and_go_back(draft, op, success="Question deleted")
    name = field.get("label") or field.get("text") or field_id
    pathways = [v.definition for v in library.latest_pathways()]
    return pages.render(
        "designer/delete.html",
        draft,
        thing="question",
        item=field,
        uses=question_uses.uses_of(draft.document, field_id, pathways),
        title=f"Delete the question ‘{name}’?",
    )

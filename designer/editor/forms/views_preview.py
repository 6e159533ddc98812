"""Live preview with the real renderer: every section at desktop and phone width, the
family output, and the plain-language warnings next to the text they are about."""

from __future__ import annotations

from datetime import date

from flask import redirect, request, url_for

from casework import access
from designer.editor import checking, pages
from designer.editor.blueprint import REVIEW, bp
from renderer.documents import make_document
from renderer.screens import compile_form


@bp.route("/drafts/<int:draft_id>/preview", methods=["GET", "POST"])
@access.roles(*REVIEW)
def preview(draft_id: int):
    draft = pages.draft_or_404(draft_id)
    if draft.kind == "pathway":  # a pathway's preview is its diagram
        return redirect(url_for("designer.pathway_draft", draft_id=draft.id))
    result = checking.check(draft.document)
    sections, document, answers, errors = [], None, {}, {}
    if result.form is not None:
        compiled = compile_form(result.form)
        # Answers typed into the preview live only in this response: a draft never
        # touches live records.
        if request.method == "POST":
            for info in compiled.sections:
                bound = compiled.bind(info.id, answers=answers, formdata=request.form)
                answers.update(bound.answers())
            errors = compiled.check(answers, today=date.today())
        sections = [
            compiled.bind(info.id, answers=answers, errors=errors or None)
            for info in compiled.sections
        ]
        try:
            document = make_document(
                result.form, answers, audience="family", today=date.today()
            ).body
        except Exception as exc:  # noqa: BLE001 - a bad template is shown, not a 500
            document = None
            errors = {**errors, "_output": [f"The family output could not be made: {exc}"]}
    width = "phone" if request.args.get("width") == "phone" else "desktop"
    warnings = {}
    for located in result.warnings:
        warnings.setdefault(located.field or "_form", []).append(located.problem)
    return pages.render(
        "designer/preview.html",
        draft,
        check=result,
        sections=sections,
        document=document,
        width=width,
        warnings=warnings,
        errors=errors,
        title=f"{draft.title}: preview",
    )

"""The pathway's details (title, why it exists, who owns it) and its own wording
(`labels`: the safety map's column headings and the like), edited on one page. Each
piece of wording has its plain-language warnings next to it."""

from __future__ import annotations

from flask import redirect, request, url_for

from casework import access
from designer.editor import pages, service
from designer.editor.blueprint import EDIT, bp
from designer.editor.pathways import wording
from designer.editor.pathways.pages import draft_or_404

DETAILS = (
    ("title", "Enter the pathway's title"),
    ("purpose", "Say why this pathway exists"),
    ("owner", "Enter who owns the pathway, such as the working group"),
)


@bp.route("/drafts/<int:draft_id>/pathway/details", methods=["GET", "POST"])
@access.roles(*EDIT)
def pathway_details(draft_id: int):
    draft = draft_or_404(draft_id)
    doc = draft.document
    errors: dict[str, str] = {}
    inputs = {key: doc.get(key, "") for key, _ in DETAILS}
    posted = None
    if request.method == "POST":
        posted = request.form
        values = {key: wording.text_from_form(posted.get(key), doc.get(key)) for key, _ in DETAILS}
        for key, message in DETAILS:
            if not values[key]:
                errors[key] = message
            elif len(values[key]) > wording.MAX_TEXT:
                errors[key] = f"Keep it under {wording.MAX_TEXT} characters"
        labels = wording.from_form(posted, doc.get("labels"), errors)
        if not errors:
            problem = pages.apply(draft, {"op": "set_pathway", "values": values})
            problem = problem or pages.apply(
                draft, {"op": "set_labels", "labels": labels}, success="Details and wording saved"
            )
            if problem is None:
                return redirect(url_for("designer.pathway_details", draft_id=draft.id))
            errors["title"] = problem
        # The page comes back as it was posted, so nothing typed is lost.
        inputs = {key: posted.get(key, "") for key, _ in DETAILS}
    check = service.check(draft)
    page = pages.render(
        "designer/pathway_details.html",
        draft,
        check=check,
        errors=errors,
        inputs=inputs,
        rows=wording.rows(doc.get("labels"), posted),
        problems=wording.problems(check, doc.get("labels")),
        top=[p for p in check.for_form() if not wording.about_labels(p)],
        title=f"{draft.title}: details and wording",
    )
    return page, (400 if errors else 200)

"""The duplication finder's page and its two answers: carry a question forward (pre-fill
the later questions from the first) or say it is not the same question (asked afresh on
purpose, with the reason). Both are edits to the pathway's open draft, so they are
reviewed and published like any other change, and the finder reads that draft."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from casework import access, incoming
from casework.library import service as library
from designer.editor import duplication, pages, service
from designer.editor.blueprint import EDIT, REVIEW, bp
from designer.editor.forms.properties import TYPE_NAMES

PER_PAGE = 10


def _groups(pathway_id: str):
    version = library.latest_pathway_version(pathway_id)
    if version is None:
        abort(404)
    draft = service.open_draft_for(pathway_id)
    document = draft.document if draft is not None else version.definition
    forms = {f.form_id: f.definition for f in library.latest_forms()}
    form_drafts = {
        f: d for f in forms if (d := service.open_draft_for(f)) is not None and d.kind == "form"
    }
    return version, draft, document, duplication.find_groups(document, forms), form_drafts


@bp.route("/pathways/<pathway_id>/duplicates")
@access.roles(*REVIEW)
def duplicates(pathway_id: str, errors: dict | None = None):
    version, draft, _, groups, form_drafts = _groups(pathway_id)
    waiting = [g for g in groups if g.waiting]
    settled = [g for g in groups if not g.waiting]
    try:
        page = incoming.whole_number(request.args.get("page", "1"))
    except ValueError:
        page = 1
    pages_count = max(1, -(-len(waiting) // PER_PAGE))
    page = min(max(1, page), pages_count)
    return render_template(
        "designer/duplicates.html",
        title=f"Questions asked twice: {version.title}",
        pathway=version,
        pathway_draft=draft,
        waiting=waiting[(page - 1) * PER_PAGE : page * PER_PAGE],
        waiting_count=len(waiting),
        settled=settled,
        page=page,
        pages=pages_count,
        form_drafts=form_drafts,
        type_names=TYPE_NAMES,
        errors=errors or {},
    ), (400 if errors else 200)


@bp.route("/pathways/<pathway_id>/duplicates/<path:key>", methods=["POST"])
@access.roles(*EDIT)
def decide_duplicate(pathway_id: str, key: str):
    _, _, _, groups, _ = _groups(pathway_id)
    group = next((g for g in groups if g.key == key and g.waiting), None)
    if group is None:
        flash("That suggestion has already been decided.", "important")
        return redirect(url_for("designer.duplicates", pathway_id=pathway_id))
    draft = service.start_pathway_draft(current_user, pathway_id)
    if request.form.get("answer") == "carry":
        changes = duplication.carry_forward(draft.document, group)
        done = f"‘{group.first.label}’ is now filled in from ‘{group.first.stage_title}’"
    else:
        reason = (request.form.get(f"reason-{key}") or "").strip()
        if not reason:
            return duplicates(
                pathway_id, errors={f"reason-{key}": "Say why it is not the same question"}
            )
        changes = duplication.not_the_same(draft.document, group, reason[:500])
        done = f"‘{group.first.label}’: the later questions are kept apart, with your reason"
    for stage_id, prefill in changes.items():
        problem = pages.apply(draft, {"op": "set_prefill", "id": stage_id, "prefill": prefill})
        if problem:
            flash(problem, "important")
            return redirect(url_for("designer.duplicates", pathway_id=pathway_id))
    flash(f"{done} in the draft of this pathway. Review and publish it there.", "success")
    return redirect(url_for("designer.duplicates", pathway_id=pathway_id))

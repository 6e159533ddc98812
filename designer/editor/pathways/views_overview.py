"""The pathway editor's overview: starting a pathway draft, the stages page with the
diagram, and moving and deleting stages. Each change is one small edit like the form
editor's. Adding a stage and a stage's own page are in views_stage.py; transitions,
triggers, events, timescale settings and the pathway's details and wording have their
own view modules."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from casework import access
from casework.library import service as library
from designer.editor import pages, service
from designer.editor.blueprint import EDIT, REVIEW, bp
from designer.editor.conditions.words import sentence
from designer.editor.pathways import diagram, stage_removal, triggers
from designer.editor.pathways import operations as pathway_ops
from designer.editor.pathways import pages as pathway_pages
from designer.editor.pathways.pages import back, draft_or_404, item_or_404


@bp.route("/pathways/<pathway_id>/draft", methods=["POST"])
@access.roles(*EDIT)
def start_pathway_draft(pathway_id: str):
    try:
        draft = service.start_pathway_draft(current_user, pathway_id)
    except service.DraftNotFound:
        abort(404)
    return redirect(url_for("designer.pathway_draft", draft_id=draft.id))


@bp.route("/drafts/<int:draft_id>/pathway")
@access.roles(*REVIEW)
def pathway_draft(draft_id: int):
    draft = draft_or_404(draft_id)
    doc = draft.document
    titles = dict(pathway_pages.stage_choices(doc))
    questions = pathway_pages.stage_questions(doc, every=False)
    return pages.render(
        "designer/pathway_draft.html",
        draft,
        title=f"{draft.title}: stages",
        diagram=diagram.svg(doc, {f.form_id: f.title for f in library.latest_forms()}),
        transitions=diagram.transitions(doc),
        trigger_words=[
            triggers.words(t, titles, doc, pathway_pages.question_labels(doc))
            for t in doc.get("triggers") or []
        ],
        condition=lambda rule: sentence(rule, questions),
        timescale=lambda due: diagram.timescale(
            due, diagram.parameter_defaults(doc), diagram.start_names(doc)
        ),
        users=lambda noun, ident: pathway_ops.clock_users(doc, noun, ident),
        statutory=service.locked_stages(draft),
        forms=[(f.form_id, f.title) for f in library.latest_forms()],
        stage_pairs=pathway_pages.stage_choices(doc),
    )


@bp.route("/drafts/<int:draft_id>/stages/<stage_id>/move", methods=["POST"])
@access.roles(*EDIT)
def move_stage(draft_id: int, stage_id: str):
    draft = draft_or_404(draft_id)
    direction = "up" if request.form.get("direction") == "up" else "down"
    problem = pages.apply(draft, {"op": "move_stage", "id": stage_id, "direction": direction})
    if problem:
        flash(problem, "important")
    return back(draft, f"stage-{stage_id}")


@bp.route("/drafts/<int:draft_id>/stages/<stage_id>/delete", methods=["GET", "POST"])
@access.roles(*EDIT)
def delete_stage(draft_id: int, stage_id: str):
    """Says what else goes (or what to change first) before anything is deleted."""
    draft = draft_or_404(draft_id)
    stage = item_or_404(draft, "stage", stage_id)
    statutory = service.locked_stages(draft).get(stage_id)
    found = stage_removal.removal(draft.document, stage_id)
    errors: dict[str, str] = {}
    if request.method == "POST" and not statutory and not found.blockers:
        title = stage.get("title") or stage_id
        problem = pages.apply(
            draft,
            {"op": "delete_stage", "id": stage_id},
            success=f"Deleted the stage ‘{title}’ and what went with it",
        )
        if problem is None:
            return back(draft)
        errors["delete"] = problem
    titles = dict(pathway_pages.stage_choices(draft.document))
    refused = request.method == "POST"  # still here after a POST: nothing was deleted
    return pages.render(
        "designer/stage_delete.html",
        draft,
        stage=stage,
        found=found,
        statutory=statutory,
        errors=errors,
        titles=titles,
        questions=pathway_pages.question_labels(draft.document),
        trigger_words=lambda t: triggers.words(
            t, titles, draft.document, pathway_pages.question_labels(draft.document)
        ),
        title=f"Delete the stage ‘{stage.get('title') or stage_id}’?",
    ), (400 if refused else 200)

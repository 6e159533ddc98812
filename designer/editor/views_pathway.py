"""The pathway editor's stages: the overview page with the diagram, and each stage's
timescale, weight, who does it and what is pre-filled; adding, moving and deleting
stages. Each change is one small edit like the form editor's. Transitions, triggers,
events and timescale settings have their own view modules."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from casework import access
from casework.library import service as library
from designer.editor import (
    diagram,
    pages,
    pathway_ops,
    pathway_pages,
    service,
    stage_form,
    stage_removal,
    timescales,
    triggers,
)
from designer.editor.blueprint import EDIT, REVIEW, bp
from designer.editor.conditions import sentence
from designer.editor.operations import make_id
from designer.editor.pathway_pages import back, draft_or_404, item_or_404

CASE_SOURCES = (
    "case.reference",
    "case.opened_on",
    "child.full_name",
    "child.first_name",
    "child.last_name",
    "child.date_of_birth",
    "child.gender",
    "child.address",
    "child.school",
    "child.upn",
    "child.ethnicity",
    "child.disabilities",
)


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
        diagram=diagram.svg(doc),
        transitions=diagram.transitions(doc),
        trigger_words=[triggers.words(t, titles) for t in doc.get("triggers") or []],
        condition=lambda rule: sentence(rule, questions),
        timescale=lambda due: diagram.timescale(due, diagram.parameter_defaults(doc)),
        users=lambda noun, ident: pathway_ops.clock_users(doc, noun, ident),
        statutory=service.locked_stages(draft),
        forms=[(f.form_id, f.title) for f in library.latest_forms()],
    )


@bp.route("/drafts/<int:draft_id>/stages", methods=["POST"])
@access.roles(*EDIT)
def add_stage(draft_id: int):
    draft = draft_or_404(draft_id)
    form_id, title = request.form.get("form", ""), request.form.get("title", "").strip()[:200]
    if not title or library.latest_form_version(form_id) is None:
        flash("Choose a form and enter the stage's title", "important")
        return back(draft)
    taken = {s.get("id") for s in draft.document.get("stages") or []}
    ident = make_id(title, taken, prefix="stage")
    problem = pages.apply(
        draft,
        {
            "op": "add_stage",
            "after": request.form.get("after") or None,
            "stage": {"id": ident, "title": title, "form": form_id},
        },
        success=f"Added the stage ‘{title}’",
    )
    if problem:
        flash(problem, "important")
    return back(draft, f"stage-{ident}")


def _stage_values(stage: dict, doc: dict, errors: dict) -> tuple[dict, list[dict]]:
    """(update_stage values, pre-fill rules) from the stage page's inputs."""
    form = request.form
    title = form.get("title", "").strip()[:200]
    if not title:
        errors["title"] = "Enter the stage's title"
    parameters = {p.get("id"): p for p in doc.get("parameters") or []}
    values = {
        "title": title,
        "description": form.get("description", "").strip()[:5000],
        "weight": stage_form.weight_from_form(
            form.get("weight"), errors, written="weight" in stage
        ),
        "due": timescales.from_form(form, errors, parameters, old=stage.get("due")),
        "done_by": stage_form.done_by_from_form(
            form.getlist("done_by"), written="done_by" in stage
        ),
    }
    old = stage.get("prefill") or []
    prefill = stage_form.prefill_from_form(form, len(old) + 1, old)
    return values, prefill


def _inputs(stage: dict) -> dict:
    """What the stage page's inputs show for the saved stage."""
    return {
        "title": stage.get("title", ""),
        "description": stage.get("description", ""),
        "weight": str(stage.get("weight", 1)),
        "done_by": stage.get("done_by") or ["practitioner"],
        **timescales.shown(stage.get("due")),
    }


@bp.route("/drafts/<int:draft_id>/stages/<stage_id>", methods=["GET", "POST"])
@access.roles(*EDIT)
def edit_stage(draft_id: int, stage_id: str):
    draft = draft_or_404(draft_id)
    stage = item_or_404(draft, "stage", stage_id)
    doc = draft.document
    errors: dict[str, str] = {}
    inputs = _inputs(stage)
    if request.method == "POST":
        values, prefill = _stage_values(stage, doc, errors)
        if not errors:
            problem = pages.apply(draft, {"op": "update_stage", "id": stage_id, "values": values})
            problem = problem or pages.apply(
                draft,
                {"op": "set_prefill", "id": stage_id, "prefill": prefill},
                success="Stage saved",
            )
            if problem is None:
                return back(draft, f"stage-{stage_id}")
            errors["title"] = problem
        # The page comes back as it was posted, so nothing typed is lost.
        inputs = {k: request.form.get(k, "") for k in inputs}
        inputs["done_by"] = request.form.getlist("done_by")
        stage = dict(stage, prefill=prefill)
    form = library.latest_form_version(stage.get("form") or "")
    targets = [
        (f["id"], f.get("label", f["id"]))
        for s in (form.definition if form else {}).get("sections", [])
        for f in s.get("fields", [])
        if f.get("label")
    ]
    # Only earlier stages can fill this one (CV503), so only they are offered.
    order = [s.get("id") for s in doc.get("stages") or []]
    earlier = set(order[: order.index(stage_id)])
    sources = [(f"case:{c}", f"Case: {c}") for c in CASE_SOURCES] + [
        (value.replace(".", ":", 1), words)
        for value, words in pathway_pages.stage_fields(doc)
        if value.split(".")[0] in earlier
    ]
    starts = [(f"event:{e['id']}", e.get("label", e["id"])) for e in doc.get("events") or []]
    starts += [
        (f"{k}:{s['id']}", f"{w} ‘{s.get('title')}’")
        for s in doc.get("stages") or []
        for k, w in (("stage_completed", "Finishing"), ("stage_started", "Starting"))
    ]
    return pages.render(
        "designer/stage.html",
        draft,
        stage=stage,
        errors=errors,
        roles=stage_form.ROLES,
        targets=targets,
        sources=sources,
        starts=starts,
        inputs=inputs,
        units=timescales.UNITS,
        settings=timescales.setting_choices(doc.get("parameters") or []),
        counting=timescales.COUNTING,
        regions=timescales.REGIONS,
        statutory=service.locked_stages(draft).get(stage_id),
        title=f"Stage: {stage.get('title')}",
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
        trigger_words=lambda t: triggers.words(t, titles),
        title=f"Delete the stage ‘{stage.get('title') or stage_id}’?",
    ), (400 if refused else 200)

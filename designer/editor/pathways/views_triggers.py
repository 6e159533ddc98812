"""Triggers of the pathway editor: what starts a stage or gives someone a task (a case
opened, a stage finished, the child reaching an age, a date answered in a form or a
stage's deadline coming near), optionally only when a
condition holds. Saved like every edit, then checked by the loader at once: problems
show next to the trigger on the stages page and at the top of its own page."""

from __future__ import annotations

from flask import flash, request, url_for

from casework import access
from designer.editor import pages
from designer.editor.blueprint import EDIT, bp
from designer.editor.conditions import inputs as condition_form
from designer.editor.pathways import pages as pathway_pages
from designer.editor.pathways import stage_form, timescales, triggers
from designer.editor.pathways.pages import back, draft_or_404, item_or_404


def _dates(doc: dict) -> dict[str, str]:
    """ "stage.field" -> "Stage: question", for every date question a trigger may wait for."""
    questions = pathway_pages.stage_questions(doc)
    return {key: q["label"] for key, q in questions.items() if q.get("type") == "date"}


def _page(draft, trigger: dict, inputs: dict, builder: dict, errors: dict, *, new: bool):
    doc = draft.document
    ids = [t.get("id") for t in doc.get("triggers") or []]
    number = None if new or trigger.get("id") not in ids else ids.index(trigger["id"]) + 1
    titles = dict(pathway_pages.stage_choices(doc))
    in_words = None
    if number:
        in_words = triggers.words(
            doc["triggers"][number - 1], titles, doc, pathway_pages.question_labels(doc)
        )
    return pages.render(
        "designer/trigger.html",
        draft,
        trigger=trigger,
        inputs=inputs,
        builder=builder,
        errors=errors,
        new=new,
        stages=pathway_pages.stage_choices(doc),
        timed_stages=[(i, t) for i, t in pathway_pages.stage_choices(doc) if _has_due(doc, i)],
        dates=list(_dates(doc).items()),
        starts=triggers.STARTS,
        does=triggers.DOES,
        roles=stage_form.ROLES,
        units=timescales.UNITS,
        settings=timescales.setting_choices(doc.get("parameters") or []),
        counting=timescales.COUNTING,
        regions=timescales.REGIONS,
        yaml_url=url_for("designer.yaml_view", draft_id=draft.id),
        # Numbered as in the diagram and the list under it.
        title=f"Trigger T{number}" if number else "Add a trigger",
        in_words=in_words,
    )


def _has_due(doc: dict, stage_id: str) -> bool:
    return any(s.get("id") == stage_id and s.get("due") for s in doc.get("stages") or [])


def _posted() -> dict:
    """The inputs as posted, so a page shown again with errors loses nothing."""
    inputs = {k: request.form.get(k, "") for k in triggers.shown(None)}
    inputs["task-done_by"] = request.form.getlist("task-done_by")
    return inputs


def _builder(draft, trigger: dict):
    titles = dict(pathway_pages.stage_choices(draft.document))
    if trigger.get("start") in titles:
        name = f"‘{titles[trigger['start']]}’"
        outcome = (f"{name} would start", f"{name} would not start")
    elif trigger.get("task"):
        outcome = ("The task would be given", "The task would not be given")
    else:
        outcome = ("The trigger would act", "The trigger would not act")
    return condition_form.pathway_builder(
        "The trigger acts only when",
        outcome,
        url_for("designer.yaml_view", draft_id=draft.id),
        "Leave every condition empty to act every time.",
    )


def _save(draft, old: dict | None):
    doc = draft.document
    questions = pathway_pages.stage_questions(doc, every=False)
    old_when = ((old or {}).get("on") or {}).get("when")
    if request.method == "GET":
        builder = pathway_pages.builder_context(_builder(draft, old or {}), old_when, questions)
        return _page(draft, old or {}, triggers.shown(old), builder, {}, new=old is None)
    errors: dict[str, str] = {}
    acting = condition_form.action_of(request.form)
    shape = triggers.from_form(request.form, old, doc, None, {}, dates=_dates(doc))
    when, builder = pathway_pages.condition_from_form(
        request.form, _builder(draft, shape), old_when, questions, errors
    )
    trigger = triggers.from_form(
        request.form, old, doc, when, {} if acting else errors, dates=_dates(doc)
    )
    if acting:  # a builder's button: the page again as typed, nothing saved
        return _page(draft, trigger, _posted(), builder, errors, new=old is None)
    if not errors:
        op = (
            {"op": "add_trigger", "trigger": trigger}
            if old is None
            else {"op": "replace_trigger", "id": old["id"], "trigger": trigger}
        )
        problem = pages.apply(draft, op, success="Trigger saved")
        if problem is None:
            return back(draft, f"trigger-{trigger['id']}")
        errors["on"] = problem
    return _page(draft, trigger, _posted(), builder, errors, new=old is None), 400


@bp.route("/drafts/<int:draft_id>/triggers", methods=["GET", "POST"])
@access.roles(*EDIT)
def add_trigger(draft_id: int):
    return _save(draft_or_404(draft_id), None)


@bp.route("/drafts/<int:draft_id>/triggers/<trigger_id>", methods=["GET", "POST"])
@access.roles(*EDIT)
def edit_trigger(draft_id: int, trigger_id: str):
    draft = draft_or_404(draft_id)
    return _save(draft, item_or_404(draft, "trigger", trigger_id))


@bp.route("/drafts/<int:draft_id>/triggers/<trigger_id>/delete", methods=["POST"])
@access.roles(*EDIT)
def delete_trigger(draft_id: int, trigger_id: str):
    draft = draft_or_404(draft_id)
    item_or_404(draft, "trigger", trigger_id)
    problem = pages.apply(
        draft, {"op": "delete_trigger", "id": trigger_id}, success="Trigger deleted"
    )
    if problem:
        flash(problem, "important")
    return back(draft, "triggers")

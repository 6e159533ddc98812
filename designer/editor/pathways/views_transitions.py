"""Transitions of the pathway editor: which stage follows which, and when.

The condition is built like a question's show-if: rows of (answer, comparison,
value) combined with "all" or "any". A condition the builder cannot show exactly is
kept as it is and shown read-only, with the way to the YAML view.
"""

from __future__ import annotations

from flask import flash, request, url_for

from casework import access
from designer.editor import pages
from designer.editor.blueprint import EDIT, bp
from designer.editor.conditions import inputs as condition_form
from designer.editor.forms.operations import make_id
from designer.editor.pathways import pages as pathway_pages
from designer.editor.pathways.pages import back, draft_or_404, item_or_404


def _builder(draft, to_stage: str | None):
    titles = dict(pathway_pages.stage_choices(draft.document))
    name = f"‘{titles[to_stage]}’" if to_stage in titles else "The next stage"
    return condition_form.pathway_builder(
        "The transition is followed only when",
        (f"{name} would start", f"{name} would not start"),
        url_for("designer.yaml_view", draft_id=draft.id),
        "Answers from any stage’s form.",
    )


def _from_form(draft, old: dict, questions: dict, errors: dict):
    """(the transition, what the condition builder shows again)."""
    doc = draft.document
    stages = {s.get("id") for s in doc.get("stages") or []}
    transition: dict = {"id": old.get("id", "")}
    for key, words in (("from", "the stage it leaves"), ("to", "the stage it goes to")):
        transition[key] = request.form.get(key, "")
        if transition[key] not in stages:
            errors[key] = f"Choose {words}"
    when, builder = pathway_pages.condition_from_form(
        request.form, _builder(draft, transition["to"]), old.get("when"), questions, errors
    )
    if when is not None:
        transition["when"] = when
    description = request.form.get("description", "").strip()[:5000]
    if description:
        transition["description"] = description
    # "completed" is the language's default, so it is left out rather than written.
    fires_on = request.form.get("fires_on", old.get("fires_on", "completed"))
    if fires_on == "submitted":
        transition["fires_on"] = "submitted"
    elif fires_on != "completed":
        errors["fires_on"] = "Choose when the next stage starts"
    if not transition["id"]:
        taken = {t.get("id") for t in doc.get("transitions") or []}
        transition["id"] = make_id(f"to_{transition['to']}", taken)
    return transition, builder


def _page(draft, transition: dict, builder: dict, errors: dict, *, new: bool):
    titles = dict(pathway_pages.stage_choices(draft.document))
    ends = [titles.get(transition.get(k), transition.get(k)) for k in ("from", "to")]
    return pages.render(
        "designer/transition.html",
        draft,
        transition=transition,
        builder=builder,
        errors=errors,
        new=new,
        stages=pathway_pages.stage_choices(draft.document),
        yaml_url=url_for("designer.yaml_view", draft_id=draft.id),
        title="Add a transition" if new else f"Transition from ‘{ends[0]}’ to ‘{ends[1]}’",
    )


@bp.route("/drafts/<int:draft_id>/transitions", methods=["GET", "POST"])
@access.roles(*EDIT)
def add_transition(draft_id: int):
    draft = draft_or_404(draft_id)
    questions = pathway_pages.stage_questions(draft.document, every=False)
    errors: dict[str, str] = {}
    if request.method == "GET":
        builder = pathway_pages.builder_context(_builder(draft, None), None, questions)
        return _page(draft, {}, builder, errors, new=True)
    transition, builder = _from_form(draft, {}, questions, errors)
    if condition_form.action_of(request.form):  # a builder's button: shown again, not saved
        return _page(draft, transition, builder, errors, new=True)
    if not errors:
        problem = pages.apply(
            draft, {"op": "add_transition", "transition": transition}, success="Transition added"
        )
        if problem is None:
            return back(draft, f"transition-{transition['id']}")
        errors["from"] = problem
    return _page(draft, transition, builder, errors, new=True), 400


@bp.route("/drafts/<int:draft_id>/transitions/<transition_id>", methods=["GET", "POST"])
@access.roles(*EDIT)
def edit_transition(draft_id: int, transition_id: str):
    draft = draft_or_404(draft_id)
    old = item_or_404(draft, "transition", transition_id)
    questions = pathway_pages.stage_questions(draft.document, every=False)
    errors: dict[str, str] = {}
    if request.method == "GET":
        builder = pathway_pages.builder_context(
            _builder(draft, old.get("to")), old.get("when"), questions
        )
        return _page(draft, old, builder, errors, new=False)
    transition, builder = _from_form(draft, old, questions, errors)
    if condition_form.action_of(request.form):  # a builder's button: shown again, not saved
        return _page(draft, transition, builder, errors, new=False)
    if not errors:
        problem = pages.apply(
            draft,
            {"op": "replace_transition", "id": transition_id, "transition": transition},
            success="Transition saved",
        )
        if problem is None:
            return back(draft, f"transition-{transition_id}")
        errors["from"] = problem
    return _page(draft, transition, builder, errors, new=False), 400


@bp.route("/drafts/<int:draft_id>/transitions/<transition_id>/delete", methods=["POST"])
@access.roles(*EDIT)
def delete_transition(draft_id: int, transition_id: str):
    draft = draft_or_404(draft_id)
    problem = pages.apply(
        draft, {"op": "delete_transition", "id": transition_id}, success="Transition deleted"
    )
    if problem:
        flash(problem, "important")
    return back(draft, "transitions")

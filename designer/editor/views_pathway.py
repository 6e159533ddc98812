"""The pathway editor: stages (timescale, weight, who, pre-fill), transitions, and the
diagram of the draft, each change one small edit like the form editor's."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from casework import access
from casework.library import service as library
from designer.editor import diagram, pages, pathway_ops, service
from designer.editor.blueprint import EDIT, REVIEW, bp
from designer.editor.conditions import COMPARISONS, ConditionError, Row, to_logic
from designer.editor.operations import OperationRefused, make_id

ROLES = ("practitioner", "team_manager", "designer", "administrator", "auditor")
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


def _pathway_draft_or_404(draft_id: int):
    draft = pages.draft_or_404(draft_id)
    if draft.kind != "pathway":
        abort(404)
    return draft


def _back(draft, anchor: str | None = None):
    url = url_for("designer.pathway_draft", draft_id=draft.id)
    return redirect(f"{url}#{anchor}" if anchor else url)


def _stage_fields(doc: dict) -> list[tuple[str, str]]:
    """("stage_id.field_id", words) for every question of every stage's form, for
    transition conditions and pre-fill sources."""
    forms = {f.form_id: f.definition for f in library.latest_forms()}
    out = []
    for stage in doc.get("stages") or []:
        form = forms.get(stage.get("form") or "")
        for section in (form or {}).get("sections") or []:
            for field in section.get("fields") or []:
                if field.get("label"):
                    out.append(
                        (f"{stage['id']}.{field['id']}", f"{stage.get('title')}: {field['label']}")
                    )
    return out


@bp.route("/drafts/<int:draft_id>/pathway")
@access.roles(*REVIEW)
def pathway_draft(draft_id: int):
    draft = _pathway_draft_or_404(draft_id)
    doc = draft.document
    return pages.render(
        "designer/pathway_draft.html",
        draft,
        title=f"{draft.title}: stages",
        diagram=diagram.svg(doc),
        transitions=diagram.transitions(doc),
        timescale=lambda due: diagram.timescale(due, diagram.parameter_defaults(doc)),
        forms=[(f.form_id, f.title) for f in library.latest_forms()],
        stage_fields=_stage_fields(doc),
        comparisons=[(k, v[1]) for k, v in COMPARISONS.items()],
    )


@bp.route("/drafts/<int:draft_id>/stages", methods=["POST"])
@access.roles(*EDIT)
def add_stage(draft_id: int):
    draft = _pathway_draft_or_404(draft_id)
    form_id, title = request.form.get("form", ""), request.form.get("title", "").strip()[:200]
    if not title or library.latest_form_version(form_id) is None:
        flash("Choose a form and enter the stage's title", "important")
        return _back(draft)
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
    return _back(draft, f"stage-{ident}")


@bp.route("/drafts/<int:draft_id>/stages/<stage_id>", methods=["GET", "POST"])
@access.roles(*EDIT)
def edit_stage(draft_id: int, stage_id: str):
    draft = _pathway_draft_or_404(draft_id)
    try:
        stage = pathway_ops.find_stage(draft.document, stage_id)
    except OperationRefused:
        return _back(draft)
    errors: dict[str, str] = {}
    if request.method == "POST":
        title = request.form.get("title", "").strip()[:200]
        if not title:
            errors["title"] = "Enter the stage's title"
        try:
            weight = int(request.form.get("weight") or 1)
        except ValueError:
            errors["weight"] = "Enter the weight as a whole number"
            weight = 1
        due = pathway_ops.due_from_form(request.form, errors)
        done_by = [r for r in ROLES if r in request.form.getlist("done_by")]
        prefill = pathway_ops.prefill_from_form(request.form, len(stage.get("prefill") or []) + 1)
        if not errors:
            values = {
                "title": title,
                "weight": None if weight == 1 else weight,
                "due": due,
                "done_by": None if done_by == ["practitioner"] else done_by,
            }
            problem = pages.apply(draft, {"op": "update_stage", "id": stage_id, "values": values})
            problem = problem or pages.apply(
                draft,
                {"op": "set_prefill", "id": stage_id, "prefill": prefill},
                success="Stage saved",
            )
            if problem is None:
                return _back(draft, f"stage-{stage_id}")
            errors["title"] = problem
    doc = draft.document
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
        for value, words in _stage_fields(doc)
        if value.split(".")[0] in earlier
    ]
    events = [(f"event:{e['id']}", e.get("label", e["id"])) for e in doc.get("events") or []]
    events += [
        (f"{k}:{s['id']}", f"{w} ‘{s.get('title')}’")
        for s in doc.get("stages") or []
        for k, w in (("stage_completed", "Finishing"), ("stage_started", "Starting"))
    ]
    return pages.render(
        "designer/stage.html",
        draft,
        stage=stage,
        errors=errors,
        roles=ROLES,
        targets=targets,
        sources=sources,
        starts=events,
        title=f"Stage: {stage.get('title')}",
    )


@bp.route("/drafts/<int:draft_id>/stages/<stage_id>/move", methods=["POST"])
@access.roles(*EDIT)
def move_stage(draft_id: int, stage_id: str):
    draft = _pathway_draft_or_404(draft_id)
    direction = "up" if request.form.get("direction") == "up" else "down"
    problem = pages.apply(draft, {"op": "move_stage", "id": stage_id, "direction": direction})
    if problem:
        flash(problem, "important")
    return _back(draft, f"stage-{stage_id}")


@bp.route("/drafts/<int:draft_id>/transitions", methods=["POST"])
@access.roles(*EDIT)
def add_transition(draft_id: int):
    draft = _pathway_draft_or_404(draft_id)
    source, target = request.form.get("from", ""), request.form.get("to", "")
    transition = {
        "id": make_id(
            f"to_{target}", {t.get("id") for t in draft.document.get("transitions") or []}
        ),
        "from": source,
        "to": target,
    }
    fields = {value: {"id": value, "type": "text"} for value, _ in _stage_fields(draft.document)}
    try:
        when = to_logic(
            [
                Row(
                    request.form.get("when-field", ""),
                    request.form.get("when-comparison", "equals"),
                    request.form.get("when-value", ""),
                )
            ],
            "all",
            fields,
        )
    except ConditionError as exc:
        flash(str(exc), "important")
        return _back(draft, "transitions")
    if when is not None:
        transition["when"] = when
    if request.form.get("description", "").strip():
        transition["description"] = request.form["description"].strip()
    problem = pages.apply(
        draft, {"op": "add_transition", "transition": transition}, success="Transition added"
    )
    if problem:
        flash(problem, "important")
    return _back(draft, "transitions")


@bp.route("/drafts/<int:draft_id>/transitions/<transition_id>/delete", methods=["POST"])
@access.roles(*EDIT)
def delete_transition(draft_id: int, transition_id: str):
    draft = _pathway_draft_or_404(draft_id)
    problem = pages.apply(
        draft, {"op": "delete_transition", "id": transition_id}, success="Transition deleted"
    )
    if problem:
        flash(problem, "important")
    return _back(draft, "transitions")

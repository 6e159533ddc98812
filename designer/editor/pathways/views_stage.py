"""A stage of the pathway editor: adding one (a form recorded, or an activity with no
form, such as a visit), and its own page: title, what is done (form or activity),
caseload weight, who does it, timescale and what is pre-filled. Each change is one
small edit like the form editor's; a stage moves off its form only when nothing reads
that form's answers (stage_work.py), and the page names what does."""

from __future__ import annotations

from flask import request

from casework import access
from casework.library import service as library
from designer.editor import pages, service
from designer.editor.blueprint import EDIT, bp
from designer.editor.forms.operations import make_id
from designer.editor.pathways import case_sources, stage_form, stage_work, timescales, wording
from designer.editor.pathways import pages as pathway_pages
from designer.editor.pathways.case_sources import CASE_SOURCES
from designer.editor.pathways.pages import back, draft_or_404, item_or_404

MAX_TITLE = 200
NEW_INPUTS = ("kind", "form", "activity", "title", "after")


def _title(errors: dict, old: str | None = None) -> str:
    title = wording.text_from_form(request.form.get("title"), old)
    if not title:
        errors["title"] = "Enter the stage's title"
    elif len(title) > MAX_TITLE and title != old:
        errors["title"] = f"Keep the stage's title under {MAX_TITLE} characters"
    return title


def _forms() -> list[tuple[str, str]]:
    return [(f.form_id, f.title) for f in library.latest_forms()]


@bp.route("/drafts/<int:draft_id>/stages", methods=["GET", "POST"])
@access.roles(*EDIT)
def add_stage(draft_id: int):
    """The page to add a stage; the stages page's short form posts here too."""
    draft = draft_or_404(draft_id)
    doc = draft.document
    forms = _forms()
    errors: dict[str, str] = {}
    if request.method == "GET":
        kind = "activity" if request.args.get("kind") == "activity" else "form"
        inputs = dict.fromkeys(NEW_INPUTS, "") | {"kind": kind}
        return _new_page(draft, inputs, forms, errors)
    inputs = {k: request.form.get(k, "") for k in NEW_INPUTS}
    title = _title(errors)
    work = stage_work.from_form(request.form, None, {f for f, _ in forms}, errors)
    inputs["kind"] = inputs["kind"] or ("activity" if work and "activity" in work else "form")
    after = inputs["after"] or None
    if after not in (None, *(s.get("id") for s in doc.get("stages") or [])):
        errors["after"] = "Choose the stage it comes after"
    if not errors:
        taken = {s.get("id") for s in doc.get("stages") or []}
        ident = make_id(title, taken, prefix="stage")
        problem = pages.apply(
            draft,
            {"op": "add_stage", "after": after, "stage": {"id": ident, "title": title, **work}},
            success=f"Added the stage ‘{title}’",
        )
        if problem is None:
            return back(draft, f"stage-{ident}")
        errors["title"] = problem
    return _new_page(draft, inputs, forms, errors), 400


def _new_page(draft, inputs: dict, forms, errors: dict):
    return pages.render(
        "designer/stage_new.html",
        draft,
        inputs=inputs,
        errors=errors,
        kinds=stage_work.KINDS,
        forms=forms,
        stages=pathway_pages.stage_choices(draft.document),
        title="Add a stage",
    )


def _stage_values(stage: dict, doc: dict, errors: dict) -> tuple[dict, list[dict]]:
    """(update_stage values, pre-fill rules) from the stage page's inputs."""
    form = request.form
    parameters = {p.get("id"): p for p in doc.get("parameters") or []}
    values = {
        "title": _title(errors, stage.get("title")),
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
    if not stage.get("form"):  # an activity's page has no pre-fill rows: keep what is saved
        return values, old
    prefill = stage_form.prefill_from_form(form, len(old) + 1, old)
    return values, prefill


def _inputs(stage: dict) -> dict:
    """What the stage page's inputs show for the saved stage."""
    return {
        "title": stage.get("title", ""),
        "description": stage.get("description", ""),
        "weight": str(stage.get("weight", 1)),
        "done_by": stage.get("done_by") or ["practitioner"],
        "kind": "form" if stage.get("form") else "activity",
        "form": stage.get("form", ""),
        "activity": stage.get("activity", ""),
        **timescales.shown(stage.get("due")),
    }


def _work(draft, stage: dict, forms, prefill: list, errors: dict):
    """(the work asked for, what stops it) after checking it is safe."""
    work = stage_work.from_form(request.form, stage, {f for f, _ in forms}, errors)
    if work is None or work == stage_work.work_of(stage):
        return work, []
    found = stage_work.blockers(draft.document, stage["id"], work)
    if found:
        what = "become an activity" if "activity" in work else "record another form"
        errors["kind"] = (
            f"‘{stage.get('title')}’ cannot {what} yet: other parts of the pathway read the "
            "answers of its form. Change them first (listed below)."
        )
    elif prefill:
        errors["prefill"] = (
            "Pre-fills are questions of the stage's form: empty the pre-fill rows to change "
            "what is done at this stage, then choose pre-fills for the new form"
        )
    return work, found


def _save(draft, stage: dict, values: dict, work, prefill: list, errors: dict) -> bool:
    stage_id = stage["id"]
    ops = [({"op": "update_stage", "id": stage_id, "values": values}, "title")]
    if work != stage_work.work_of(stage):
        ops.append(({"op": "set_stage_work", "id": stage_id, "work": work}, "kind"))
    ops.append(({"op": "set_prefill", "id": stage_id, "prefill": prefill}, "prefill"))
    for n, (op, key) in enumerate(ops):
        problem = pages.apply(draft, op, success="Stage saved" if n == len(ops) - 1 else None)
        if problem:
            errors[key] = problem
            return False
    return True


@bp.route("/drafts/<int:draft_id>/stages/<stage_id>", methods=["GET", "POST"])
@access.roles(*EDIT)
def edit_stage(draft_id: int, stage_id: str):
    draft = draft_or_404(draft_id)
    stage = saved = item_or_404(draft, "stage", stage_id)
    doc = draft.document
    statutory, kept_forms = service.stage_locks(draft)
    forms = _forms()
    errors: dict[str, str] = {}
    inputs = _inputs(stage)
    blockers: list = []
    if request.method == "POST":
        values, prefill = _stage_values(stage, doc, errors)
        work, blockers = _work(draft, stage, forms, prefill, errors)
        if not errors and _save(draft, stage, values, work, prefill, errors):
            return back(draft, f"stage-{stage_id}")
        # The page comes back as it was posted, so nothing typed is lost.
        kept = ("kind", "form", "activity")  # not posted by a stage that keeps its form
        inputs = {k: request.form.get(k, v if k in kept else "") for k, v in inputs.items()}
        inputs["done_by"] = request.form.getlist("done_by")
        stage = dict(stage, prefill=prefill)
    form = library.latest_form_version(saved.get("form") or "")
    targets = [
        (f["id"], f.get("label", f["id"]))
        for s in (form.definition if form else {}).get("sections", [])
        for f in s.get("fields", [])
        if f.get("label")
    ]
    # Only earlier stages can fill this one (CV503), so only they are offered.
    order = [s.get("id") for s in doc.get("stages") or []]
    earlier = set(order[: order.index(stage_id)])
    sources = [(f"case:{c}", case_sources.words(c)) for c in CASE_SOURCES]
    sources += [
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
        has_form=bool(saved.get("form")),
        kept_form=kept_forms.get(stage_id),
        kinds=stage_work.KINDS,
        forms=forms,
        blockers=blockers,
        titles=dict(pathway_pages.stage_choices(doc)),
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
        statutory=statutory.get(stage_id),
        title=f"Stage: {saved.get('title')}",
    )

"""What the pathway's clocks are made of: events (named moments a timescale counts
from, such as "Referral received") and timescale settings (the language's
`parameters`: a length of time with a default a council can change, such as "hold a
strategy discussion within 1 working day").

A national timescale setting of the published pathway is set by statute, not by the
working group: its length, unit and "national" mark are shown but not editable here,
and it cannot be deleted (experts can still change it in the YAML view if the law
changes). Neither an event nor a setting that a timescale uses can be deleted; the
refusal names the stages to change first.
"""

from __future__ import annotations

from flask import flash, request

from casework import access
from designer.editor import pages, service
from designer.editor.blueprint import EDIT, bp
from designer.editor.forms.operations import make_id
from designer.editor.pathways import pages as pathway_pages
from designer.editor.pathways import timescales
from designer.editor.pathways.pages import back, draft_or_404, item_or_404

UNIT_CHOICES = [(k, v.capitalize()) for k, v in timescales.PARAMETER_UNIT_NAMES.items()]


def _national(draft) -> set[str]:
    """The published pathway's national timescale settings."""
    base = service.base_document(draft) or {}
    return {p.get("id") for p in base.get("parameters") or [] if p.get("national")}


def _taken(doc: dict) -> set[str]:
    """Ids an event or setting must not reuse (the loader wants them unique)."""
    return {i.get("id") for key in ("events", "parameters") for i in doc.get(key) or []}


def _save(draft, noun: str, old: dict | None, item: dict, success: str) -> object | str:
    """Add the event or setting, or replace `old` with it, as one edit: the editor's page
    again (at the item) when it is saved, else the reason it was refused."""
    op = (
        {"op": f"add_{noun}", noun: item}
        if old is None
        else {"op": f"replace_{noun}", "id": old["id"], noun: item}
    )
    problem = pages.apply(draft, op, success=success)
    return back(draft, f"{noun}-{item['id']}") if problem is None else problem


def _delete(draft, noun: str, ident: str, success: str, anchor: str):
    problem = pages.apply(draft, {"op": f"delete_{noun}", "id": ident}, success=success)
    if problem:
        flash(problem, "important")
    return back(draft, anchor)


# -- events ---------------------------------------------------------------------------


def _date_answers(doc: dict) -> list[tuple[str, str]]:
    """("stage_id.field_id", "Stage: question") for each date question an event can be
    recorded by (outside repeating groups)."""
    questions = pathway_pages.stage_questions(doc)
    return [(key, q["label"]) for key, q in questions.items() if q.get("type") == "date"]


def _recorded_by(draft, old: dict | None, errors: dict) -> dict | None:
    if "recorded_by" not in request.form:  # a page without the question keeps it
        return (old or {}).get("recorded_by")
    chosen = request.form.get("recorded_by", "")
    if not chosen:
        return None
    if chosen not in dict(_date_answers(draft.document)):
        errors["recorded_by"] = "Choose a date question from the list"
        return None
    stage, _, field = chosen.partition(".")
    return {"stage": stage, "field": field}


def _event(draft, old: dict | None):
    errors: dict[str, str] = {}
    shown = dict(old or {})
    if request.method == "POST":
        label = request.form.get("label", "").strip()[:500]
        description = request.form.get("description", "").strip()[:5000]
        recorded_by = _recorded_by(draft, old, errors)
        shown = {
            "id": (old or {}).get("id"),
            "label": label,
            "description": description,
            "recorded_by": recorded_by,
        }
        if not label:
            errors["label"] = "Enter the event's name, as practitioners would say it"
        elif not errors:
            event = {"id": shown["id"] or make_id(label, _taken(draft.document), "event")}
            event["label"] = label
            if description:
                event["description"] = description
            if recorded_by:
                event["recorded_by"] = recorded_by
            saved = _save(draft, "event", old, event, "Event saved")
            if not isinstance(saved, str):
                return saved
            errors["label"] = saved
    page = pages.render(
        "designer/event.html",
        draft,
        event=shown,
        errors=errors,
        new=old is None,
        date_answers=_date_answers(draft.document),
        title="Add an event" if old is None else f"Event: {old.get('label')}",
    )
    return (page, 400) if errors else page


@bp.route("/drafts/<int:draft_id>/events", methods=["GET", "POST"])
@access.roles(*EDIT)
def add_event(draft_id: int):
    return _event(draft_or_404(draft_id), None)


@bp.route("/drafts/<int:draft_id>/events/<event_id>", methods=["GET", "POST"])
@access.roles(*EDIT)
def edit_event(draft_id: int, event_id: str):
    draft = draft_or_404(draft_id)
    return _event(draft, item_or_404(draft, "event", event_id))


@bp.route("/drafts/<int:draft_id>/events/<event_id>/delete", methods=["POST"])
@access.roles(*EDIT)
def delete_event(draft_id: int, event_id: str):
    draft = draft_or_404(draft_id)
    item_or_404(draft, "event", event_id)
    return _delete(draft, "event", event_id, "Event deleted", "events")


# -- timescale settings ---------------------------------------------------------------


def _setting_from_form(old: dict | None, locked: bool, taken: set[str], errors: dict) -> dict:
    form = request.form
    description = form.get("description", "").strip()[:5000]
    if not description:
        errors["description"] = "Say what the setting is for, as a sentence"
    if locked:  # only the words of a national setting are the working group's
        return dict(old or {}, description=description)
    name = form.get("name", "").strip()[:60]
    unit = form.get("unit", "")
    if unit not in timescales.PARAMETER_UNITS:
        errors["unit"] = "Choose working days, calendar days, weeks or months"
    try:
        default = int(form.get("default", "").strip())
    except ValueError:
        default = -1
    if not 0 <= default <= timescales.MAX_AMOUNT:
        errors["default"] = f"Enter the length as a whole number from 0 to {timescales.MAX_AMOUNT}"
    ident = (old or {}).get("id")
    if not ident:
        if not name:
            errors["name"] = "Enter a short name, such as ‘Strategy discussion’"
        ident = make_id(f"{name} {unit}", taken, "setting")
    setting = {"id": ident, "default": default, "unit": unit, "description": description}
    setting["national"] = form.get("national") == "yes"
    return setting


def _setting(draft, old: dict | None):
    errors: dict[str, str] = {}
    locked = old is not None and old.get("id") in _national(draft)
    shown = dict(old or {"unit": "working_days", "national": False})
    if request.method == "POST":
        setting = _setting_from_form(old, locked, _taken(draft.document), errors)
        shown = dict(setting, name=request.form.get("name", ""))
        if request.form.get("default") is not None and not locked:
            shown["default"] = request.form.get("default", "")
        if not errors:
            saved = _save(draft, "parameter", old, setting, "Timescale setting saved")
            if not isinstance(saved, str):
                return saved
            errors["description"] = saved
    page = pages.render(
        "designer/setting.html",
        draft,
        setting=shown,
        statute=locked,
        units=UNIT_CHOICES,
        errors=errors,
        new=old is None,
        title="Add a timescale setting"
        if old is None
        else f"Timescale setting: {str(old.get('id')).replace('_', ' ')}",
    )
    return (page, 400) if errors else page


@bp.route("/drafts/<int:draft_id>/settings", methods=["GET", "POST"])
@access.roles(*EDIT)
def add_setting(draft_id: int):
    return _setting(draft_or_404(draft_id), None)


@bp.route("/drafts/<int:draft_id>/settings/<setting_id>", methods=["GET", "POST"])
@access.roles(*EDIT)
def edit_setting(draft_id: int, setting_id: str):
    draft = draft_or_404(draft_id)
    return _setting(draft, item_or_404(draft, "parameter", setting_id))


@bp.route("/drafts/<int:draft_id>/settings/<setting_id>/delete", methods=["POST"])
@access.roles(*EDIT)
def delete_setting(draft_id: int, setting_id: str):
    draft = draft_or_404(draft_id)
    item_or_404(draft, "parameter", setting_id)
    if setting_id in _national(draft):
        flash(
            f"‘{setting_id.replace('_', ' ')}’ is a national timescale set by statute, so it "
            "cannot be deleted.",
            "important",
        )
        return back(draft, f"parameter-{setting_id}")
    return _delete(draft, "parameter", setting_id, "Timescale setting deleted", "settings")

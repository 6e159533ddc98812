"""Recording screens: contents, section pages that save as you go, check and submit."""

from __future__ import annotations

import secrets
from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from casework import access, incoming
from casework.cases import service as cases
from casework.cases.access import may_sign_off
from casework.clock import uk_time
from casework.library import service as library
from casework.models import RECORD_STATES
from casework.pathway import worklist
from casework.records import saving, section_page, sources
from casework.records import service as records
from renderer.screens import compile_form

bp = Blueprint("records", __name__)

CASE_ROLES = ("practitioner", "team_manager")


def _record_or_404(record_id: int, purpose: str | None = "record_viewed"):
    try:
        return records.get(current_user, record_id, purpose=purpose)
    except records.RecordNotFound:
        abort(404)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _context(record, *, people: bool = True):
    """The form, its compiled form, the case and (unless ``people`` is False: nothing
    shown asks for them) the case's people, for questions that name one."""
    form = records.form_of(record)
    compiled = compile_form(form)
    case = record.case
    return form, compiled, case, cases.people_choices(case) if people else ()


def _section_of(compiled, element_id: str) -> str | None:
    for section in compiled.sections:
        for field_id in section.field_ids:
            if element_id == field_id or element_id.startswith(field_id + "-"):
                return section.id
    return None


@bp.route("/cases/<int:case_id>/stages/<int:instance_id>/record", methods=["POST"])
@access.roles(*CASE_ROLES)
def start(case_id: int, instance_id: int):
    try:
        case = cases.get(current_user, case_id, purpose=None)
    except cases.CaseNotFound:
        abort(404)
    instance = records.stage_of(case, instance_id)
    if instance is None:
        abort(404)
    record = records.start(current_user, case, instance)
    return redirect(url_for("records.contents", record_id=record.id))


@bp.route("/records/<int:record_id>")
@access.roles(*CASE_ROLES)
def contents(record_id: int):
    record = _record_or_404(record_id)
    form, compiled, case, _ = _context(record, people=False)
    statuses = compiled.statuses(record.answers)
    return render_template(
        "records/contents.html",
        child_name=cases.child_name(case),
        record=record,
        form=form,
        case=case,
        sections=compiled.sections,
        statuses=statuses,
        states=RECORD_STATES,
        prefill=_prefill_notes(record, form),
        newer=_newer_version(record, form),
        can_authorise=_can_authorise(record, form),
        save_key=secrets.token_urlsafe(16),
        returned=_returned(record),
    )


def _returned(record):
    """The manager's reason, shown at the top of a returned form."""
    if record.status != "returned":
        return None
    return worklist.returned_reasons([record.id]).get(record.id)


def _newer_version(record, form):
    """A newer published version a draft could move to, or None."""
    if record.status not in saving.EDITABLE:
        return None
    latest = library.latest_form_version(form.id)
    return latest if latest is not None and latest.version > form.version else None


@bp.route("/records/<int:record_id>/move-version", methods=["POST"])
@access.roles(*CASE_ROLES)
def move_version(record_id: int):
    record = _record_or_404(record_id, purpose=None)
    form = records.form_of(record)
    newer = _newer_version(record, form)
    if newer is None:
        return redirect(url_for("records.contents", record_id=record.id))
    unmapped = records.move_to_version(current_user, record, newer.id)
    flash(
        f"Your answers are now on version {newer.version} of this form."
        + (
            f" {len(unmapped)} answer(s) had no place in it and are kept below." if unmapped else ""
        ),
        "success",
    )
    return redirect(url_for("records.contents", record_id=record.id))


def _prefill_notes(record, form) -> list[dict]:
    notes = []
    for field_id, source in (record.prefill_sources or {}).items():
        field = form.fields_by_id.get(field_id)
        if field is None:
            continue
        if "not_carried" in source:
            notes.append({"label": field.label, "text": source["not_carried"], "carried": False})
        else:
            notes.append({"label": field.label, "text": sources.sentence(source), "carried": True})
    return notes


def _can_authorise(record, form) -> bool:
    return record.status == "awaiting_authorisation" and may_sign_off(
        current_user, record.case, form.authorisation_role or "team_manager"
    )


@bp.route("/records/<int:record_id>/sections/<section_id>", methods=["GET", "POST"])
@access.roles(*CASE_ROLES)
def section(record_id: int, section_id: str):
    record = _record_or_404(record_id, purpose="record_viewed" if request.method == "GET" else None)
    form, compiled, case, _ = _context(record, people=False)
    if section_id not in {s.id for s in compiled.sections}:
        abort(404)
    editable = record.status in saving.EDITABLE
    # Shown, a section needs the case's people only if it asks for one.
    showing = request.method == "GET"
    people = cases.people_choices(case) if not showing or compiled.asks_people(section_id) else ()
    if showing:
        shown = compiled.shown(
            section_id,
            answers=record.answers,
            people=people,
            sources=sources.beside_fields(record),
            env=current_app.jinja_env,
        )
        return section_page.render(record, form, compiled, case, shown, section_id, editable)
    if not editable:
        if _wants_json():
            return {"error": "locked", "message": "This record has been submitted."}, 409
        abort(409)
    return _save_section(record, form, compiled, case, people, section_id)


def _save_section(record, form, compiled, case, people, section_id):
    try:
        base_revision = incoming.whole_number(request.form.get("revision", ""))
    except ValueError:
        abort(400)
    key = (request.form.get("save_key") or "")[: saving.MAX_KEY_LENGTH]
    if not key:
        abort(400)
    bound = compiled.bind(section_id, answers=record.answers, formdata=request.form, people=people)
    changes = saving.changes_from_page(record, bound.answers(), base_revision)
    kind = "autosave" if _wants_json() else "save"
    page_id = (request.form.get("page_id") or "")[: saving.MAX_KEY_LENGTH] or None
    result = saving.save(
        current_user,
        record,
        changes,
        base_revision=base_revision,
        idempotency_key=key,
        kind=kind,
        page_id=page_id,
    )
    if _wants_json():
        return result.as_json(), 409 if result.conflicts else 200
    action = request.form.get("_action", "")
    if bound.action is not None or result.conflicts:
        redisplay = compiled.bind(
            section_id,
            answers=record.answers,
            formdata=request.form,
            people=people,
            extra_items=bound.extra_items(),
            sources=sources.beside_fields(record),
        )
        return section_page.render_posted(
            record, form, compiled, case, redisplay, conflicts=result.conflicts, saved=result
        )
    if action == "later":
        flash(
            f"Your answers were saved at {uk_time(record.updated_at, '%H:%M')}. "
            "You can come back to this form from the case page.",
            "success",
        )
        return redirect(url_for("records.contents", record_id=record.id))
    errors = compiled.check(
        record.answers, section_id=section_id, today=date.today(), people=people
    )
    if errors:
        redisplay = compiled.bind(
            section_id,
            answers=record.answers,
            people=people,
            errors=errors,
            sources=sources.beside_fields(record),
        )
        return section_page.render_posted(
            record, form, compiled, case, redisplay, errors=errors, saved=result
        )
    ids = [s.id for s in compiled.sections]
    following = ids[ids.index(section_id) + 1 :]
    if following:
        return redirect(url_for("records.section", record_id=record.id, section_id=following[0]))
    return redirect(url_for("records.check", record_id=record.id))


@bp.route("/records/<int:record_id>/check")
@access.roles(*CASE_ROLES)
def check(record_id: int):
    record = _record_or_404(record_id)
    form, compiled, case, people = _context(record)
    errors = compiled.check(record.answers, today=date.today(), people=people)
    links = {
        key: url_for("records.section", record_id=record.id, section_id=_section_of(compiled, key))
        + "#"
        + key
        for key in errors
        if _section_of(compiled, key)
    }
    return render_template(
        "records/check.html",
        child_name=cases.child_name(case),
        record=record,
        form=form,
        case=case,
        rows=compiled.check_answers_rows(record.answers, people),
        errors=errors,
        links=links,
        change_urls={
            s.id: url_for("records.section", record_id=record.id, section_id=s.id)
            for s in compiled.sections
        }
        if record.status in saving.EDITABLE
        else {},
        save_key=secrets.token_urlsafe(16),
        returned=_returned(record),
    )


@bp.route("/records/<int:record_id>/submit", methods=["POST"])
@access.roles(*CASE_ROLES)
def submit(record_id: int):
    record = _record_or_404(record_id, purpose=None)
    form, compiled, case, people = _context(record)
    if record.status not in saving.EDITABLE:
        # A second press of the button, or a retry: the first one already submitted.
        return redirect(url_for("cases.show", case_id=case.id))
    errors = compiled.check(record.answers, today=date.today(), people=people)
    if errors:
        return redirect(url_for("records.check", record_id=record.id))
    status = records.submit(
        current_user, record, errors, significant=request.form.get("significant") == "yes"
    )
    flash(
        f"{form.title} sent to a manager to sign off."
        if status == "awaiting_authorisation"
        else f"{form.title} completed.",
        "success",
    )
    return redirect(url_for("cases.show", case_id=case.id))


@bp.route("/records/<int:record_id>/authorise", methods=["POST"])
@access.roles("team_manager")
def authorise(record_id: int):
    record = _record_or_404(record_id, purpose=None)
    form = records.form_of(record)
    if not _can_authorise(record, form):
        abort(403)
    decision = request.form.get("decision")
    if decision not in ("approve", "return"):
        flash("Select whether to sign off the record or return it.", "important")
        return redirect(url_for("records.contents", record_id=record.id))
    comments = (request.form.get("comments") or "").strip()[:2000]
    if decision == "return" and not comments:
        # The practitioner sees this reason at the top of the form and in their work list.
        flash(
            "Say why you are returning it, so the practitioner knows what to put right.",
            "important",
        )
        return redirect(url_for("records.contents", record_id=record.id))
    status = records.authorise(
        current_user, record, approve=decision == "approve", comments=comments
    )
    flash(f"{form.title}: {RECORD_STATES[status].lower()}.", "success")
    return redirect(url_for("cases.show", case_id=record.case_id))


@bp.route("/records/<int:record_id>/print")
@access.roles(*CASE_ROLES)
def print_view(record_id: int):
    record = _record_or_404(record_id, purpose="record_printed")
    form, compiled, case, people = _context(record)
    return render_template(
        "records/print.html",
        record=record,
        form=form,
        case=case,
        rows=compiled.check_answers_rows(record.answers, people),
        states=RECORD_STATES,
    )

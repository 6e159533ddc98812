from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from casework import access
from casework.auditing import search as audit_search
from casework.auditing import viewers
from casework.cases import access as case_access
from casework.cases import naming, service
from casework.cases.forms import InvolvementForm, LeadWorkerForm, OpenCaseForm, PersonForm
from casework.facts import service as case_facts
from casework.family_context import service as family_context
from casework.library import service as library
from casework.notes import service as notes
from casework.pathway import service as pathway_service
from casework.records import service as records
from casework.tasks import service as tasks

bp = Blueprint("cases", __name__, url_prefix="/cases")

CASE_ROLES = ("practitioner", "team_manager")


def _case_or_404(case_id: int, purpose: str = "case_viewed"):
    try:
        return service.get(current_user, case_id, purpose=purpose)
    except service.CaseNotFound:
        abort(404)


@bp.route("/")
@access.roles(*CASE_ROLES)
def index():
    query = request.args.get("q", "")[:100]
    cases = service.find(current_user, query)
    service.record_list_seen(cases, query)
    return render_template("cases/index.html", cases=cases, query=query)


@bp.route("/new", methods=["GET", "POST"])
@access.roles(*CASE_ROLES)
def new():
    form = OpenCaseForm()
    form.pathway.choices = [SelectChoice(p.pathway_id, p.title) for p in library.latest_pathways()]
    if form.validate_on_submit():
        case = service.open_case(
            current_user,
            pathway_id=form.pathway.data,
            child=service.NewChild(
                first_name=form.first_name.data,
                last_name=form.last_name.data,
                date_of_birth=form.date_of_birth.data,
            ),
            referral_received=form.referral_received.data,
            restricted=form.restricted.data == "yes",
        )
        return redirect(url_for("cases.show", case_id=case.id))
    return render_template("cases/new.html", form=form)


@bp.route("/<int:case_id>")
@access.roles(*CASE_ROLES)
def show(case_id: int):
    case = _case_or_404(case_id)
    pathway = pathway_service.pathway_of(case)
    looked = viewers.who_looked(case) if viewers.may_see(current_user, case) else None
    return render_template(
        "cases/show.html",
        glass=naming.glass_broken_by(current_user, case),
        looked=looked,
        may_reassign=case_access.manages(current_user, case),
        case=case,
        pathway=pathway,
        stages=pathway_service.open_stages(case),
        records=records.by_stage(case),
        timeline=service.timeline(case),
        facts=case_facts.for_case_page(case),
        family_context=family_context.for_case(case),
        tasks=tasks.for_case(case),
        types=notes.note_types(),
        draft_notes=notes.drafts(case),
    )


@bp.route("/<int:case_id>/people/new", methods=["GET", "POST"])
@access.roles(*CASE_ROLES)
def add_person(case_id: int):
    case = _case_or_404(
        case_id, purpose="add_person_page_viewed" if request.method == "GET" else ""
    )
    form = PersonForm()
    if form.validate_on_submit():
        service.add_person(
            case,
            first_name=form.first_name.data,
            last_name=form.last_name.data,
            role=form.role.data,
            relationship_detail=form.relationship_detail.data or None,
            date_of_birth=form.date_of_birth.data,
            phone=form.phone.data or None,
            address=form.address.data or None,
        )
        return redirect(url_for("cases.show", case_id=case.id, _anchor="people"))
    return render_template("cases/add_person.html", case=case, form=form)


@bp.route("/<int:case_id>/services/new", methods=["GET", "POST"])
@access.roles(*CASE_ROLES)
def add_involvement(case_id: int):
    case = _case_or_404(
        case_id, purpose="add_service_page_viewed" if request.method == "GET" else ""
    )
    form = InvolvementForm()
    if form.validate_on_submit():
        service.add_involvement(
            case,
            service=form.service.data,
            organisation=form.organisation.data or None,
            lead_practitioner=form.lead_practitioner.data,
            contact=form.contact.data or None,
            last_involved_on=form.last_involved_on.data,
            notes=form.notes.data or None,
        )
        return redirect(url_for("cases.show", case_id=case.id, _anchor="services"))
    return render_template("cases/add_involvement.html", case=case, form=form)


@bp.route("/<int:case_id>/lead-worker", methods=["GET", "POST"])
@access.roles("team_manager")
def lead_worker(case_id: int):
    """A manager gives the case to another practitioner of the team."""
    case = _case_or_404(
        case_id, purpose="lead_worker_page_viewed" if request.method == "GET" else ""
    )
    if not case_access.manages(current_user, case):
        abort(403)
    workers = {str(u.id): u for u in service.lead_choices(case)}
    form = LeadWorkerForm()
    form.worker.choices = [
        SelectChoice(key, u.full_name + (" (leads it now)" if u.id == case.lead_worker_id else ""))
        for key, u in workers.items()
    ]
    if request.method == "GET" and case.lead_worker_id:
        form.worker.data = str(case.lead_worker_id)
    if form.validate_on_submit():
        worker = workers[form.worker.data]
        if worker.id == case.lead_worker_id:
            flash(f"{worker.full_name} already leads this case.", "important")
            return redirect(url_for("cases.show", case_id=case.id))
        moving = sum(1 for t in tasks.for_case(case) if t.status == "open")
        service.reassign(current_user, case, worker)
        tasks_moved = {0: "", 1: " Their 1 open task moved to them."}.get(
            moving, f" The {moving} open tasks moved to them."
        )
        flash(f"{worker.full_name} now leads this case.{tasks_moved}", "success")
        return redirect(url_for("cases.show", case_id=case.id))
    return render_template("cases/lead_worker.html", case=case, form=form)


@bp.route("/<int:case_id>/looked")
@access.roles("team_manager")
def looked(case_id: int):
    """Every time anyone looked at this child's record, for the case's team managers."""
    case = _case_or_404(case_id, purpose="")
    if not viewers.may_see(current_user, case):
        abort(403)
    before, after = (request.args.get(k, "") for k in ("before", "after"))
    results = audit_search.page(
        audit_search.Filters(case_ids=[case.id]),
        before=int(before) if before.isdigit() else None,
        after=int(after) if after.isdigit() else None,
    )
    viewers.record_full_list_seen(case)
    return render_template("cases/looked.html", case=case, results=results)

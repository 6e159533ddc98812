"""Time spent recording: the pages' reports in, and the time report out."""

from __future__ import annotations

import csv
import io
import json

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_login import current_user

from casework import access
from casework.library import service as library
from casework.timing import people_service as people
from casework.timing import report_service as reports
from casework.timing import service as timing
from casework.timing.chart import chart_for
from casework.timing.figures import row_text

bp = Blueprint("timing", __name__)

REPORT_ROLES = ("team_manager", "designer")
COLUMNS = [
    ("label", "Part of the form"),
    ("before", "Average before"),
    ("after", "Average after"),
    ("saved", "Time saved"),
    ("percent", "% saved"),
    ("records", "Records before/after"),
    ("before_spread", "Spread before"),
    ("after_spread", "Spread after"),
]


@bp.context_processor
def _words() -> dict:
    idle = current_app.config["TIMING_IDLE_SECONDS"]
    idle_words = (
        f"{idle // 60} minute{'s' if idle // 60 != 1 else ''}"
        if idle % 60 == 0
        else f"{idle} seconds"
    )
    return {"idle_words": idle_words, "row_text": row_text, "per_person": people.enabled()}


def _min_records() -> int:
    return current_app.config["TIMING_MIN_RECORDS"]


@bp.route("/time-spent", methods=["POST"])
@access.roles("practitioner", "team_manager")
def receive():
    """Active seconds from recording pages (casework/static/js/timing.mjs)."""
    try:
        raw = json.loads(request.form.get("batches") or "null")
    except ValueError:
        return {"error": "bad_batches", "message": "The time batches are not readable."}, 400
    try:
        outcome = timing.record_batches(current_user, raw)
    except timing.BadBatches as exc:
        return {"error": "bad_batches", "message": str(exc)}, 400
    if outcome.refused:
        current_app.logger.warning(
            "Refused %d time batch(es) from user %s: %s",
            len(outcome.refused),
            current_user.id,
            sorted(set(outcome.refused.values())),
        )
    return outcome.as_json(), 422 if outcome.refused else 200


@bp.route("/reports/time")
@access.roles(*REPORT_ROLES)
def index():
    return render_template(
        "timing/index.html",
        measured=reports.measured_forms(current_user),
        pathways=library.latest_pathways(),
        scope=_scope_words(),
    )


def _scope_words() -> str:
    if current_user.role == "team_manager":
        return f"records in {current_user.team.name}'s cases"
    return "records across the council"


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


def _form_report(form_id: str):
    report = reports.form_report(
        current_user,
        form_id,
        before=_int_arg("before"),
        after=_int_arg("after"),
        min_records=_min_records(),
    )
    if report is None:
        abort(404)
    return report


def _version_words(version) -> str:
    return f"version {version.version}" if version is not None else "no earlier version"


@bp.route("/reports/time/forms/<form_id>")
@access.roles(*REPORT_ROLES)
def form(form_id: str):
    report = _form_report(form_id)
    rows = [report.total, *report.sections]
    return render_template(
        "timing/form.html",
        report=report,
        rows=rows,
        texts=[row_text(row) for row in rows],
        columns=COLUMNS,
        chart=chart_for(rows),
        scope=_scope_words(),
        min_records=_min_records(),
        version_words=_version_words,
        people_rows=people.team_rows(current_user, report, _min_records()),
        csv_url=url_for(
            "timing.form_csv",
            form_id=form_id,
            before=report.before.version if report.before else None,
            after=report.after.version if report.after else None,
        ),
    )


def _csv(filename: str, header: list[str], lines: list[list[str]]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(lines)
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/reports/time/forms/<form_id>/time.csv")
@access.roles(*REPORT_ROLES)
def form_csv(form_id: str):
    report = _form_report(form_id)
    lines = [[row_text(row)[key] for key, _ in COLUMNS] for row in [report.total, *report.sections]]
    before = _version_words(report.before)
    after = _version_words(report.after)
    header = [
        f"{title} ({before} to {after})" if key == "label" else title for key, title in COLUMNS
    ]
    return _csv(f"time-{form_id}.csv", header, lines)


PATHWAY_COLUMNS = [
    ("label", "Work type"),
    ("before", "Before"),
    ("after", "After"),
    ("saved", "Saved"),
    ("percent", "% saved"),
    ("records", "Records before/after"),
]


def _pathway(pathway_id: str):
    version, forms = reports.pathway_report(current_user, pathway_id, min_records=_min_records())
    if version is None:
        abort(404)
    return version, forms


@bp.route("/reports/time/pathways/<pathway_id>")
@access.roles(*REPORT_ROLES)
def pathway(pathway_id: str):
    version, forms = _pathway(pathway_id)
    rows = [report.total for report in forms]
    return render_template(
        "timing/pathway.html",
        pathway=version,
        forms=forms,
        texts=[row_text(row) for row in rows],
        columns=PATHWAY_COLUMNS,
        chart=chart_for(rows),
        scope=_scope_words(),
        min_records=_min_records(),
        version_words=_version_words,
        generated=any(report.generated for report in forms),
    )


@bp.route("/reports/time/pathways/<pathway_id>/time.csv")
@access.roles(*REPORT_ROLES)
def pathway_csv(pathway_id: str):
    _, forms = _pathway(pathway_id)
    lines = [
        [row_text(report.total)[key] for key, _ in PATHWAY_COLUMNS]
        + [_version_words(report.before), _version_words(report.after)]
        for report in forms
    ]
    header = [title for _, title in PATHWAY_COLUMNS] + ["Before is", "After is"]
    return _csv(f"time-{pathway_id}.csv", header, lines)


@bp.route("/reports/time/yours")
@access.roles("practitioner", "team_manager")
def yours():
    if not people.enabled():
        abort(404)
    return render_template(
        "timing/yours.html",
        forms=people.own_reports(current_user, _min_records()),
        columns=COLUMNS,
        version_words=_version_words,
    )

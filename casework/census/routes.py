"""Team managers check and download the children in need census for their cases."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_login import current_user

from casework import access
from casework.census import build, checking, service
from casework.models.time import utcnow

bp = Blueprint("census", __name__, url_prefix="/census")


def _this_year() -> int:
    today = utcnow().date()
    return today.year + 1 if today.month >= 4 else today.year


def _year(text: str | None) -> int | None:
    if text is None:
        return _this_year()
    return int(text) if text.isdigit() and 2000 < int(text) < 2100 else None


def _built(year: int):
    children = service.children(current_user)
    included = [c for c in children if build.in_year(c, year)]
    xml = build.to_bytes(
        build.build(children, year=year, la=current_app.config["CENSUS_LA_CODE"], now=utcnow())
    )
    return children, included, xml


@bp.route("/")
@access.roles("team_manager")
def index():
    year = _year(request.args.get("year"))
    if year is None:
        return render_template(
            "census/index.html", year=None, asked=request.args.get("year", "")[:20]
        ), 400
    children, included, xml = _built(year)
    unavailable, issues = None, []
    try:
        # With no child in the year there is nothing for the DfE's rules to check.
        if included:
            issues = checking.check(
                xml,
                year=year,
                python=current_app.config["CIN_VALIDATOR_PYTHON"],
                children=children,
            )
    except checking.RulesUnavailable as refused:
        unavailable = str(refused)
    service.record_built(year, included, action="census_checked")
    return render_template(
        "census/index.html",
        year=year,
        included=included,
        errors=[i for i in issues if i.kind == "ERROR"],
        queries=[i for i in issues if i.kind != "ERROR"],
        unavailable=unavailable,
    )


@bp.route("/<int:year>.xml")
@access.roles("team_manager")
def download(year: int):
    if _year(str(year)) is None:
        abort(404)
    _, included, xml = _built(year)
    service.record_built(year, included, action="census_downloaded")
    return Response(
        xml,
        mimetype="application/xml",
        headers={"Content-Disposition": f'attachment; filename="cin-census-{year}.xml"'},
    )

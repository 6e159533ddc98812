"""The auditor's screens: search the whole log, page through it, download it as CSV."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask import Blueprint, Response, render_template, request, stream_with_context

from casework import access, audit
from casework.auditing import search
from casework.auditing.words import action_choices

bp = Blueprint("auditing", __name__, url_prefix="/audit")

CSV_COLUMNS = (
    "entry",
    "when_utc",
    "username",
    "name",
    "what",
    "record_type",
    "record_id",
    "cases",
    "from_address",
    "page",
    "chain_check",
    "hash",
)


def _date(prefix: str, label: str, errors: dict) -> date | None:
    parts = [request.args.get(f"{prefix}-{part}", "").strip() for part in ("day", "month", "year")]
    if not any(parts):
        return None
    try:
        day, month, year = (int(p) for p in parts)
        if year < 1000:
            raise ValueError
        return date(year, month, day)
    except ValueError:
        errors[prefix] = f"{label} must be a real date, for example 27 3 2026"
        return None


def _filters() -> tuple[search.Filters, dict]:
    errors: dict = {}
    filters = search.Filters(
        child=request.args.get("child", "").strip()[:100],
        person=request.args.get("person", "").strip()[:80],
        since=_date("from", "The first day", errors),
        until=_date("to", "The last day", errors),
        action=request.args.get("action", ""),
    )
    if filters.since and filters.until and filters.until < filters.since:
        errors["to"] = "The last day must be the same as or after the first day"
    if filters.child:
        filters.case_ids = search.resolve_cases(filters.child)
    return filters, errors


def _cursor(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


@bp.route("/")
@access.roles("auditor")
def index():
    filters, errors = _filters()
    results = None
    if not errors:
        results = search.page(filters, before=_cursor("before"), after=_cursor("after"))
        if filters.case_ids:
            results.matched_cases = search.cases_named(filters.case_ids)
    # The auditor's own searches are audited, with the children they named.
    audit.record(
        "audit_log_searched",
        detail=filters.as_detail(),
        case_ids=filters.case_ids or (),
    )
    args = {k: v for k, v in request.args.items() if k not in ("before", "after")}
    return render_template(
        "auditing/search.html",
        filters=filters,
        errors=errors,
        results=results,
        actions=action_choices(),
        args=args,
        values=request.args,
    ), (400 if errors else 200)


@bp.route("/entries.csv")
@access.roles("auditor")
def export_csv():
    filters, errors = _filters()
    if errors:
        return index()
    audit.record("audit_log_exported", detail=filters.as_detail(), case_ids=filters.case_ids or ())

    def rows():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        for entry in search.export(filters):
            writer.writerow([_cell(v) for v in _csv_row(entry)])
            if buffer.tell() > 64 * 1024:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    stamp = date.today().isoformat()
    return Response(
        stream_with_context(rows()),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="audit-log-{stamp}.csv"'},
    )


def _csv_row(entry: search.Entry) -> list:
    return [
        entry.id,
        entry.at.isoformat(timespec="seconds"),
        entry.username or "",
        entry.full_name or "",
        entry.what,
        entry.record_type or "",
        entry.record_id or "",
        " ".join(f"{reference} {name}" for reference, name in entry.cases),
        entry.ip_address or "",
        entry.path or "",
        "fails" if entry.fails_check else "ok",
        entry.hash or "",
    ]


def _cell(value) -> object:
    # Usernames come from the sign-in form: never let a spreadsheet run one as a formula.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value

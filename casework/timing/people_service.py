"""Per-person figures: only where the council turns them on (TIMING_PER_PERSON).

Then each person sees their own figures first: a manager's report shows a person's
row only once that person has opened their own figures page.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from casework import audit
from casework.accounts import service as accounts
from casework.extensions import db
from casework.models import AuditEvent, FormVersion, TimeSpent, User
from casework.timing import report_service as reports

OWN_VIEWED = "own_time_viewed"


def enabled() -> bool:
    return bool(current_app.config["TIMING_PER_PERSON"])


def _has_seen_own(user_ids: list[int]) -> set[int]:
    return set(
        db.session.scalars(
            select(AuditEvent.user_id)
            .where(AuditEvent.action == OWN_VIEWED, AuditEvent.user_id.in_(user_ids))
            .distinct()
        )
    )


def team_rows(user: User, report, min_records: int) -> list[tuple[User, object]] | None:
    """(person, whole-form comparison) for a manager's team; None when switched off."""
    if not enabled() or user.role != "team_manager":
        return None
    members = [m for m in accounts.team_members(user.team_id) if m.role == "practitioner"]
    seen = _has_seen_own([m.id for m in members])
    rows = []
    for member in members:
        if member.id not in seen:
            continue
        total, _ = reports.compare(
            report.before,
            report.after,
            scope=reports.scope_filter(user),
            user_id=member.id,
            min_records=min_records,
            label=member.full_name,
        )
        rows.append((member, total))
    return rows


def own_reports(user: User, min_records: int) -> list:
    """Every form this person has recorded time on: their own before and after."""
    form_ids = db.session.scalars(
        select(FormVersion.form_id)
        .join(TimeSpent, TimeSpent.form_version_id == FormVersion.id)
        .where(TimeSpent.user_id == user.id)
        .distinct()
    )
    found = []
    for form_id in sorted(form_ids):
        report = reports.form_report(None, form_id, min_records=min_records, user_id=user.id)
        if report is not None:
            found.append(report)
    audit.record(OWN_VIEWED, record_type="time_spent")
    return found

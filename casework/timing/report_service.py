"""Read-only queries behind the time report: per-record sums by version and section.

Managers see the records of their own team's cases, designers the whole council's;
nobody sees another person's figures here (see people.py for the opt-in per-person
figures).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from casework.extensions import db
from casework.library import service as library
from casework.models import Case, FormVersion, Record, TimeSpent, User
from casework.timing.figures import Comparison, Spread


@dataclass
class FormReport:
    form_id: str
    title: str
    versions: list[FormVersion]
    before: FormVersion | None
    after: FormVersion | None
    total: Comparison
    sections: list[Comparison]
    generated: bool


def scope_filter(user: User | None):
    """Whose records count: None (the whole council) for designers and for history."""
    if user is not None and user.role == "team_manager":
        return Case.team_id == user.team_id
    return None


def versions_of(form_id: str) -> list[FormVersion]:
    return list(
        db.session.scalars(
            select(FormVersion).where(FormVersion.form_id == form_id).order_by(FormVersion.version)
        )
    )


def sums(version_ids: list[int], scope=None, user_id: int | None = None) -> dict:
    """{version id: {record id: {section id: seconds}}} for records with any time."""
    query = (
        select(
            TimeSpent.form_version_id,
            TimeSpent.record_id,
            TimeSpent.section_id,
            func.sum(TimeSpent.seconds),
        )
        .join(Record, Record.id == TimeSpent.record_id)
        .join(Case, Case.id == Record.case_id)
        .where(TimeSpent.form_version_id.in_(version_ids))
        .group_by(TimeSpent.form_version_id, TimeSpent.record_id, TimeSpent.section_id)
    )
    if scope is not None:
        query = query.where(scope)
    if user_id is not None:
        query = query.where(TimeSpent.user_id == user_id)
    found: dict = defaultdict(lambda: defaultdict(dict))
    for version_id, record_id, section_id, seconds in db.session.execute(query):
        found[version_id][record_id][section_id] = int(seconds)
    return found


def any_generated(version_ids: list[int]) -> bool:
    return (
        db.session.scalar(
            select(TimeSpent.id)
            .where(TimeSpent.form_version_id.in_(version_ids), TimeSpent.generated.is_(True))
            .limit(1)
        )
        is not None
    )


def _pick(versions: list[FormVersion], before: int | None, after: int | None):
    by_number = {v.version: v for v in versions}
    chosen_after = by_number.get(after) if after else (versions[-1] if versions else None)
    if before:
        chosen_before = by_number.get(before)
    else:
        earlier = [v for v in versions if chosen_after and v.version < chosen_after.version]
        chosen_before = earlier[-1] if earlier else None
    return chosen_before, chosen_after


def compare(
    before: FormVersion | None,
    after: FormVersion | None,
    *,
    scope=None,
    user_id: int | None = None,
    min_records: int,
    label: str = "Whole form",
) -> tuple[Comparison, list[Comparison]]:
    chosen = [v for v in (before, after) if v is not None]
    found = sums([v.id for v in chosen], scope, user_id)
    side = {v.id: found.get(v.id, {}) for v in chosen}

    def totals(version):
        if version is None:
            return []
        return [sum(by_section.values()) for by_section in side[version.id].values()]

    total = Comparison(
        label, Spread.of(totals(before)), Spread.of(totals(after)), min_records=min_records
    )
    titles: dict[str, str] = {}
    present: dict[int, set[str]] = {}
    for version in (after, before):
        if version is None:
            continue
        sections = library.form_model(version).sections
        present[version.id] = {s.id for s in sections}
        for section in sections:
            titles.setdefault(section.id, section.title)

    def per_section(version, section_id):
        if version is None or section_id not in present[version.id]:
            return []
        return [by_section.get(section_id, 0) for by_section in side[version.id].values()]

    rows = [
        Comparison(
            title,
            Spread.of(per_section(before, section_id)),
            Spread.of(per_section(after, section_id)),
            min_records=min_records,
        )
        for section_id, title in titles.items()
    ]
    return total, rows


def form_report(
    user: User | None,
    form_id: str,
    *,
    before: int | None = None,
    after: int | None = None,
    min_records: int,
    user_id: int | None = None,
) -> FormReport | None:
    versions = versions_of(form_id)
    if not versions:
        return None
    chosen_before, chosen_after = _pick(versions, before, after)
    total, rows = compare(
        chosen_before,
        chosen_after,
        scope=scope_filter(user),
        user_id=user_id,
        min_records=min_records,
        label=versions[-1].title,
    )
    return FormReport(
        form_id=form_id,
        title=versions[-1].title,
        versions=versions,
        before=chosen_before,
        after=chosen_after,
        total=total,
        sections=rows,
        generated=any_generated([v.id for v in (chosen_before, chosen_after) if v]),
    )


def pathway_report(user: User, pathway_id: str, *, min_records: int):
    """One row per stage's form: its latest version against the one before."""
    version = library.latest_pathway_version(pathway_id)
    if version is None:
        return None, []
    pathway = library.pathway_model(version)
    reports, seen = [], set()
    for stage in pathway.stages:
        if not stage.form or stage.form in seen:
            continue
        seen.add(stage.form)
        report = form_report(user, stage.form, min_records=min_records)
        if report is not None:
            reports.append(report)
    return version, reports


def measured_forms(user: User) -> list[tuple[FormVersion, int]]:
    """The latest version of each form that has any measured time, with its record count."""
    query = (
        select(FormVersion.form_id, func.count(func.distinct(TimeSpent.record_id)))
        .join(TimeSpent, TimeSpent.form_version_id == FormVersion.id)
        .join(Record, Record.id == TimeSpent.record_id)
        .join(Case, Case.id == Record.case_id)
        .group_by(FormVersion.form_id)
    )
    scope = scope_filter(user)
    if scope is not None:
        query = query.where(scope)
    counts = dict(db.session.execute(query).all())
    return [(v, counts[v.form_id]) for v in library.latest_forms() if v.form_id in counts]

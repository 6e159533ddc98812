"""What publishing a pathway draft does to the cases already on the pathway.

A case keeps the pathway version it was opened on (`cases.pathway_version_id`), with that
version's stages and deadlines; nothing moves a case onto a newer version. So the impact
page counts the cases on every version, shows where the open ones stand (by version and
the stage they are at, in pages, never naming a child), and says which timescales the draft
changes and how many open cases still have those stages ahead of them or open now: the
cases that would get a different deadline if they were moved, and will not be.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from casework.extensions import db
from casework.models import Case, FormVersion, PathwayVersion, Record
from casework.models.designer import DesignDraft
from casework.models.records import StageInstance
from designer.editor.pathways import diagram

PER_PAGE = 20


@dataclass
class TimescaleChange:
    stage: str  # the stage's title
    before: str  # "Due 45 working days after Referral received", or "No timescale"
    after: str
    open_cases: int  # open cases on older versions that have not finished this stage


@dataclass
class CaseImpact:
    total: int = 0
    open: int = 0
    by_version: list[tuple[int, int, int]] = field(default_factory=list)  # version, open, closed
    rows: list[dict] = field(default_factory=list)  # this page: version, stage, count, due
    page: int = 1
    pages: int = 1
    timescales: list[TimescaleChange] = field(default_factory=list)
    affected: int = 0  # open cases with at least one changed timescale still ahead or open


def _due_words(pathway: dict, stage: dict | None) -> str:
    if stage is None:
        return "No such stage"
    return diagram.timescale(
        stage.get("due"), diagram.parameter_defaults(pathway), diagram.start_names(pathway)
    )


def _changed_timescales(old: dict, new: dict) -> list[tuple[str, str, str, str]]:
    """(stage id, title, before, after) for each stage of `old` whose deadline `new` works
    out differently (its own timescale, or the length of a setting it uses)."""
    new_stages = {s.get("id"): s for s in new.get("stages") or []}
    out = []
    for stage in old.get("stages") or []:
        before = _due_words(old, stage)
        after = _due_words(new, new_stages.get(stage.get("id")))
        changed_rule = (stage.get("due") or {}) != (new_stages.get(stage.get("id")) or {}).get(
            "due"
        )
        if before != after or (changed_rule and after != "No such stage"):
            out.append((stage["id"], stage.get("title", "a stage"), before, after))
    return out


def _open_cases(pathway_id: str):
    return (
        select(Case.id)
        .join(PathwayVersion, Case.pathway_version_id == PathwayVersion.id)
        .where(PathwayVersion.pathway_id == pathway_id, Case.closed_on.is_(None))
    )


def _not_finished(pathway_id: str, stage_id: str) -> set[int]:
    """Open cases of the pathway that have not completed `stage_id`."""
    finished = select(StageInstance.case_id).where(
        StageInstance.stage_id == stage_id, StageInstance.status == "completed"
    )
    query = _open_cases(pathway_id).where(Case.id.not_in(finished))
    return set(db.session.scalars(query))


def _stage_rows(pathway_id: str, titles: dict[int, dict[str, str]]) -> list[dict]:
    """Open cases counted by version and the stage they are at now, with the earliest due
    date among them; a case at two stages at once counts at each."""
    query = (
        select(
            PathwayVersion.version,
            PathwayVersion.id,
            StageInstance.stage_id,
            func.count(func.distinct(Case.id)),
            func.min(StageInstance.due_on),
        )
        .join(PathwayVersion, Case.pathway_version_id == PathwayVersion.id)
        .join(StageInstance, StageInstance.case_id == Case.id)
        .where(
            PathwayVersion.pathway_id == pathway_id,
            Case.closed_on.is_(None),
            StageInstance.status == "open",
        )
        .group_by(PathwayVersion.version, PathwayVersion.id, StageInstance.stage_id)
        .order_by(PathwayVersion.version.desc(), StageInstance.stage_id)
    )
    rows = []
    for version, version_id, stage_id, count, due in db.session.execute(query):
        rows.append(
            {
                "version": version,
                "stage": titles.get(version_id, {}).get(stage_id, "A stage no longer named"),
                "count": count,
                "due": due,
            }
        )
    return rows


def case_impact(pathway_id: str, old: dict, new: dict, page: int = 1) -> CaseImpact:
    counts = db.session.execute(
        select(
            PathwayVersion.version,
            func.count(Case.id).filter(Case.closed_on.is_(None)),
            func.count(Case.id).filter(Case.closed_on.is_not(None)),
        )
        .join(PathwayVersion, Case.pathway_version_id == PathwayVersion.id)
        .where(PathwayVersion.pathway_id == pathway_id)
        .group_by(PathwayVersion.version)
        .order_by(PathwayVersion.version.desc())
    ).all()
    impact = CaseImpact(by_version=[(v, o, c) for v, o, c in counts])
    impact.open = sum(o for _, o, _ in counts)
    impact.total = impact.open + sum(c for _, _, c in counts)
    versions = db.session.execute(
        select(PathwayVersion.id, PathwayVersion.definition).where(
            PathwayVersion.pathway_id == pathway_id
        )
    )
    titles = {
        vid: {s.get("id"): s.get("title", "a stage") for s in (d or {}).get("stages") or []}
        for vid, d in versions
    }
    rows = _stage_rows(pathway_id, titles)
    impact.pages = max(1, -(-len(rows) // PER_PAGE))
    impact.page = min(max(1, page), impact.pages)
    impact.rows = rows[(impact.page - 1) * PER_PAGE : impact.page * PER_PAGE]
    affected: set[int] = set()
    for stage_id, title, before, after in _changed_timescales(old, new):
        waiting = _not_finished(pathway_id, stage_id) if impact.open else set()
        affected |= waiting
        impact.timescales.append(TimescaleChange(title, before, after, len(waiting)))
    impact.affected = len(affected)
    return impact


def records_on_old_versions(form_id: str) -> dict[str, int]:
    """Records of the form by status: all of them are on versions before the draft."""
    rows = db.session.execute(
        select(Record.status, func.count(Record.id))
        .join(FormVersion, Record.form_version_id == FormVersion.id)
        .where(FormVersion.form_id == form_id)
        .group_by(Record.status)
    )
    return {status: count for status, count in rows}


def other_drafts(draft: DesignDraft) -> list[DesignDraft]:
    """Other unpublished drafts of the same form or pathway: publishing one makes the
    others start from an older version."""
    return list(
        db.session.scalars(
            select(DesignDraft).where(
                DesignDraft.target_id == draft.target_id,
                DesignDraft.id != draft.id,
                DesignDraft.status != "published",
            )
        )
    )

"""Which stages are visits to the child, read from the pathways themselves.

The language marks a visit: a stage whose ``completed_by_notes`` names a case note type
with ``visit_when`` (CV517 refuses any other name at publishing), so a home visit with the
child seen completes it. A pathway that marks none of its stages that way (children in
care records each statutory visit on its own form) falls back to the stage's id saying
"visit" (``statutory_visit``, ``first_placement_visit``): there the id is the only sign.

The answer is a list of (pathway version, stage id) pairs for every published version,
so the manager's "visits not made within their timescale" is a condition over them and
never a pattern match over every stage row.
"""

from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import and_, false, or_, select

from casework.extensions import db
from casework.library import service as library
from casework.models import PathwayVersion
from renderer.definitions import Pathway

# Keyed by a version's hash: a published version never changes, nor do its visits.
_VISITS: dict[str, frozenset[str]] = {}


def visit_stage_ids(pathway: Pathway) -> frozenset[str]:
    marked = frozenset(s.id for s in pathway.stages if s.completed_by_notes)
    if marked:
        return marked
    return frozenset(s.id for s in pathway.stages if "visit" in s.id)


def visit_stages() -> list[tuple[int, str]]:
    """(pathway version id, stage id) of every visit stage of every published version;
    read once a request (the manager's home asks three times)."""
    if has_request_context() and "visit_stages" in g:
        return g.visit_stages
    versions = db.session.execute(select(PathwayVersion.id, PathwayVersion.sha256)).all()
    pairs = []
    for version_id, sha256 in versions:
        found = _VISITS.get(sha256)
        if found is None:
            found = _VISITS[sha256] = visit_stage_ids(
                library.pathway_model(db.session.get(PathwayVersion, version_id))
            )
        pairs.extend((version_id, stage_id) for stage_id in sorted(found))
    if has_request_context():
        g.visit_stages = pairs
    return pairs


def is_visit(pathway_version_column, stage_id_column, pairs: list[tuple[int, str]]):
    """A SQL condition: this stage of a case on this pathway version is a visit.

    One plain parameter a value, not ``IN`` over a list: an ``IN`` list is written
    into the statement's text at every execution, even of a statement built once."""
    if not pairs:
        return false()
    return or_(
        *(
            and_(pathway_version_column == version, stage_id_column == stage)
            for version, stage in pairs
        )
    )

"""The only door to published versions.

`sync` copies the library folder's forms and pathways into the database as immutable
versions. A file that claims a version already published with different content is
refused: records pin versions, so changing one in place would silently change what a
record says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from casework import audit
from casework.extensions import db
from casework.models import FormVersion, PathwayVersion
from casework.models.designer import DesignDraft
from renderer.definitions import (
    Form,
    Pathway,
    Problem,
    load_library,
)


class LibraryError(RuntimeError):
    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass
class SyncReport:
    published: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def sync(library_root: str | Path) -> SyncReport:
    root = Path(library_root)
    result = load_library([root / "form_library", root / "pathways"])
    if result.errors:
        raise LibraryError(
            f"The library at {root} has {len(result.errors)} error(s); "
            "run `convivial check` to see them.",
            result.errors,
        )
    report = SyncReport()
    for form in result.forms.values():
        _publish(
            FormVersion,
            "form_id",
            form.id,
            form.version,
            form.sha256,
            form.source,
            report,
            title=form.title,
            purpose=form.purpose,
        )
    for pathway in result.pathways.values():
        _publish(
            PathwayVersion,
            "pathway_id",
            pathway.id,
            pathway.version,
            pathway.sha256,
            pathway.source,
            report,
            title=pathway.title,
        )
    db.session.commit()
    return report


def _publish(model, id_column, ident, version, sha256, definition, report, **columns) -> None:
    label = f"{ident} version {version}"
    existing = db.session.scalar(
        select(model).where(getattr(model, id_column) == ident, model.version == version)
    )
    if existing is not None:
        if existing.sha256 != sha256:
            raise LibraryError(
                f"{label} in the library differs from the published {label}. Published "
                "versions never change: either give the file a new version number "
                "(convivial publish does this) or restore the published content."
            )
        report.unchanged.append(label)
        return
    db.session.add(
        model(
            **{id_column: ident}, version=version, sha256=sha256, definition=definition, **columns
        )
    )
    audit.record(
        "version_published",
        record_type=model.__tablename__,
        record_id=label,
        detail={"sha256": sha256},
        commit=False,
    )
    report.published.append(label)


def latest_form_version(form_id: str) -> FormVersion | None:
    return db.session.scalar(
        select(FormVersion)
        .where(FormVersion.form_id == form_id)
        .order_by(FormVersion.version.desc())
    )


def latest_pathway_version(pathway_id: str) -> PathwayVersion | None:
    return db.session.scalar(
        select(PathwayVersion)
        .where(PathwayVersion.pathway_id == pathway_id)
        .order_by(PathwayVersion.version.desc())
    )


def _latest_of_each(model, id_column) -> list:
    """The newest published version of every form (or pathway), by title."""
    newest = (
        select(id_column.label("ident"), func.max(model.version).label("version"))
        .group_by(id_column)
        .subquery()
    )
    return list(
        db.session.scalars(
            select(model)
            .join(newest, (id_column == newest.c.ident) & (model.version == newest.c.version))
            .order_by(model.title)
        )
    )


def latest_pathways() -> list[PathwayVersion]:
    return _latest_of_each(PathwayVersion, PathwayVersion.pathway_id)


def latest_forms() -> list[FormVersion]:
    return _latest_of_each(FormVersion, FormVersion.form_id)


def form_model(version: FormVersion) -> Form:
    # Keyed by the hash: a published version never changes, so neither does its model.
    # Stored definitions passed every check when they were published, so they are
    # rebuilt without re-running the checks.
    return _cached(_FORMS, version.sha256, lambda: Form.from_mapping(version.definition))


def pathway_model(version: PathwayVersion) -> Pathway:
    return _cached(_PATHWAYS, version.sha256, lambda: Pathway.from_mapping(version.definition))


def pathway_model_of(version_id: int, sha256: str) -> Pathway:
    """The same, for a version known by its id and hash (read as columns): the row is
    loaded only the first time this process meets the hash."""
    return _cached(
        _PATHWAYS,
        sha256,
        lambda: Pathway.from_mapping(db.session.get(PathwayVersion, version_id).definition),
    )


def form_model_of(version_id: int, sha256: str) -> Form:
    return _cached(
        _FORMS,
        sha256,
        lambda: Form.from_mapping(db.session.get(FormVersion, version_id).definition),
    )


_FORMS: dict[str, Form] = {}
_PATHWAYS: dict[str, Pathway] = {}
_CACHE_LIMIT = 512


def _cached(cache: dict, key: str, build):
    found = cache.get(key)
    if found is None:
        if len(cache) >= _CACHE_LIMIT:
            cache.pop(next(iter(cache)))
        found = cache[key] = build()
    return found


def designs_waiting_for(user_id: int) -> int:
    """How many proposed designs and imports wait for an approval this person may give
    (anyone's but their own): the count on their home page."""
    return (
        db.session.scalar(
            select(func.count(DesignDraft.id)).where(
                DesignDraft.status == "proposed", DesignDraft.created_by_id != user_id
            )
        )
        or 0
    )

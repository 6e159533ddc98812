"""Published versions of forms and pathways, stored so records can pin them.

The library folder is the source of truth; these rows are immutable copies, one per
(id, version), identified by the sha256 of the canonical JSON, so every worker process
and every machine renders a record with exactly the definition it was recorded on.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from casework.extensions import db
from casework.models.time import utcnow


class FormVersion(db.Model):
    __tablename__ = "form_versions"
    __table_args__ = (UniqueConstraint("form_id", "version", name="uq_form_versions_form_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text)
    # Deferred: pages need the parsed model, which is cached by sha256, not the JSON.
    definition: Mapped[dict] = mapped_column(JSON, deferred=True)
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PathwayVersion(db.Model):
    __tablename__ = "pathway_versions"
    __table_args__ = (
        UniqueConstraint("pathway_id", "version", name="uq_pathway_versions_pathway_version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pathway_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    definition: Mapped[dict] = mapped_column(JSON, deferred=True)
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PublishedVersionIsImmutable(RuntimeError):
    pass


@event.listens_for(FormVersion, "before_update")
@event.listens_for(PathwayVersion, "before_update")
def _refuse_change(mapper, connection, target):  # noqa: ARG001 - SQLAlchemy's signature
    raise PublishedVersionIsImmutable(
        "A published version cannot be changed; publish a new version instead."
    )

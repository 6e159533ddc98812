"""Documents sent to a family or to professionals: what was sent, to whom, when, from
which record version. The PDF bytes themselves are kept, with their sha256, so what was
sent can always be shown again exactly, even after the form or the record changes.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models.time import utcnow

AUDIENCES = {"family": "The family", "professional": "Professionals"}
METHODS = {
    "by_hand": "Given by hand",
    "post": "By post",
    "email": "By secure email",
    "meeting": "At a meeting",
}


class IssuedDocument(db.Model):
    __tablename__ = "issued_documents"
    __table_args__ = (
        CheckConstraint(
            "audience IN ('family', 'professional')", name="ck_issued_documents_audience"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    form_version_id: Mapped[int] = mapped_column(ForeignKey("form_versions.id"))
    record_revision: Mapped[int] = mapped_column(Integer)
    audience: Mapped[str] = mapped_column(String(20))  # family | professional
    # [{"kind": "person", "person_id": 3, "name": "Amy Lane", "relationship": "Parent"},
    #  {"kind": "professional", "name": "Dr Shah, GP"}]
    recipients: Mapped[list] = mapped_column(JSON, default=list)
    method: Mapped[str] = mapped_column(String(20))
    sent_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)

    record = relationship("Record")
    form_version = relationship("FormVersion")
    issued_by = relationship("User")

    @property
    def recipient_names(self) -> str:
        return ", ".join(
            f"{r['name']} ({r['relationship']})" if r.get("relationship") else r["name"]
            for r in self.recipients or []
        )


class IssuedDocumentIsFixed(RuntimeError):
    """An issued document records what was sent; it is never changed or deleted."""


@event.listens_for(IssuedDocument, "before_update")
@event.listens_for(IssuedDocument, "before_delete")
def _refuse_change(mapper, connection, target):  # noqa: ARG001 - SQLAlchemy's signature
    raise IssuedDocumentIsFixed("An issued document cannot be changed or deleted")

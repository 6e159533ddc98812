"""PDFs already drawn, kept so nobody waits for the same one twice.

A PDF is a pure function of its standalone HTML and the renderer (the engine, its
version and our options), so the key is the sha256 of both: a changed answer, person,
form version, stylesheet or engine gives a new key, and an old entry is simply never
asked for again. Entries hold personal data like the record itself, so each names the record it
was first drawn for (erasing a record can erase its PDFs), and the table is bounded:
least recently used entries go first (casework/documents/cache.py).

Unlike issued documents, which prove what was sent, these rows are disposable.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from casework.extensions import db
from casework.models.time import utcnow


class RenderedDocument(db.Model):
    __tablename__ = "rendered_documents"

    # sha256 hex of the renderer version and the standalone HTML.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[int | None] = mapped_column(
        ForeignKey("records.id"), nullable=True, index=True
    )
    # Kept beside the bytes so pruning sums sizes without reading any PDF.
    size: Mapped[int] = mapped_column(Integer)
    render_ms: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)

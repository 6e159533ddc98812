"""PDFs drawn once: looked up by the sha256 of the renderer version and the HTML.

The largest record takes 0.15-0.2 s of CPU to draw with Chromium (0.7-1 s with
WeasyPrint) and a few milliseconds to read back, and its PDF never changes for a given
HTML (``renderer.documents.pdf``). So every PDF the service makes goes through
``pdf_for``: a hit returns the stored bytes, a miss draws, stores and returns them.

Only ``casework.documents.service`` calls this module, after its access checks: the
key is derived from HTML the caller was allowed to build, there is no route that takes
a key, and so nobody can reach a cached PDF they could not have drawn.

Commits: call with nothing else pending in the session (the service does).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from datetime import timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from casework.extensions import db
from casework.models.rendered_documents import RenderedDocument
from casework.models.time import utcnow
from renderer.documents import pdf_bytes, renderer_version

log = logging.getLogger(__name__)

# The bound. Most documents are downloaded, printed or issued within days of the record
# being submitted; after that a miss costs one render (about a second). A typical
# family or professional PDF is 30-100 KB, the largest record's about 70 KB (440 KB
# with 5,000-character answers), so 200 MB holds roughly 2,000-6,000 PDFs: a week or
# two of submissions (two PDFs each) for a large council. The row bound keeps pruning,
# which walks the rows, quick; the byte bound keeps the database's size predictable.
MAX_ROWS = 5_000
MAX_BYTES = 200 * 1024 * 1024
# A hit marks its row as used, but at most once a minute: repeated downloads of one
# document do not each write to the database.
TOUCH_EVERY = timedelta(minutes=1)
# A request that finds the same PDF being drawn in this process (by render-ahead or
# another request) waits for it rather than drawing it again, up to this long.
WAIT_SECONDS = 60


class Counts:
    """Renders and hits in this process, for tests, the bench and curious operators."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.renders = 0
        self.hits = 0

    def add(self, *, renders: int = 0, hits: int = 0) -> None:
        with self._lock:
            self.renders += renders
            self.hits += hits


counts = Counts()
_drawing: dict[str, threading.Event] = {}
_drawing_lock = threading.Lock()


def key_of(html: str) -> str:
    digest = hashlib.sha256(renderer_version().encode())
    digest.update(b"\0")
    digest.update(html.encode("utf-8"))
    return digest.hexdigest()


def cached(html: str) -> bytes | None:
    """The stored PDF of this HTML, or None. Does not draw anything."""
    return _lookup(key_of(html))


def pdf_for(html: str, *, record_id: int | None = None) -> bytes:
    """The PDF of this standalone HTML: stored, or drawn now and stored."""
    key = key_of(html)
    pdf = _lookup(key)
    if pdf is not None:
        return pdf
    event, mine = _claim(key)
    try:
        if not mine:
            event.wait(WAIT_SECONDS)
            pdf = _lookup(key)
            if pdf is not None:
                return pdf
            # The other drawing failed or is very slow: draw it here after all.
        started = time.perf_counter()
        pdf = pdf_bytes(html)
        counts.add(renders=1)
        _store(key, pdf, record_id, int((time.perf_counter() - started) * 1000))
        return pdf
    finally:
        if mine:
            _release(key, event)


def prune(max_rows: int | None = None, max_bytes: int | None = None) -> int:
    """Delete the least recently used entries beyond the bounds (MAX_ROWS, MAX_BYTES
    unless given); the newest always stays. Returns how many went. Commits."""
    max_rows = MAX_ROWS if max_rows is None else max_rows
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    rows, total = db.session.execute(
        select(func.count(), func.coalesce(func.sum(RenderedDocument.size), 0))
    ).one()
    if rows <= max_rows and total <= max_bytes:
        return 0
    newest_first = db.session.execute(
        select(RenderedDocument.key, RenderedDocument.size).order_by(
            RenderedDocument.last_used_at.desc(), RenderedDocument.created_at.desc()
        )
    )
    kept, kept_bytes, doomed = 0, 0, []
    for key, size in newest_first:
        if doomed or (kept and (kept >= max_rows or kept_bytes + size > max_bytes)):
            doomed.append(key)  # strictly least recently used: everything older goes too
        else:
            kept, kept_bytes = kept + 1, kept_bytes + size
    for start in range(0, len(doomed), 500):
        chunk = doomed[start : start + 500]
        db.session.execute(delete(RenderedDocument).where(RenderedDocument.key.in_(chunk)))
    db.session.commit()
    return len(doomed)


def _lookup(key: str) -> bytes | None:
    row = db.session.execute(
        select(RenderedDocument.pdf, RenderedDocument.last_used_at).where(
            RenderedDocument.key == key
        )
    ).first()
    if row is None:
        return None
    counts.add(hits=1)
    now = utcnow()
    if row.last_used_at < now - TOUCH_EVERY:
        try:
            db.session.execute(
                update(RenderedDocument).where(RenderedDocument.key == key).values(last_used_at=now)
            )
            db.session.commit()
        except SQLAlchemyError:
            # Busy database: the bytes are still good, only the recency is a minute stale.
            db.session.rollback()
            log.warning("Could not mark cached PDF %s as used", key[:12], exc_info=True)
    return row.pdf


def _store(key: str, pdf: bytes, record_id: int | None, render_ms: int) -> None:
    """Insert unless another process stored the same key first; then keep the bound.
    A failure to store is logged, never raised: the caller still has its PDF."""
    now = utcnow()
    values = {
        "key": key,
        "record_id": record_id,
        "size": len(pdf),
        "render_ms": render_ms,
        "created_at": now,
        "last_used_at": now,
        "pdf": pdf,
    }
    try:
        db.session.execute(_insert_or_ignore(values))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # a dialect without insert-or-ignore, and we lost the race
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("Could not store a rendered PDF (%s); it will be drawn again", key[:12])
        return
    try:
        prune()
    except SQLAlchemyError:
        db.session.rollback()  # another worker is pruning; the next store prunes again
        log.warning("Could not prune rendered PDFs", exc_info=True)


def _insert_or_ignore(values: dict):
    """INSERT ... ON CONFLICT (key) DO NOTHING where the dialect has it (SQLite and
    PostgreSQL): two workers drawing the same PDF at once both succeed, one row stays."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy import insert

        return insert(RenderedDocument).values(**values)
    return insert(RenderedDocument).values(**values).on_conflict_do_nothing(index_elements=["key"])


def _claim(key: str) -> tuple[threading.Event, bool]:
    with _drawing_lock:
        event = _drawing.get(key)
        if event is not None:
            return event, False
        event = _drawing[key] = threading.Event()
        return event, True


def _release(key: str, event: threading.Event) -> None:
    with _drawing_lock:
        _drawing.pop(key, None)
    event.set()

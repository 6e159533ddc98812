"""The PDF cache: drawn once per HTML, identical bytes back, bounded, safe under races.

Renders are counted by ``cache.counts`` (our own counter, bumped only when an engine
is actually called) and by the rows of ``rendered_documents``; nothing of ours is mocked.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from casework import create_app
from casework.config import ConfigError
from casework.documents import cache
from casework.extensions import db
from casework.models import RenderedDocument
from casework.models.time import utcnow
from renderer.documents.pdf import engine_in_use, renderer_version


def page(words: str) -> str:
    return f'<!DOCTYPE html><html lang="en-GB"><title>{words}</title><p>{words}</p></html>'


def rows() -> list[RenderedDocument]:
    return list(db.session.scalars(select(RenderedDocument).order_by(RenderedDocument.created_at)))


def test_a_hit_returns_the_same_bytes_without_drawing_again(app):
    with app.app_context():
        renders = cache.counts.renders
        first = cache.pdf_for(page("Ruby likes her cat"))
        assert cache.counts.renders == renders + 1
        assert first.startswith(b"%PDF")
        again = cache.pdf_for(page("Ruby likes her cat"))
        assert again == first
        assert cache.counts.renders == renders + 1  # WeasyPrint was not called again
        assert cache.cached(page("Ruby likes her cat")) == first
        (row,) = rows()
        assert row.size == len(first) and row.pdf == first and row.render_ms >= 0


def test_different_html_is_a_different_entry_and_the_key_names_the_renderer(app):
    with app.app_context():
        a = cache.pdf_for(page("Version one"))
        b = cache.pdf_for(page("Version two"))
        assert a != b
        assert {r.key for r in rows()} == {
            cache.key_of(page("Version one")),
            cache.key_of(page("Version two")),
        }
        assert cache.cached(page("Version three")) is None
    # The same HTML under another engine, engine version or PDF options is another key.
    assert cache.key_of("x") != cache.key_of("y")
    assert engine_in_use()[0] in renderer_version()


def test_pruning_keeps_the_bound_and_drops_the_least_recently_used(app, monkeypatch):
    with app.app_context():
        for n in range(4):
            cache.pdf_for(page(f"Document {n}"))
        # Document 0 was the first drawn but is the most recently used.
        now = utcnow()
        for n, age in ((0, 0), (1, 40), (2, 30), (3, 20)):
            db.session.execute(
                update(RenderedDocument)
                .where(RenderedDocument.key == cache.key_of(page(f"Document {n}")))
                .values(last_used_at=now - timedelta(minutes=age))
            )
        db.session.commit()

        assert cache.prune(max_rows=3) == 1
        assert cache.cached(page("Document 1")) is None  # the least recently used
        assert cache.cached(page("Document 0")) is not None

        sizes = {r.key: r.size for r in rows()}
        two_newest = (
            sizes[cache.key_of(page("Document 0"))] + sizes[cache.key_of(page("Document 3"))]
        )
        assert cache.prune(max_bytes=two_newest) == 1
        assert cache.cached(page("Document 2")) is None
        assert db.session.scalar(select(func.sum(RenderedDocument.size))) <= two_newest

        # Storing keeps the bound by itself; the newest entry always stays.
        monkeypatch.setattr(cache, "MAX_ROWS", 1)
        newest = cache.pdf_for(page("Document 4"))
        assert [r.pdf for r in rows()] == [newest]


def test_a_hit_marks_its_entry_as_used_at_most_once_a_minute(app):
    with app.app_context():
        cache.pdf_for(page("Used"))
        key = cache.key_of(page("Used"))
        long_ago = utcnow() - timedelta(hours=3)
        db.session.execute(
            update(RenderedDocument)
            .where(RenderedDocument.key == key)
            .values(last_used_at=long_ago)
        )
        db.session.commit()
        cache.pdf_for(page("Used"))
        touched = db.session.scalar(select(RenderedDocument.last_used_at))
        assert touched > long_ago + timedelta(hours=2)


def test_two_requests_for_the_same_missing_pdf_draw_it_once(app):
    """Two threads (two requests in one worker) ask at once: one draws, the other waits
    for it, and one row stays."""
    html = page("Asked for twice at once " + "with many words. " * 400)
    renders = cache.counts.renders
    results, start = [], threading.Barrier(2)

    def ask():
        with app.app_context():
            start.wait()
            results.append(cache.pdf_for(html))

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 2 and results[0] == results[1]
    assert cache.counts.renders == renders + 1
    with app.app_context():
        assert len(rows()) == 1


def test_another_process_storing_the_same_pdf_first_is_harmless(app):
    """Across processes nothing is shared but the table: the loser's insert is ignored
    (ON CONFLICT DO NOTHING on SQLite and PostgreSQL) and both keep their bytes."""
    with app.app_context():
        pdf = cache.pdf_for(page("Raced"))
        key = cache.key_of(page("Raced"))
        cache._store(key, pdf, None, 5)  # what the slower worker does
        cache._store(key, b"%PDF-other", None, 5)
        assert [r.pdf for r in rows()] == [pdf]


def test_render_ahead_mode_is_checked_at_startup(database_url):
    from tests.conftest import TEST_CONFIG

    config = {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url}
    assert create_app(config).config["DOCUMENTS_RENDER_AHEAD"] == "inline"
    with pytest.raises(ConfigError, match="DOCUMENTS_RENDER_AHEAD is 'later'"):
        create_app({**config, "DOCUMENTS_RENDER_AHEAD": "later"})
    for mode in ("background", "off"):
        assert (
            create_app({**config, "DOCUMENTS_RENDER_AHEAD": mode}).config["DOCUMENTS_RENDER_AHEAD"]
            == mode
        )

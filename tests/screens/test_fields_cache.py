"""A section's fields come from a cache keyed by the whole widget tree (screens_fields):
for every shipped form section, empty, answered and with hostile answers, the cached page
is byte for byte the page rendered widget by widget (without its insignificant whitespace,
as whitespace.compact stores it; tests/screens/test_whitespace.py shows that changes
nothing else), and a changed answer is never served from an older page."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import Markup

from renderer.definitions import load_form
from renderer.screens import compile_form, render_section, screens_environment
from renderer.screens.whitespace import compact

from .conftest import PEOPLE, TODAY, compiled
from .samples import answers_for

LIBRARY = Path(__file__).resolve().parents[2] / "form_library"
FORM_FILES = sorted(LIBRARY.glob("*.yaml"))
HOSTILE = '<script>alert(\'x\')</script>"&amp;<b onmouseover="x">'


def _hostile(value):
    """Every piece of text in the answers made hostile (choices become unknown options)."""
    if isinstance(value, str):
        return HOSTILE + value
    if isinstance(value, list):
        return [_hostile(v) for v in value]
    if isinstance(value, dict):
        return {k: _hostile(v) for k, v in value.items()}
    return value


@pytest.fixture(scope="module")
def envs():
    cached = screens_environment()
    plain = screens_environment()
    # widget by widget, every time, and compacted as the cache stores it
    plain.globals["screens_fields"] = lambda widgets, render_widget: Markup(
        compact("".join(str(render_widget(widget)) for widget in widgets))
    )
    return cached, plain


@pytest.mark.parametrize("path", FORM_FILES, ids=[p.stem for p in FORM_FILES])
def test_every_shipped_section_renders_the_same_from_the_cache(path, envs):
    cached, plain = envs
    form = compile_form(load_form(path))
    answers = answers_for(form.form)
    cache = cached.globals["screens_fields"].cache
    for section in form.sections:
        for kind, given in (("empty", {}), ("answered", answers), ("hostile", _hostile(answers))):
            bound = form.bind(section.id, answers=given, people=PEOPLE, today=TODAY)
            expected = render_section(bound, env=plain)
            first = render_section(bound, env=cached)
            size = len(cache)
            again = render_section(
                form.bind(section.id, answers=given, people=PEOPLE, today=TODAY), env=cached
            )
            assert first == expected, (section.id, kind)
            assert again == expected, (section.id, kind)
            assert len(cache) == size, "the same section and answers are one cache entry"
            if kind == "hostile":
                assert "<script>" not in first and 'onmouseover="' not in first


def test_a_changed_answer_is_never_served_from_the_older_page(envs):
    cached, _ = envs
    form = compiled(
        {"id": "worry", "type": "long_text", "label": "What are you worried about?"},
        {"id": "seen", "type": "yes_no", "label": "Was the child seen?"},
    )
    pages = [
        render_section(form.bind("main", answers=answers, today=TODAY), env=cached)
        for answers in (
            {"worry": "Bruising on the arm", "seen": "yes"},
            {"worry": "Bruising on the leg", "seen": "yes"},
            {"worry": "Bruising on the leg", "seen": "no"},
            {"worry": "<i>Bruising on the leg</i>", "seen": "no"},
        )
    ]
    assert "Bruising on the arm" in pages[0] and "Bruising on the arm" not in pages[1]
    assert 'value="yes" checked' in pages[1] and 'value="no" checked' in pages[2]
    assert "&lt;i&gt;Bruising on the leg&lt;/i&gt;" in pages[3]
    assert len(set(pages)) == 4

"""The fields cache stores a section without the macros' indentation (whitespace.compact):
for every shipped form section, empty, answered and with answers full of line breaks and
spaces, the compacted page has the same elements with the same attributes in the same
order, the same words, and every answer box byte for byte as typed; and it is lighter."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from renderer.definitions import load_form
from renderer.screens import compile_form, render_section, screens_environment
from renderer.screens.whitespace import compact

from .conftest import PEOPLE, TODAY
from .samples import answers_for

LIBRARY = Path(__file__).resolve().parents[2] / "form_library"
FORM_FILES = sorted(LIBRARY.glob("*.yaml"))
SPACED = "  two  spaces,\n\n   a blank line,\ttab  "


def _spaced(value):
    """Every piece of text in the answers padded with runs of spaces and line breaks."""
    if isinstance(value, str):
        return SPACED + value + SPACED
    if isinstance(value, list):
        return [_spaced(v) for v in value]
    if isinstance(value, dict):
        return {k: _spaced(v) for k, v in value.items()}
    return value


class _Reading(HTMLParser):
    """What a page shows: its tags with their attributes, its words, its answer boxes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list = []
        self.text: list[str] = []
        self.boxes: list[str] = []
        self._box: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag == "textarea":
            self._box = []

    def handle_endtag(self, tag):
        self.tags.append(("/" + tag, None))
        if tag == "textarea" and self._box is not None:
            self.boxes.append("".join(self._box))
            self._box = None

    def handle_data(self, data):
        if self._box is not None:
            self._box.append(data)
        else:
            self.text.append(data)


def _read(html: str) -> _Reading:
    reading = _Reading()
    reading.feed(html)
    reading.close()
    return reading


@pytest.fixture(scope="module")
def plain():
    env = screens_environment()
    del env.globals["screens_fields"]  # widget by widget, as the macros write it
    return env


@pytest.mark.parametrize("path", FORM_FILES, ids=[p.stem for p in FORM_FILES])
def test_compacting_a_section_changes_only_whitespace_nobody_sees(path, plain):
    form = compile_form(load_form(path))
    answers = answers_for(form.form)
    for section in form.sections:
        for kind, given in (("empty", {}), ("answered", answers), ("spaced", _spaced(answers))):
            html = render_section(
                form.bind(section.id, answers=given, people=PEOPLE, today=TODAY), env=plain
            )
            small = compact(html)
            before, after = _read(html), _read(small)
            where = (section.id, kind)
            assert after.tags == before.tags, where  # attribute values hold answers verbatim
            assert after.boxes == before.boxes, where
            assert " ".join(after.text).split() == " ".join(before.text).split(), where
            assert len(small) < len(html), where
            if kind == "spaced" and before.boxes:
                assert any(SPACED in box for box in after.boxes), where


def test_whitespace_between_inline_content_is_kept_as_a_space():
    html = '<p class="govuk-body">\n    <strong>0</strong>\n    <span>means</span>\n</p>'
    assert compact(html) == '<p class="govuk-body">\n<strong>0</strong>\n<span>means</span>\n</p>'


def test_blocks_lose_the_whitespace_between_them_and_answers_keep_theirs():
    html = (
        '<div class="govuk-form-group">\n  <fieldset>\n    <legend>\n      Worries\n    </legend>\n'
        '    <textarea name="w">\n  first\n\n   second  </textarea>\n'
        '    <input name="n" value="a\n\n   b">\n  </fieldset>\n</div>\n'
    )
    assert compact(html) == (
        '<div class="govuk-form-group"><fieldset><legend>\nWorries\n</legend>\n'
        '<textarea name="w">\n  first\n\n   second  </textarea>\n'
        '<input name="n" value="a\n\n   b">\n</fieldset></div>\n'
    )

"""Every shipped form compiles, renders every section, and round-trips answers."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from renderer.definitions import load_form
from renderer.screens import clear_cache, compile_form, render_error_summary, render_section
from renderer.screens import compiled as compiled_module

from .conftest import PEOPLE, TODAY, Page, make_form, post_from_html
from .samples import answers_for

LIBRARY = Path(__file__).resolve().parents[2] / "form_library"
FORM_FILES = sorted(LIBRARY.glob("*.yaml"))


def test_the_library_is_not_empty():
    assert len(FORM_FILES) >= 5, f"no shipped forms found in {LIBRARY}"


@pytest.fixture(scope="module", params=FORM_FILES, ids=[p.stem for p in FORM_FILES])
def shipped(request):
    return compile_form(load_form(request.param))


def test_every_section_renders_with_unique_ids(shipped):
    for section in shipped.sections:
        bound = shipped.bind(section.id, answers={}, people=PEOPLE, today=TODAY)
        html = render_section(bound)
        page = Page(html)
        duplicates = {i for i in page.ids if page.ids.count(i) > 1}
        assert not duplicates, (section.id, duplicates)
        top = {f for f in section.field_ids}
        assert set(page.wrappers) == top
        assert all("name" in i for i in page.inputs)


def test_every_error_links_to_an_element_on_the_page(shipped):
    answers = {}
    errors = shipped.check(answers, today=TODAY, authorising=True)
    assert errors, "every shipped form has at least one required field"
    for section in shipped.sections:
        mine = {k: v for k, v in errors.items() if k.split("-")[0] in section.field_ids}
        bound = shipped.bind(
            section.id, answers=answers, errors=mine, people=PEOPLE, can_authorise=True, today=TODAY
        )
        page = Page(render_section(bound))
        assert set(mine) <= set(page.ids), section.id
        summary = Page(render_error_summary(mine))
        hrefs = {a["href"] for t, a in summary.elements if t == "a"}
        assert hrefs == {"#" + k for k in mine}


def test_filled_in_sections_round_trip_through_the_page(shipped):
    answers = answers_for(shipped.form)
    for section in shipped.sections:
        bound = shipped.bind(
            section.id, answers=answers, people=PEOPLE, can_authorise=True, today=TODAY
        )
        posted = post_from_html(render_section(bound))
        again = shipped.bind(
            section.id,
            answers=answers,
            formdata=posted,
            people=PEOPLE,
            can_authorise=True,
            today=TODAY,
        )
        expected = {f: answers.get(f) for f in section.field_ids if f in again.answers()}
        assert again.answers() == expected, section.id
    # well-typed sample answers pass every check but patterns and cross-field validations
    errors = shipped.check(answers, today=TODAY, people=PEOPLE, authorising=True)
    ruled = {f.id for f in shipped.form.all_fields() if f.pattern or f.validations}
    assert {key.split("-")[-1] for key in errors} <= ruled, errors
    rows = shipped.check_answers_rows(answers, PEOPLE, today=TODAY)
    assert [s.id for s, _ in rows] == [s.id for s in shipped.sections]
    for section in shipped.sections:
        assert shipped.section_status(section.id, answers, today=TODAY) in {
            "in_progress",
            "completed",
        }


def test_compiling_is_cached_by_sha256():
    clear_cache()
    form = load_form(FORM_FILES[0])
    first = compile_form(form)
    assert compile_form(load_form(FORM_FILES[0])) is first
    other = compile_form(load_form(FORM_FILES[1]))
    assert other is not first and other.sha256 != first.sha256


def test_the_cache_is_bounded(monkeypatch):
    clear_cache()
    monkeypatch.setattr(compiled_module, "CACHE_SIZE", 2)
    forms = [
        make_form({"id": "x", "type": "text", "label": f"Label {n}"}, form_id="f") for n in range(3)
    ]
    first = compile_form(forms[0])
    compile_form(forms[1])
    compile_form(forms[2])
    assert len(compiled_module._cache) == 2
    assert compile_form(forms[0]) is not first
    clear_cache()


def test_performance_of_the_largest_form(capsys):
    path = max(FORM_FILES, key=lambda p: len(load_form(p).all_fields()))
    form = load_form(path)
    answers = answers_for(form)
    clear_cache()
    start = time.perf_counter()
    compiled = compile_form(form)
    compiled_at = time.perf_counter()
    render_section(compiled.bind(compiled.sections[0].id, answers={}, today=TODAY))  # warm
    warm = time.perf_counter()
    size = 0
    for section in compiled.sections:
        html = render_section(
            compiled.bind(section.id, answers=answers, people=PEOPLE, today=TODAY)
        )
        assert set(Page(html).wrappers) == set(section.field_ids)
        size += len(html)
    rendered = time.perf_counter()
    compiled.check(answers, today=TODAY)
    checked = time.perf_counter()
    with capsys.disabled():
        print(
            f"\n[screens] {path.stem}: {len(form.all_fields())} fields, "
            f"{len(compiled.sections)} sections; compile {1000 * (compiled_at - start):.1f} ms; "
            f"first render (template load) {1000 * (warm - compiled_at):.1f} ms; "
            f"bind+render all sections {1000 * (rendered - warm):.1f} ms ({size // 1024} KB); "
            f"check all {1000 * (checked - rendered):.1f} ms"
        )


def test_statuses_agree_with_section_status_for_every_shipped_form():
    from datetime import date

    from renderer.definitions import load_library
    from renderer.samples import Sampler, make_family
    from renderer.screens import compile_form

    root = __import__("pathlib").Path(__file__).resolve().parents[2]
    forms = load_library([root / "form_library"]).forms
    assert forms
    for form in forms.values():
        compiled = compile_form(form)
        sampler = Sampler(make_family(2), today=date(2026, 11, 23), people=[("1", "Kim Lee")])
        for answers in ({}, sampler.answers(form)):
            expected = {
                s.id: compiled.section_status(s.id, answers, today=date(2026, 11, 23))
                for s in compiled.sections
            }
            assert compiled.statuses(answers, today=date(2026, 11, 23)) == expected, form.id

"""A section shown with nothing posted (``CompiledForm.shown``) is the page bind and
render give, whether it came from the cache or was built; and the cache never gives one
section's, one answer's, one day's or one family's page for another."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from renderer.definitions import load_form
from renderer.screens import compile_form, render_section, screens_environment
from renderer.screens.shown import ShownCache

from .conftest import PEOPLE, TODAY, compiled
from .samples import answers_for
from .test_fields_cache import _hostile

LIBRARY = Path(__file__).resolve().parents[2] / "form_library"
FORM_FILES = sorted(LIBRARY.glob("*.yaml"))


def _fresh(form, section_id, env, **kwargs):
    """What the page showed before the cache: bind, then render."""
    bound = form.bind(section_id, **kwargs)
    return render_section(bound, env=env), form.outside_data(section_id, bound.rule_data), bound


@pytest.mark.parametrize("path", FORM_FILES, ids=[p.stem for p in FORM_FILES])
def test_every_shipped_section_shows_what_bind_and_render_give_built_or_cached(path):
    env = screens_environment()
    cache = env.globals["screens_shown"]
    form = compile_form(load_form(path))
    answers = answers_for(form.form)
    for kind, given in (("empty", {}), ("answered", answers), ("hostile", _hostile(answers))):
        for section in form.sections:
            kwargs = {"answers": given, "people": PEOPLE, "today": TODAY}
            html, rule_data, bound = _fresh(form, section.id, env, **kwargs)
            misses = cache.misses
            built = form.shown(section.id, env=env, **kwargs)
            hits = cache.hits
            again = form.shown(section.id, env=env, **kwargs)
            assert cache.hits == hits + 1, (section.id, kind)  # the second came from the cache
            assert cache.misses <= misses + 1
            for shown in (built, again):
                assert shown.fields == html, (section.id, kind)
                assert shown.rule_data == rule_data, (section.id, kind)
                assert shown.multipart == bound.multipart


def _form():
    return compiled(
        sections=[
            {
                "id": "family",
                "title": "Family",
                "fields": [
                    {"id": "school", "type": "text", "label": "School"},
                    {"id": "pets", "type": "text", "label": "Pets"},
                ],
            },
            {
                "id": "plan",
                "title": "Plan",
                "fields": [
                    {"id": "goal", "type": "text", "label": "Goal"},
                    {
                        "id": "school_plan",
                        "type": "long_text",
                        "label": "Plan for school",
                        "show_if": {"==": [{"var": "school"}, "Hill"]},
                    },
                    {
                        "id": "contact",
                        "type": "person",
                        "label": "Who to contact",
                        "show_if": {"!!": [{"var": "goal"}]},
                    },
                    {"id": "review", "type": "date", "label": "Review"},
                ],
            },
        ]
    )


@pytest.fixture
def env():
    return screens_environment()


def _shown(form, env, answers, *, people=PEOPLE, today=TODAY, sources=None):
    shown = form.shown(
        "plan", answers=answers, people=people, today=today, sources=sources, env=env
    )
    html, rule_data, _ = _fresh(
        form, "plan", env, answers=answers, people=people, today=today, sources=sources
    )
    assert shown.fields == html and shown.rule_data == rule_data
    return shown


def test_an_answer_elsewhere_that_no_rule_here_reads_finds_the_same_page(env):
    form, cache = _form(), env.globals["screens_shown"]
    _shown(form, env, {"school": "Hill", "pets": "A dog", "goal": "Settle"})
    hits = cache.hits
    _shown(form, env, {"school": "Hill", "pets": "Two cats", "goal": "Settle"})
    assert cache.hits == hits + 1


@pytest.mark.parametrize(
    "change",
    [
        {"school": "Oak"},  # read by a rule on the page: the plan for school is hidden
        {"goal": "Stay at home"},  # the page's own answer
        {"review": "2027-01-05"},
        {"goal": 1},  # the same text in another type is another answer
    ],
    ids=["read-elsewhere", "own", "own-date", "own-type"],
)
def test_a_change_the_page_depends_on_builds_it_again(env, change):
    form, cache = _form(), env.globals["screens_shown"]
    before = {"school": "Hill", "goal": "1", "review": "2027-01-04"}
    first = _shown(form, env, before)
    misses = cache.misses
    second = _shown(form, env, {**before, **change})
    assert cache.misses == misses + 1
    if change != {"goal": 1}:  # a number shows as its text: the same page, built again
        assert second.fields != first.fields


def test_another_family_another_day_or_another_note_is_another_page(env):
    form, cache = _form(), env.globals["screens_shown"]
    answers = {"goal": "Settle", "contact": "p1"}
    first = _shown(form, env, answers)
    for other in (
        {"people": [("p1", "Carla Jones", "parent")]},
        {"today": TODAY + timedelta(days=1)},
        {"sources": {"goal": "Filled in for you from the assessment."}},
    ):
        misses = cache.misses
        _shown(form, env, answers, **other)
        assert cache.misses == misses + 1, other
    assert "Alice Smith" in first.fields


def test_the_cache_keeps_no_more_than_its_size():
    env = screens_environment()
    cache = env.globals["screens_shown"] = ShownCache(size=3)
    form = _form()
    for n in range(10):
        _shown(form, env, {"goal": f"Goal {n}"})
    assert len(cache) == 3


def test_without_a_cache_the_section_is_built_each_time():
    env = screens_environment()
    del env.globals["screens_shown"]
    form = _form()
    assert (
        _shown(form, env, {"goal": "Settle"}).fields == _shown(form, env, {"goal": "Settle"}).fields
    )


def test_a_list_items_rule_reading_an_answer_elsewhere_builds_the_page_again():
    """Only the answers read show it: the section's own data and hidden fields are the
    same either way, but an item's question appears or goes."""
    env = screens_environment()
    form = compiled(
        sections=[
            {
                "id": "family",
                "title": "Family",
                "fields": [{"id": "school", "type": "text", "label": "School"}],
            },
            {
                "id": "plan",
                "title": "Plan",
                "fields": [
                    {
                        "id": "actions",
                        "type": "repeating_group",
                        "label": "Actions",
                        "fields": [
                            {"id": "action", "type": "text", "label": "Action"},
                            {
                                "id": "school_part",
                                "type": "text",
                                "label": "What the school will do",
                                "show_if": {"==": [{"var": "school"}, "Hill"]},
                            },
                        ],
                    }
                ],
            },
        ]
    )
    actions = [{"action": "Walk to school", "school_part": "Meet at the gate"}]
    pages = {_shown(form, env, {"school": s, "actions": actions}).fields for s in ("Hill", "Oak")}
    assert len(pages) == 2

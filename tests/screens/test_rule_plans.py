"""The rules are worked out once a page from a plan made once per form version (which
fields have a show_if or a calculation), and a section that asks for none of the case's
people is bound without them. For every shipped form section, empty, answered and with
hostile answers, that gives exactly what the rules gave field by field, and the same page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from renderer.definitions import load_form
from renderer.screens import compile_form, render_section, screens_environment
from renderer.screens.logic import State, calculate_value, form_state, item_state, truth
from renderer.screens.registry import handler_for

from .conftest import PEOPLE, TODAY, compiled
from .samples import answers_for
from .test_fields_cache import _hostile

LIBRARY = Path(__file__).resolve().parents[2] / "form_library"
FORM_FILES = sorted(LIBRARY.glob("*.yaml"))


def visit_every_field(fields, values: dict, base: dict) -> State:
    """The contract of docs/screens.md, field by field, with no plan."""
    data = dict(base)
    for f in fields:
        if handler_for(f.type).answerable:
            data[f.id] = handler_for(f.type).rule_value(f, values.get(f.id))
    for f in fields:
        if f.type == "calculated":
            data[f.id] = calculate_value(f.calculation, data)
    hidden = set()
    for f in fields:
        if not truth(f.show_if, data, True):
            hidden.add(f.id)
            data[f.id] = None
        elif f.type == "calculated":
            data[f.id] = calculate_value(f.calculation, data)
    return State(data, hidden)


def _kinds(form):
    answers = answers_for(form.form)
    return (("empty", {}), ("answered", answers), ("hostile", _hostile(answers)))


@pytest.fixture(scope="module")
def env():
    return screens_environment()


@pytest.mark.parametrize("path", FORM_FILES, ids=[p.stem for p in FORM_FILES])
def test_every_shipped_form_is_worked_out_as_field_by_field(path, env):
    form = compile_form(load_form(path))
    base = {"today": TODAY.isoformat()}
    for kind, answers in _kinds(form):
        planned = form_state(form.top_fields, answers, TODAY)
        assert planned == visit_every_field(form.top_fields, answers, base), kind
        for f in form.form.all_fields():
            items = answers.get(f.id) if isinstance(answers.get(f.id), list) else []
            for item in [{}, *items] if f.fields else []:  # a list's items, over the form's data
                values = item if isinstance(item, dict) else {}
                expected = visit_every_field(f.fields, values, planned.data)
                assert item_state(f.fields, item, planned.data) == expected, (f.id, kind)
        for section in form.sections:
            bound = form.bind(section.id, answers=answers, people=PEOPLE, today=TODAY)
            merged = {**answers, **bound.answers()}
            assert bound.rule_data == form_state(form.top_fields, merged, TODAY).data
            if not form.asks_people(section.id):
                alone = form.bind(section.id, answers=answers, people=(), today=TODAY)
                assert render_section(alone, env=env) == render_section(bound, env=env), (
                    section.id,
                    kind,
                )


def test_a_section_with_a_person_question_asks_for_the_people():
    form = compiled(
        {"id": "worry", "type": "long_text", "label": "What are you worried about?"},
        {
            "id": "visits",
            "type": "repeating_group",
            "label": "Visits",
            "fields": [{"id": "who", "type": "person", "label": "Who was seen"}],
        },
    )
    assert form.asks_people("main")
    none = compiled({"id": "worry", "type": "long_text", "label": "What are you worried about?"})
    assert not none.asks_people("main")


def test_rules_still_hide_and_calculate_in_form_order():
    form = compiled(
        {"id": "seen", "type": "yes_no", "label": "Was the child seen?"},
        {
            "id": "why_not",
            "type": "long_text",
            "label": "Why not?",
            "show_if": {"==": [{"var": "seen"}, "no"]},
        },
        {"id": "a", "type": "number", "label": "A"},
        {
            "id": "double",
            "type": "calculated",
            "label": "Twice A",
            "calculation": {"*": [2, {"var": "a"}]},
        },
    )
    shown = form_state(form.top_fields, {"seen": "no", "a": 4}, TODAY)
    assert "why_not" not in shown.hidden and shown.data["double"] == 8
    hidden = form_state(form.top_fields, {"seen": "yes", "why_not": "Asleep"}, TODAY)
    assert "why_not" in hidden.hidden and hidden.data["why_not"] is None


def test_a_calculation_after_a_hidden_field_counts_it_as_empty():
    form = compiled(
        {"id": "seen", "type": "yes_no", "label": "Was the child seen?"},
        {
            "id": "hours",
            "type": "number",
            "label": "Hours with the child",
            "show_if": {"==": [{"var": "seen"}, "yes"]},
        },
        {
            "id": "minutes",
            "type": "calculated",
            "label": "Minutes with the child",
            "calculation": {"*": [60, {"var": "hours"}]},
        },
    )
    seen = form_state(form.top_fields, {"seen": "yes", "hours": 2}, TODAY)
    assert seen.data["minutes"] == 120
    # Hidden, the hours count as null: 60 * null is NaN to json-logic-js, "not worked out".
    unseen = form_state(form.top_fields, {"seen": "no", "hours": 2}, TODAY)
    assert "hours" in unseen.hidden and unseen.data["minutes"] is None

"""A section's page carries, beside its own inputs, only the other answers its rules read
(``CompiledForm.outside_data``): the rules give the same answer as with every answer, and
nothing else about the child is written into the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from renderer.definitions import load_form
from renderer.screens import compile_form
from renderer.screens.logic import evaluate_fields

from .conftest import PEOPLE, TODAY, compiled
from .samples import answers_for
from .test_fields_cache import _hostile

LIBRARY = Path(__file__).resolve().parents[2] / "form_library"
FORM_FILES = sorted(LIBRARY.glob("*.yaml"))


def _two_sections(rule: dict | None = None, item_rule: dict | None = None):
    return compiled(
        sections=[
            {
                "id": "family",
                "title": "Family",
                "fields": [
                    {"id": "school", "type": "text", "label": "School"},
                    {"id": "worry", "type": "text", "label": "Worry"},
                    {"id": "pets", "type": "text", "label": "Pets"},
                ],
            },
            {
                "id": "plan",
                "title": "Plan",
                "fields": [
                    {
                        "id": "school_plan",
                        "type": "long_text",
                        "label": "Plan for school",
                        "show_if": rule or {"!=": [{"var": "school"}, None]},
                    },
                    {
                        "id": "actions",
                        "type": "repeating_group",
                        "label": "Actions",
                        "fields": [
                            {"id": "action", "type": "text", "label": "Action"},
                            {
                                "id": "why",
                                "type": "text",
                                "label": "Why",
                                "show_if": item_rule or {"==": [{"var": "action"}, "x"]},
                            },
                        ],
                    },
                ],
            },
        ]
    )


ANSWERS = {"school": "Hill Primary", "worry": "Sleeps badly", "pets": "A dog"}


def test_only_the_answers_a_sections_rules_read_go_into_its_page():
    form = _two_sections()
    bound = form.bind("plan", answers=ANSWERS, today=TODAY)
    assert form.outside_data("plan", bound.rule_data) == {"school": "Hill Primary"}
    # The family section's own rules read nothing elsewhere: its page gets nothing.
    bound = form.bind("family", answers=ANSWERS, today=TODAY)
    assert form.outside_data("family", bound.rule_data) == {}


def test_a_list_items_rule_reading_an_answer_elsewhere_gets_it():
    form = _two_sections(item_rule={"==": [{"var": "worry"}, "Sleeps badly"]})
    bound = form.bind("plan", answers=ANSWERS, today=TODAY)
    assert form.outside_data("plan", bound.rule_data) == {
        "school": "Hill Primary",
        "worry": "Sleeps badly",
    }


@pytest.mark.parametrize("whole", [{"var": ""}, {"var": None}, {"var": []}])
def test_a_rule_reading_all_the_data_gets_every_other_answer(whole):
    form = _two_sections(rule={"!!": [whole]})
    bound = form.bind("plan", answers=ANSWERS, today=TODAY)
    outside = form.outside_data("plan", bound.rule_data)
    assert {k: outside[k] for k in ANSWERS} == ANSWERS
    assert "school_plan" not in outside and "actions" not in outside


def test_a_dotted_name_brings_the_answer_it_starts_with():
    form = _two_sections(rule={"==": [{"var": "school.name"}, "x"]})
    bound = form.bind("plan", answers=ANSWERS, today=TODAY)
    assert form.outside_data("plan", bound.rule_data) == {"school": "Hill Primary"}


@pytest.mark.parametrize("path", FORM_FILES, ids=[p.stem for p in FORM_FILES])
def test_every_shipped_section_works_out_its_rules_the_same_with_less(path):
    """What the browser works out on a page (its fields over the data it was given plus
    its own inputs) is the same with only the answers read as with every answer."""
    form = compile_form(load_form(path))
    answers = answers_for(form.form)
    for kind, given in (("empty", {}), ("answered", answers), ("hostile", _hostile(answers))):
        for section in form.sections:
            bound = form.bind(section.id, answers=given, people=PEOPLE, today=TODAY)
            own = set(section.field_ids)
            every = {k: v for k, v in bound.rule_data.items() if k not in own}
            less = form.outside_data(section.id, bound.rule_data)
            assert set(less) <= set(every)
            inputs = {k: v for k, v in bound.rule_data.items() if k in own}
            fields = [form.fields_by_id[f] for f in section.field_ids]
            base = {"today": TODAY.isoformat()}
            with_less = evaluate_fields(fields, inputs, {**base, **less})
            with_every = evaluate_fields(fields, inputs, {**base, **every})
            assert with_less.hidden == with_every.hidden, (section.id, kind)
            shown = {k: with_less.data.get(k) for k in own}  # calculated answers too
            assert shown == {k: with_every.data.get(k) for k in own}, (section.id, kind)

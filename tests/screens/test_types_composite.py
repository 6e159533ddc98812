"""Composite and list field types: scale, childs_words, danger statements, nested items,
and malformed saved answers for every type."""

from __future__ import annotations

import pytest

from .conftest import PEOPLE, TODAY, Page, compiled, html_of, post_from_html
from .test_types import CASES, IDS, OPTIONS, _field, bind_post, errors_for


def test_scale_needs_a_reason_for_each_score():
    d = CASES[14][0]
    c, answer = bind_post(d, {"answer-worker-score": "7", "answer-parent-why": "Not sure"})
    assert answer == {
        "ratings": [
            {"rater": "worker", "score": 7, "why": None, "next_step": None},
            {"rater": "parent", "score": None, "why": "Not sure", "next_step": None},
        ]
    }
    assert c.check({"answer": answer}, today=TODAY) == {
        "answer-worker-why": ["Enter an answer to ‘Why this number?’"],
        "answer-parent-score": ["Select score given by the parent or carer"],
    }
    html = html_of(c, answers={"answer": answer})
    assert "Unsafe" in html and "Safe" in html
    assert len([i for i in Page(html).inputs if i.get("name") == "answer-worker-score"]) == 11


def test_childs_words_labels_follow_the_variant():
    c = compiled(_field({"type": "childs_words", "label": "Words"}))
    html = html_of(c)
    for label in ("House of worries", "House of good things", "House of dreams"):
        assert label in html
    wiz = compiled(
        _field({"type": "childs_words", "label": "Words", "variant": "fairy_and_wizard"})
    )
    assert "wizard" in html_of(wiz) and "House of worries" not in html_of(wiz)
    _, answer = bind_post(
        {"type": "childs_words", "label": "Words"}, {"answer-worries": "Dad shouting"}
    )
    assert answer["variant"] == "three_houses"
    assert set(c.check({"answer": answer}, today=TODAY)) == {
        "answer-facilitated_by",
        "answer-consent_to_share",
    }


def test_danger_statements_are_limited():
    d = {"type": "danger_statement", "label": "Danger", "max_items": 1}
    item = CASES[15][1][0]
    assert errors_for(d, [item, item]) == ["Danger can have no more than 1 danger statement"]
    c = compiled(_field(d))
    assert "Add another" not in html_of(c, answers={"answer": [item]})
    assert "Add another danger statement" in html_of(compiled(_field(CASES[15][0])))


def test_nested_items_are_checked_with_their_own_element_ids():
    d = CASES[12][0]
    bad = [
        {
            "what": None,
            "by_when": {"day": "1", "month": "", "year": "2026"},
            "done": None,
            "owner": None,
        }
    ]
    d_req = {**d, "fields": [{**d["fields"][0], "required": True}] + d["fields"][1:]}
    c = compiled(_field(d_req))
    errors = c.check({"answer": bad}, today=TODAY)
    assert errors == {
        "answer-0-what": ["Enter what"],
        "answer-0-by_when": ["By when must include a month"],
    }
    ids = set(Page(html_of(c, answers={"answer": bad}, errors=errors)).ids)
    assert set(errors) <= ids


def test_lists_respect_min_items():
    d = {
        "type": "repeating_group",
        "label": "Steps",
        "item_label": "step",
        "min_items": 2,
        "fields": [{"id": "what", "type": "text", "label": "What"}],
    }
    assert errors_for(d, None) == ["Add at least 2 steps"]
    assert errors_for(d, [{"what": "a"}]) == ["Add at least 2 steps"]
    assert errors_for(d, [{"what": "a"}, {"what": "b"}]) is None
    page = Page(html_of(compiled(_field(d))))
    assert {"answer-0-what", "answer-1-what"} <= page.names()  # min_items blank items shown


WEIRD = [
    None,
    "",
    "text",
    7,
    -1.5,
    True,
    [],
    ["x"],
    [{"a": 1}],
    {},
    {"ratings": "x"},
    {"day": 3},
    [None],
    {"rules": [1], "red_flags": [None]},
]


@pytest.mark.parametrize(("definition", "answer"), CASES, ids=IDS)
def test_malformed_saved_answers_never_crash(definition, answer):
    """Records from older versions or bad imports must still display and check."""
    c = compiled(_field(definition))
    for weird in WEIRD:
        answers = {"answer": weird}
        html = html_of(c, answers=answers, people=PEOPLE)
        assert 'data-field="answer"' in html
        errors = c.check(answers, today=TODAY, people=PEOPLE, authorising=True)
        assert all(isinstance(m, str) for ms in errors.values() for m in ms)
        c.check_answers_rows(answers, PEOPLE, today=TODAY)
        c.section_status("main", answers, today=TODAY)
        html_of(c, answers=answers, errors=errors, people=PEOPLE)


def test_nested_fields_of_any_type_round_trip():
    fields = [
        {"id": "tags", "type": "multiple_choice", "label": "Tags", "options": OPTIONS},
        {
            "id": "score",
            "type": "scale",
            "label": "Score",
            "raters": ["child"],
            "anchors": {"zero": "Bad", "ten": "Good"},
        },
        {"id": "words", "type": "childs_words", "label": "Words"},
        {"id": "n", "type": "number", "label": "N"},
        {"id": "note", "type": "guidance", "text": "Note"},
        {
            "id": "twice",
            "type": "calculated",
            "label": "Twice",
            "calculation": {"*": [{"var": "n"}, 2]},
        },
    ]
    c = compiled(_field({"type": "repeating_group", "label": "Group", "fields": fields}))
    item = {
        "tags": ["green"],
        "n": 4,
        "score": {"ratings": [{"rater": "child", "score": 3, "why": "W", "next_step": None}]},
        "words": {
            "variant": "three_houses",
            "worries": "W",
            "good_things": None,
            "dreams": None,
            "facilitated_by": "SW",
            "consent_to_share": "yes",
        },
    }
    answers = {"answer": [item, {**item, "n": 5}]}
    html = html_of(c, answers=answers)
    assert "Twice" in html and ">8<" in html.replace("\n", "").replace(" ", "")
    bound = c.bind("main", answers={}, formdata=post_from_html(html), today=TODAY)
    assert bound.answers() == answers
    assert c.check(answers, today=TODAY) == {}

"""The conditions builder's pure parts: reading a rule into rows (parse), writing rows
as JSON Logic (build), and saying a rule in a sentence (describe); and every rule of
the shipped library opening in the builder and coming back unchanged."""

from __future__ import annotations

from itertools import islice, product
from pathlib import Path

import pytest
import yaml

from designer.editor.conditions.logic import (
    ConditionError,
    Row,
    editable_rows,
    from_logic,
    normal,
    to_logic,
)
from designer.editor.conditions.words import row_words, sentence
from designer.editor.pathways.pages import questions_of
from renderer.definitions.rules import evaluate, truthy, variables

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {
    "decision": {
        "id": "decision",
        "type": "single_choice",
        "label": "Decision",
        "options": [
            {"id": "close", "label": "Close the case"},
            {"id": "plan", "label": "Make a plan"},
            {"id": "refer", "label": "Refer on"},
        ],
    },
    "worries": {
        "id": "worries",
        "type": "multiple_choice",
        "label": "Worries",
        "options": [{"id": "drugs", "label": "Drugs"}, {"id": "school", "label": "School"}],
    },
    "seen": {"id": "seen", "type": "yes_no", "label": "Child seen?"},
    "age": {"id": "age", "type": "number", "label": "Age"},
    "visit": {"id": "visit", "type": "date", "label": "Date of the visit"},
    "note": {"id": "note", "type": "long_text", "label": "Note"},
    "plan": {"id": "plan", "type": "safety_plan", "label": "Safety plan"},
}


@pytest.mark.parametrize(
    ("row", "rule", "words"),
    [
        (Row("seen", "equals", "no"), {"==": [{"var": "seen"}, "no"]}, "‘Child seen?’ is ‘No’"),
        (
            Row("decision", "not_equals", "Close the case"),  # a label is read as its id
            {"!=": [{"var": "decision"}, "close"]},
            "‘Decision’ is not ‘Close the case’",
        ),
        (
            Row("decision", "one_of", values=["close", "refer"]),
            {"in": [{"var": "decision"}, ["close", "refer"]]},
            "‘Decision’ is ‘Close the case’ or ‘Refer on’",
        ),
        (
            Row("decision", "not_one_of", values=["close", "refer"]),
            {"!": {"in": [{"var": "decision"}, ["close", "refer"]]}},
            "‘Decision’ is neither ‘Close the case’ nor ‘Refer on’",
        ),
        (
            Row("worries", "includes", "drugs"),
            {"in": ["drugs", {"var": "worries"}]},
            "‘Worries’ includes ‘Drugs’",
        ),
        (
            Row("worries", "not_includes", "drugs"),
            {"!": {"in": ["drugs", {"var": "worries"}]}},
            "‘Worries’ does not include ‘Drugs’",
        ),
        (Row("age", "more_than", "12"), {">": [{"var": "age"}, 12]}, "‘Age’ is more than 12"),
        (Row("age", "at_most", "2.5"), {"<=": [{"var": "age"}, 2.5]}, "‘Age’ is at most 2.5"),
        (
            Row("visit", "less_than", "2026-3-1"),
            {"<": [{"var": "visit"}, "2026-03-01"]},
            "‘Date of the visit’ is before 1 March 2026",
        ),
        (
            Row("visit", "at_least", other="today"),
            {">=": [{"var": "visit"}, {"var": "today"}]},
            "‘Date of the visit’ is on or after today",
        ),
        (Row("note", "answered"), {"!!": [{"var": "note"}]}, "‘Note’ is answered"),
        (Row("plan", "not_answered"), {"!": {"var": "plan"}}, "‘Safety plan’ is not answered"),
    ],
)
def test_each_comparison_builds_parses_back_and_reads_as_a_sentence(row, rule, words):
    assert to_logic([row], "all", FIELDS) == rule
    rows, combine = editable_rows(rule, FIELDS)
    assert combine == "all" and to_logic(rows, combine, FIELDS) == rule
    assert row_words(rows[0], FIELDS) == words
    assert sentence(rule, FIELDS) == words


def test_groups_all_any_and_none():
    rows = [Row("decision", "one_of", values=["close", "refer"]), Row("age", "less_than", "5")]
    terms = [
        {"in": [{"var": "decision"}, ["close", "refer"]]},
        {"<": [{"var": "age"}, 5]},
    ]
    assert to_logic(rows, "all", FIELDS) == {"and": terms}
    assert to_logic(rows, "any", FIELDS) == {"or": terms}
    assert to_logic(rows, "none", FIELDS) == {"!": {"or": terms}}
    for combine in ("all", "any", "none"):
        assert from_logic(to_logic(rows, combine, FIELDS), FIELDS) == (rows, combine)
    assert sentence({"or": terms}, FIELDS) == (
        "‘Decision’ is ‘Close the case’ or ‘Refer on’ or ‘Age’ is less than 5"
    )
    assert sentence({"!": {"or": terms}}, FIELDS).startswith("none of these is true: ")
    assert to_logic([Row(), Row()], "all", FIELDS) is None  # empty rows are ignored


def test_a_comparison_that_does_not_fit_the_question_is_refused_next_to_its_input():
    cases = [
        (Row("seen", "more_than", "yes"), "comparison", "Choose a comparison that fits"),
        (Row("decision", "equals", "Maybe"), "value", "Choose one of the answers: Close"),
        (Row("decision", "one_of"), "value", "Choose at least one answer"),
        (Row("age", "at_least", "twelve"), "value", "Enter a number to compare with, not"),
        (Row("visit", "more_than", "2026-02-30"), "value", "Enter a real date"),
        (Row("nobody", "equals", "x"), "field", "Choose a question from the list"),
        (Row("plan", "equals", "x"), "comparison", "Choose a comparison that fits"),
    ]
    for row, part, message in cases:
        with pytest.raises(ConditionError, match=message) as caught:
            to_logic([row], "all", FIELDS)
        assert caught.value.part == part, row


def test_what_the_builder_cannot_say_is_left_to_advanced_and_described_in_words():
    nested = {"and": [{"or": [{"var": "note"}, {"var": "age"}]}, {"var": "seen"}]}
    arithmetic = {">": [{"+": [{"var": "age"}, 1]}, 3]}
    text_number = {"==": [{"var": "age"}, "7"]}
    for rule in (nested, arithmetic, text_number):
        assert editable_rows(rule, FIELDS) is None, rule
    assert sentence(arithmetic, FIELDS) == 'the answer to "Age" plus 1 is more than 3'
    # Answers are named by their wording even in a rule the builder cannot say.
    worded = sentence({"if": [{"==": [{"var": "decision"}, "close"]}, True, False]}, FIELDS)
    assert "close" not in worded and "Close the case" in worded


def test_a_bare_question_in_a_group_reads_as_answered_and_means_the_same():
    rule = {"and": [{"var": "age"}, {"var": "note"}]}
    rows, combine = editable_rows(rule, FIELDS)
    assert [(r.field, r.comparison) for r in rows] == [("age", "answered"), ("note", "answered")]
    again = to_logic(rows, combine, FIELDS)
    for data in ({}, {"age": 3}, {"age": 3, "note": "x"}, {"age": 0, "note": "x"}):
        assert truthy(evaluate(again, data)) == truthy(evaluate(rule, data)), data


# -- every rule of the shipped library ---------------------------------------------


def _forms() -> dict[str, dict]:
    forms = {}
    for path in sorted((ROOT / "form_library").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text())
        forms[doc["id"]] = doc
    return forms


def _fields(doc: dict) -> dict[str, dict]:
    out = {}

    def walk(fields):
        for field in fields or []:
            out[field["id"]] = field
            walk(field.get("fields"))

    for section in doc["sections"]:
        walk(section["fields"])
    return out


def _library_rules():
    forms = _forms()
    for form_id, doc in forms.items():
        fields = _fields(doc)
        for field in fields.values():
            for key in ("show_if", "required_if"):
                if key in field:
                    yield f"{form_id}/{field['id']}/{key}", field[key], fields, True
    for path in sorted((ROOT / "pathways").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text())
        questions = questions_of(doc, forms, every=False)
        for item in doc.get("transitions") or []:
            if "when" in item:
                yield f"{path.stem}/{item['id']}", item["when"], questions, False
        for item in doc.get("triggers") or []:
            if "when" in (item.get("on") or {}):
                yield f"{path.stem}/{item['id']}", item["on"]["when"], questions, False


LIBRARY = list(_library_rules())


def _candidates(question: dict) -> list:
    kind = question.get("type")
    if kind == "yes_no":
        return [None, "yes", "no"]
    if kind == "multiple_choice":
        return [None, []] + [[o["id"]] for o in question["options"]]
    if question.get("options"):
        return [None] + [o["id"] for o in question["options"]]
    if kind == "number":
        return [None, 0, 2, 3]
    if kind == "date":
        return [None, "2020-01-01", "2030-01-01"]
    return [None, "", "some words"]


def _answer_sets(rule, fields: dict):
    """Rule data for every combination of candidate answers to the questions it reads,
    nested by stage for a pathway's "stage.question" names."""
    names = sorted(variables(rule) & set(fields))
    for values in product(*(_candidates(fields[n]) for n in names)):
        data: dict = {"today": "2026-06-01"}
        for name, value in zip(names, values, strict=True):
            stage, dot, field = name.partition(".")
            if dot:
                data.setdefault(stage, {})[field] = value
            else:
                data[name] = value
        yield data


def test_the_library_has_rules_of_every_shape_the_builder_says():
    shapes = {next(iter(rule)) for _, rule, _, _ in LIBRARY}
    assert {"==", "!=", "in", "!", "and"} <= shapes
    assert len(LIBRARY) > 150


@pytest.mark.parametrize(("where", "rule", "fields", "form"), LIBRARY, ids=[w for w, *_ in LIBRARY])
def test_every_shipped_rule_opens_in_the_builder_and_comes_back_unchanged(
    where, rule, fields, form
):
    parsed = editable_rows(rule, fields, allow_other=form)
    assert parsed is not None, f"{where} would open under Advanced"
    rows, combine = parsed
    again = to_logic(rows, combine, fields, allow_other=form)
    assert normal(again) == normal(rule)
    # And the same on answers: every combination of the answers it reads (and none).
    for data in islice(_answer_sets(rule, fields), 300):
        assert truthy(evaluate(again, data)) == truthy(evaluate(rule, data)), (where, data)
    text = sentence(rule, fields)
    assert "{" not in text and "var" not in text and "_" not in text, text

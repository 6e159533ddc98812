"""show_if, required_if, validations, calculations and section status."""

from __future__ import annotations

from renderer.screens import compile_form

from .conftest import TODAY, Page, compiled, html_of, make_form, raw_form

SHOWN_IF_YES = {"==": [{"var": "police_present"}, "yes"]}


def police_form():
    return compiled(
        {
            "id": "police_present",
            "type": "yes_no",
            "label": "Were the police there?",
            "required": True,
        },
        {
            "id": "officer",
            "type": "text",
            "label": "Officer's name",
            "show_if": SHOWN_IF_YES,
            "required_if": SHOWN_IF_YES,
        },
        {
            "id": "collar",
            "type": "text",
            "label": "Collar number",
            "pattern": "[0-9]+",
            "show_if": {"!!": [{"var": "officer"}]},
        },
        {
            "id": "why_absent",
            "type": "long_text",
            "label": "Why the police were absent",
            "show_if": {"==": [{"var": "police_present"}, "no"]},
        },
    )


def test_required_if_applies_only_when_shown():
    c = police_form()
    assert c.check({"police_present": "yes"}, today=TODAY) == {"officer": ["Enter officer's name"]}
    assert c.check({"police_present": "no"}, today=TODAY) == {}
    assert c.check({}, today=TODAY) == {
        "police_present": ["Select an answer to ‘Were the police there?’"]
    }


def test_hidden_answers_are_kept_and_their_errors_ignored():
    c = police_form()
    answers = {"police_present": "no", "officer": "PC Bad", "collar": "not a number"}
    assert c.check(answers, today=TODAY) == {}
    assert c.visible(answers, TODAY) == {"police_present", "why_absent"}
    posted = {"police_present": "no", "officer": "PC Bad", "collar": "not a number"}
    bound = c.bind("main", answers={}, formdata=posted, today=TODAY)
    assert bound.answers()["officer"] == "PC Bad"
    shown = {**answers, "police_present": "yes"}
    assert c.check(shown, today=TODAY) == {"collar": ["Collar number is not in the right format"]}


def test_a_field_hidden_earlier_counts_as_empty_for_later_rules():
    c = police_form()
    # officer is hidden, so collar (shown if officer is filled in) is hidden too
    assert "collar" not in c.visible({"police_present": "no", "officer": "PC"}, TODAY)
    assert "collar" in c.visible({"police_present": "yes", "officer": "PC"}, TODAY)


def test_hidden_fields_render_with_the_hidden_attribute_and_their_rules():
    c = police_form()
    page = Page(html_of(c, answers={"police_present": "no"}))
    assert "hidden" in page.wrappers["officer"]
    assert "hidden" not in page.wrappers["why_absent"]
    assert page.wrappers["officer"]["data-show-if"] == '{"==":[{"var":"police_present"},"yes"]}'
    assert page.wrappers["officer"]["data-required-if"] == page.wrappers["officer"]["data-show-if"]
    page = Page(html_of(c, answers={"police_present": "yes"}))
    assert "hidden" not in page.wrappers["officer"]


def test_validations_use_today_and_other_answers():
    c = compiled(
        {
            "id": "seen",
            "type": "date",
            "label": "Date seen",
            "validations": [
                {
                    "rule": {"<=": [{"var": "seen"}, {"var": "today"}]},
                    "message": "Enter a date that is today or in the past",
                },
            ],
        },
        {"id": "count", "type": "number", "label": "Count"},
        {
            "id": "children",
            "type": "number",
            "label": "Children",
            "validations": [
                {
                    "rule": {"<=": [{"var": "children"}, {"var": "count"}]},
                    "message": "Children cannot be more than the count",
                },
            ],
        },
    )
    assert c.check({"seen": "2026-11-24"}, today=TODAY) == {
        "seen": ["Enter a date that is today or in the past"]
    }
    assert c.check({"seen": "2026-11-23", "count": 2, "children": 3}, today=TODAY) == {
        "children": ["Children cannot be more than the count"]
    }
    assert c.check({"count": 2}, today=TODAY) == {}  # an empty optional field is valid
    # type errors come first: no validation message on top of "must be a real date"
    assert c.check({"seen": {"day": "40", "month": "1", "year": "2026"}}, today=TODAY) == {
        "seen": ["Date seen must be a real date"]
    }


def test_rules_inside_items_see_the_item():
    c = compiled(
        {
            "id": "people",
            "type": "repeating_group",
            "label": "People",
            "item_label": "person",
            "fields": [
                {"id": "full_name", "type": "text", "label": "Name", "required": True},
                {"id": "has_phone", "type": "yes_no", "label": "Has a phone?"},
                {
                    "id": "phone",
                    "type": "text",
                    "label": "Phone",
                    "show_if": {"==": [{"var": "has_phone"}, "yes"]},
                    "required_if": {"==": [{"var": "has_phone"}, "yes"]},
                    "validations": [
                        {
                            "rule": {"!=": [{"var": "phone"}, {"var": "full_name"}]},
                            "message": "Enter a phone number, not a name",
                        }
                    ],
                },
            ],
        }
    )
    items = [
        {"full_name": "A", "has_phone": "yes", "phone": None},
        {"full_name": "B", "has_phone": "no", "phone": "B"},
        {"full_name": "C", "has_phone": "yes", "phone": "C"},
    ]
    assert c.check({"people": items}, today=TODAY) == {
        "people-0-phone": ["Enter phone"],
        "people-2-phone": ["Enter a phone number, not a name"],
    }
    page = Page(html_of(c, answers={"people": items}))
    phone_wrappers = [a for t, a in page.elements if a.get("data-field") == "phone"]
    assert ["hidden" in a for a in phone_wrappers] == [False, True, False]


def test_calculations_feed_later_rules_and_are_shown():
    c = compiled(
        {"id": "a", "type": "number", "label": "A"},
        {"id": "b", "type": "number", "label": "B"},
        {
            "id": "total",
            "type": "calculated",
            "label": "Total",
            "calculation": {"+": [{"var": "a"}, {"var": "b"}]},
            "format": "number",
        },
        {
            "id": "why_high",
            "type": "long_text",
            "label": "Why so high",
            "show_if": {">": [{"var": "total"}, 10]},
            "required_if": {">": [{"var": "total"}, 10]},
        },
    )
    assert c.calculate({"a": 4, "b": 9}, TODAY) == {"total": 13}
    assert c.check({"a": 4, "b": 9}, today=TODAY) == {"why_high": ["Enter why so high"]}
    assert c.check({"a": 4, "b": 5}, today=TODAY) == {}
    page = Page(html_of(c, answers={"a": 4, "b": 9}))
    assert page.wrappers["total"]["data-calculation"] == '{"+":[{"var":"a"},{"var":"b"}]}'
    assert "13" in html_of(c, answers={"a": 4, "b": 9})


def test_a_broken_rule_never_blocks_recording():
    c = compile_form(
        raw_form(
            {"id": "x", "type": "text", "label": "X"},
            {
                "id": "y",
                "type": "text",
                "label": "Y",
                "show_if": {"frobnicate": [1]},
                "required_if": {"method": [{"var": "x"}, "upper"]},
                "validations": [{"rule": {"nope": []}, "message": "Never shown"}],
            },
        )
    )
    assert c.visible({"x": "1"}, TODAY) == {"x", "y"}
    assert c.check({"x": "1"}, today=TODAY) == {}
    assert c.check({"x": "1", "y": "2"}, today=TODAY) == {}


def test_section_status():
    form = make_form(
        sections=[
            {
                "id": "one",
                "title": "One",
                "fields": [
                    {"id": "full_name", "type": "text", "label": "Name", "required": True},
                    {"id": "age", "type": "number", "label": "Age"},
                ],
            },
            {
                "id": "two",
                "title": "Two",
                "fields": [
                    {"id": "notes", "type": "long_text", "label": "Notes"},
                    {
                        "id": "decision",
                        "type": "manager_authorisation",
                        "label": "Decision",
                        "required": True,
                    },
                ],
            },
        ]
    )
    c = compile_form(form)
    assert c.section_status("one", {}, today=TODAY) == "not_started"
    assert c.section_status("one", {"age": 3}, today=TODAY) == "in_progress"
    assert c.section_status("one", {"full_name": "A", "age": "x"}, today=TODAY) == "in_progress"
    assert c.section_status("one", {"full_name": "A"}, today=TODAY) == "completed"
    assert c.section_status("two", {"notes": "n"}, today=TODAY) == "completed"
    assert [s.id for s in c.sections] == ["one", "two"]
    assert c.sections[0].field_ids == ("full_name", "age")
    assert c.check({"full_name": "A", "age": "x"}, section_id="two", today=TODAY) == {}


def test_check_answers_rows_are_human_readable():
    c = compiled(
        {"id": "dob", "type": "date", "label": "Date of birth"},
        {
            "id": "colour",
            "type": "single_choice",
            "label": "Colour",
            "options": [{"id": "red", "label": "Red"}, {"id": "blue", "label": "Deep blue"}],
        },
        {"id": "who", "type": "person", "label": "Who", "multiple": True},
        {
            "id": "safe",
            "type": "scale",
            "label": "Safety",
            "raters": ["worker"],
            "anchors": {"zero": "Unsafe", "ten": "Safe"},
        },
        {
            "id": "hidden_one",
            "type": "text",
            "label": "Hidden",
            "show_if": {"==": [{"var": "colour"}, "red"]},
        },
        {"id": "skipped", "type": "text", "label": "Skipped"},
    )
    answers = {
        "dob": "2026-03-12",
        "colour": "blue",
        "who": ["p2", "p1"],
        "hidden_one": "kept",
        "safe": {"ratings": [{"rater": "worker", "score": 6, "why": "Better", "next_step": None}]},
    }
    [(section, rows)] = c.check_answers_rows(answers, [("p1", "Alice"), ("p2", "Bob")], today=TODAY)
    assert section.id == "main"
    assert rows == [
        ("Date of birth", "12 March 2026", "dob"),
        ("Colour", "Deep blue", "colour"),
        ("Who", "Bob\nAlice", "who"),
        ("Safety", "6 out of 10 (worker): Better", "safe"),
        ("Skipped", "", "skipped"),
    ]

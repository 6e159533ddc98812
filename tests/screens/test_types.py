"""Every field type: render, read posted form data, round-trip, and type checks."""

from __future__ import annotations

import pytest

from renderer.definitions import field_types
from renderer.screens import REGISTRY

from .conftest import PEOPLE, TODAY, Page, compiled, html_of, post_from_html

OPTIONS = [{"id": "red", "label": "Red"}, {"id": "green", "label": "Green", "hint": "Like grass"}]
MANY = [{"id": f"o{i}", "label": f"Option {i}"} for i in range(12)]

# (field definition, a non-empty answer in the language's JSON shape)
CASES = [
    ({"type": "text", "label": "Name"}, "Ann Other"),
    ({"type": "long_text", "label": "Story"}, "Line one\nLine two"),
    ({"type": "long_text", "label": "Short story", "max_length": 100}, "Brief"),
    ({"type": "number", "label": "Count", "integer": True}, 12),
    ({"type": "number", "label": "Weight"}, 3.5),
    ({"type": "date", "label": "Date of birth"}, "2019-03-12"),
    ({"type": "yes_no", "label": "Agreed?"}, "no"),
    ({"type": "single_choice", "label": "Colour", "options": OPTIONS}, "green"),
    ({"type": "single_choice", "label": "Many", "options": MANY}, "o11"),
    (
        {
            "type": "multiple_choice",
            "label": "Colours",
            "options": OPTIONS + [{"id": "no_colour", "label": "None of these"}],
            "exclusive_option": "no_colour",
        },
        ["red", "green"],
    ),
    ({"type": "person", "label": "Who"}, "p2"),
    ({"type": "person", "label": "Who else", "multiple": True}, ["p1", "p3"]),
    (
        {
            "type": "repeating_group",
            "label": "Actions",
            "item_label": "action",
            "fields": [
                {"id": "what", "type": "text", "label": "What"},
                {"id": "by_when", "type": "date", "label": "By when"},
                {"id": "done", "type": "yes_no", "label": "Done?"},
                {"id": "owner", "type": "person", "label": "Owner"},
            ],
        },
        [
            {"what": "Visit", "by_when": "2026-12-01", "done": "no", "owner": "p1"},
            {"what": "Call school", "by_when": None, "done": None, "owner": None},
        ],
    ),
    (
        {"type": "statement_list", "label": "Harm", "prompt": "What happened"},
        [{"statement": "He hit her", "who_said": "Child", "when": "2026-10-01", "source": None}],
    ),
    (
        {
            "type": "scale",
            "label": "How safe",
            "anchors": {"zero": "Unsafe", "ten": "Safe"},
            "raters": ["worker", "parent"],
        },
        {
            "ratings": [
                {"rater": "worker", "score": 6, "why": "Plan kept", "next_step": "More visits"},
                {"rater": "parent", "score": 0, "why": "Scared", "next_step": None},
            ]
        },
    ),
    (
        {"type": "danger_statement", "label": "Danger"},
        [
            {
                "who_is_worried": "Social worker",
                "behaviour": "Drinking",
                "what_could_happen": "Injury",
                "impact_on_child": "Fear",
                "disagreements": None,
            }
        ],
    ),
    (
        {"type": "safety_goal", "label": "Goals"},
        [
            {
                "parents_will": "Stay sober",
                "child_will_experience": "Calm",
                "professionals_will_see": "Clean tests",
                "for_how_long": "Six months",
            }
        ],
    ),
    (
        {"type": "safety_plan", "label": "Plan"},
        {
            "rules": [{"rule": "No drinking", "who_makes_sure": "Gran", "phone": "07700 900123"}],
            "red_flags": ["Shouting", "Empty bottles"],
            "monitoring": "Weekly visits",
        },
    ),
    (
        {"type": "childs_words", "label": "Child's words"},
        {
            "variant": "three_houses",
            "worries": "Shouting",
            "good_things": "My cat",
            "dreams": "A dog",
            "facilitated_by": "Social worker",
            "consent_to_share": "yes",
        },
    ),
]
IDS = [f"{c[0]['type']}-{i}" for i, c in enumerate(CASES)]


def _field(definition: dict, field_id: str = "answer") -> dict:
    return {"id": field_id, **definition}


def test_every_language_type_has_a_screen_type():
    assert set(field_types()) <= set(REGISTRY)


@pytest.mark.parametrize(("definition", "answer"), CASES, ids=IDS)
def test_round_trip_through_the_rendered_page(definition, answer):
    """answers -> HTML -> what the browser posts -> answers: identical."""
    c = compiled(_field(definition))
    html = html_of(c, answers={"answer": answer}, people=PEOPLE)
    posted = post_from_html(html)
    bound = c.bind("main", answers={}, formdata=posted, people=PEOPLE, today=TODAY)
    assert bound.answers() == {"answer": answer}
    assert c.check({"answer": answer}, today=TODAY, people=PEOPLE) == {}


@pytest.mark.parametrize(("definition", "answer"), CASES, ids=IDS)
def test_empty_page_posts_nothing_and_required_errors(definition, answer):
    c = compiled(_field({**definition, "required": True}))
    posted = post_from_html(html_of(c, people=PEOPLE))
    bound = c.bind("main", answers={}, formdata=posted, people=PEOPLE, today=TODAY)
    assert bound.answers() == {"answer": None}
    errors = c.check(bound.answers(), today=TODAY)
    assert list(errors) == ["answer"]
    message = errors["answer"][0]
    assert message.split()[0] in {"Enter", "Select", "Add", "Give"}, message


@pytest.mark.parametrize(("definition", "answer"), CASES, ids=IDS)
def test_wtforms_field_carries_the_answer(definition, answer):
    c = compiled(_field(definition))
    bound = c.bind("main", answers={"answer": answer}, people=PEOPLE, today=TODAY)
    assert bound.field("answer").data == answer
    assert bound.field("answer").name == "answer"
    assert bound.form.data == {"f__answer": answer}


def bind_post(definition, formdata, **kwargs):
    c = compiled(_field(definition))
    kwargs.setdefault("people", PEOPLE)
    return c, c.bind(
        "main", answers=kwargs.pop("answers", {}), formdata=formdata, today=TODAY, **kwargs
    ).answers()["answer"]


def errors_for(definition, answer, **kwargs):
    c = compiled(_field(definition))
    return c.check({"answer": answer}, today=TODAY, **kwargs).get("answer")


def test_text_is_trimmed_and_checked():
    d = {"type": "text", "label": "Reference", "max_length": 5, "pattern": "[A-Z]{2}[0-9]+"}
    assert bind_post(d, {"answer": "  AB12 "})[1] == "AB12"
    assert bind_post(d, {"answer": "   "})[1] is None
    assert errors_for(d, "AB123456") == ["Reference must be 5 characters or less"]
    assert errors_for(d, "ab1") == ["Reference is not in the right format"]
    assert errors_for(d, "AB1") is None


def test_long_text_counts_like_the_browser():
    d = {"type": "long_text", "label": "Notes", "max_length": 4}
    assert bind_post(d, {"answer": "a\r\nb"})[1] == "a\nb"  # 3 characters, as in the browser
    assert errors_for(d, "a\nbc") is None
    assert errors_for(d, "😀😀😀") == ["Notes must be 4 characters or less"]  # 6 UTF-16 units


def test_number_keeps_what_was_typed():
    d = {"type": "number", "label": "Age", "min": 0, "max": 17, "integer": True}
    assert bind_post(d, {"answer": "1,2"})[1] == 12
    assert bind_post(d, {"answer": "twelve"})[1] == "twelve"
    assert errors_for(d, "twelve") == ["Age must be a number"]
    assert errors_for(d, 2.5) == ["Age must be a whole number"]
    assert errors_for(d, 18) == ["Age must be between 0 and 17"]
    assert errors_for({"type": "number", "label": "Hours", "min": 1}, 0) == [
        "Hours must be 1 or more"
    ]
    c = compiled(_field(d))
    assert 'value="twelve"' in html_of(c, answers={"answer": "twelve"})


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"day": "12", "month": "", "year": "2026"}, "Date of birth must include a month"),
        ({"day": "", "month": "", "year": "2026"}, "Date of birth must include a day and month"),
        ({"day": "31", "month": "2", "year": "2026"}, "Date of birth must be a real date"),
        ({"day": "1", "month": "2", "year": "26"}, "Date of birth year must include 4 numbers"),
    ],
)
def test_partial_dates_are_kept_with_an_error(typed, message):
    d = {"type": "date", "label": "Date of birth"}
    posted = {f"answer-{k}": v for k, v in typed.items()}
    c, answer = bind_post(d, posted)
    assert answer == typed
    assert c.check({"answer": answer}, today=TODAY) == {"answer": [message]}
    html = html_of(c, answers={"answer": answer}, errors={"answer": [message]})
    page = Page(html)
    values = {i["name"]: i.get("value") for i in page.inputs if i.get("name", "").startswith("a")}
    assert values == {f"answer-{k}": v for k, v in typed.items()}
    assert message in html


def test_dates_parse_month_names_and_check_order():
    d = {"type": "date", "label": "Start date"}
    assert (
        bind_post(d, {"answer-day": "3", "answer-month": "March", "answer-year": "2026"})[1]
        == "2026-03-03"
    )
    future = {"type": "date", "label": "Visit date", "not_in_future": True}
    assert errors_for(future, "2026-11-24") == ["Visit date must be today or in the past"]
    assert errors_for(future, "2026-11-23") is None
    c = compiled(
        {"id": "start", "type": "date", "label": "Start date"},
        {"id": "end", "type": "date", "label": "End date", "not_before_field": "start"},
    )
    errors = c.check({"start": "2026-05-02", "end": "2026-05-01"}, today=TODAY)
    assert errors == {"end": ["End date must be the same as or after start date"]}


def test_choices_reject_unknown_options_and_lone_exclusive():
    d = CASES[9][0]
    assert errors_for(d, ["red", "no_colour"]) == [
        "Select ‘None of these’ on its own, or untick it"
    ]
    assert errors_for(d, ["purple"]) == ["Select from the options for colours"]
    assert errors_for(CASES[7][0], "purple") == ["Select one of the options for colour"]
    assert bind_post(d, {"answer": ["green", "red", "red"]})[1] == ["red", "green"]
    html = html_of(compiled(_field(d)))
    assert 'data-behaviour="exclusive"' in html and "govuk-checkboxes__divider" in html


def test_single_choice_uses_a_select_for_long_lists():
    html = html_of(compiled(_field(CASES[8][0])), answers={"answer": "o3"})
    assert "<select" in html and "govuk-radios" not in html
    assert "<select" not in html_of(compiled(_field(CASES[7][0])))


def test_person_lists_people_filtered_by_role_and_keeps_departed_people():
    d = {"type": "person", "label": "Parent", "roles": ["parent"]}
    c = compiled(_field(d))
    page = Page(html_of(c, people=PEOPLE))
    values = [i["value"] for i in page.inputs if i.get("name") == "answer"]
    assert values == ["p1", "p3"]  # p3 has no role given, so it is offered
    html = html_of(c, answers={"answer": "gone"}, people=PEOPLE)
    assert "Someone no longer on this case" in html
    assert c.check({"answer": "gone"}, today=TODAY, people=PEOPLE) == {
        "answer": ["Select parent from the people on this case"]
    }
    assert c.check({"answer": "gone"}, today=TODAY) == {}
    assert "No people have been added" in html_of(c, people=[])


def test_file_answer_is_kept_removed_and_checked():
    d = {"type": "file", "label": "Ecomap", "accept": ["pdf", "png"], "max_mb": 1}
    ref = {"file_id": "f1", "name": "map.pdf", "bytes": 2048}
    c, answer = bind_post(d, {}, answers={"answer": ref})
    assert answer == ref
    assert bind_post(d, {"answer-remove": "yes"}, answers={"answer": ref})[1] is None
    assert c.check_upload("answer", "photo.gif", 10) == ["The selected file must be a PDF or PNG"]
    assert c.check_upload("answer", "big.PDF", 2 * 1024 * 1024) == [
        "The selected file must be smaller than 1MB"
    ]
    assert errors_for(d, {**ref, "name": "x.exe"}) == ["The selected file must be a PDF or PNG"]
    html = html_of(c, answers={"answer": ref})
    assert 'accept=".pdf,.png"' in html and "map.pdf" in html
    assert c.bind("main", answers={}).multipart is True


def test_manager_authorisation_is_read_only_unless_allowed():
    d = {"type": "manager_authorisation", "label": "Manager's decision", "required": True}
    stamped = {"decision": "approve", "comments": None, "manager": "M Lee", "date": "2026-11-20"}
    post = {"answer-decision": "return", "answer-comments": "Add the school's view"}
    assert bind_post(d, post, answers={"answer": stamped})[1] == stamped
    _, answer = bind_post(d, post, answers={"answer": stamped}, can_authorise=True)
    assert answer == {
        "decision": "return",
        "comments": "Add the school's view",
        "manager": "M Lee",
        "date": "2026-11-20",
    }
    c = compiled(_field(d))
    read_only = Page(html_of(c, answers={"answer": stamped}))
    assert not [i for i in read_only.inputs if i.get("name", "").startswith("answer")]
    assert "20 November 2026" in html_of(c, answers={"answer": stamped})
    editable = Page(html_of(c, answers={"answer": stamped}, can_authorise=True))
    assert {"answer-decision", "answer-comments"} <= editable.names()
    assert c.check({}, today=TODAY) == {}  # the practitioner is not asked for it
    assert c.check({}, today=TODAY, authorising=True) == {
        "answer": ["Select whether you approve this or return it for changes"]
    }
    returned = {"decision": "return", "comments": None}
    assert c.check({"answer": returned}, today=TODAY, authorising=True) == {
        "answer-comments": ["Enter what needs to change"]
    }


def test_guidance_and_calculated_have_no_answers():
    c = compiled(
        {"id": "note", "type": "guidance", "text": "Read this first."},
        {"id": "n", "type": "number", "label": "N"},
        {
            "id": "double",
            "type": "calculated",
            "label": "Double",
            "calculation": {"*": [{"var": "n"}, 2]},
            "format": "number",
        },
    )
    bound = c.bind("main", answers={"n": 2100}, today=TODAY)
    assert bound.answers() == {"n": 2100}
    html = render = html_of(c, answers={"n": 2100})
    assert "Read this first." in render and "4,200" in html
    assert 'data-calculation="{&#34;*&#34;:[{&#34;var&#34;:&#34;n&#34;},2]}"' in html
    assert c.calculate({"n": 2100}, TODAY) == {"double": 4200}
    assert c.calculate({}, TODAY) == {"double": None}  # null * 2 is NaN in json-logic-js
    assert "Not worked out yet" in html_of(c)

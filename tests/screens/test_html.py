"""HTML safety and naming: escaping, reserved ids, add another/remove without JavaScript."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment

from renderer.screens import (
    AnswerField,
    compile_form,
    template_loader,
)

from .conftest import PEOPLE, TODAY, Page, compiled, html_of, post_from_html, raw_form

HOSTILE = "<script>alert(1)</script>"


def test_definition_text_is_escaped_everywhere(env):
    c = compiled(
        {"id": "intro", "type": "guidance", "text": HOSTILE},
        {"id": "a", "type": "text", "label": HOSTILE, "hint": HOSTILE, "required": True},
        {
            "id": "b",
            "type": "single_choice",
            "label": HOSTILE,
            "options": [{"id": "x", "label": HOSTILE, "hint": HOSTILE}, {"id": "y", "label": "Y"}],
        },
        {
            "id": "c",
            "type": "repeating_group",
            "label": HOSTILE,
            "item_label": HOSTILE,
            "fields": [{"id": "d", "type": "date", "label": HOSTILE}],
        },
        {
            "id": "e",
            "type": "scale",
            "label": HOSTILE,
            "anchors": {"zero": HOSTILE, "ten": HOSTILE},
        },
        {"id": "f", "type": "calculated", "label": HOSTILE, "calculation": {"var": "a"}},
        {"id": "g", "type": "manager_authorisation", "label": HOSTILE},
    )
    answers = {"a": HOSTILE, "g": {"decision": "return", "comments": HOSTILE}}
    errors = {"a": [HOSTILE]}
    html = html_of(c, answers=answers, errors=errors, people=[("p1", HOSTILE)])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    rows = c.check_answers_rows(answers, today=TODAY)
    out = env.from_string(
        '{% from "screens/section.html" import check_answers, error_summary %}'
        "{{ check_answers(rows) }}{{ error_summary(errors) }}"
    ).render(rows=rows, errors=errors)
    assert "<script>" not in out and "&lt;script&gt;" in out


@pytest.mark.parametrize(
    "field_id",
    [
        "data",
        "errors",
        "meta",
        "validate",
        "process",
        "populate_obj",
        "form",
        "label",
        "name",
        "type",
        "id",
        "widget",
        "raw_data",
        "default",
        "filters",
        "flags",
        "self",
        "submit",
    ],
)
def test_wtforms_attribute_names_as_field_ids_break_nothing(field_id):
    c = compile_form(
        raw_form(
            {"id": field_id, "type": "text", "label": "Tricky", "required": True},
            {"id": "other", "type": "yes_no", "label": "Other"},
        )
    )
    bound = c.bind("main", answers={}, formdata={field_id: "typed", "other": "yes"}, today=TODAY)
    assert bound.answers() == {field_id: "typed", "other": "yes"}
    assert isinstance(bound.field(field_id), AnswerField)
    assert bound.form.data == {f"f__{field_id}": "typed", "f__other": "yes"}
    assert bound.form.validate()  # WTForms' own machinery still works
    assert c.check({}, today=TODAY) == {field_id: ["Enter tricky"]}
    page = Page(html_of(c, answers=bound.answers()))
    assert {field_id, "other"} <= page.names()


@pytest.mark.parametrize("field_id", ["csrf_token", "bad-id", "Caps", "_hidden", "x y"])
def test_an_id_that_cannot_be_an_html_name_is_refused(field_id):
    with pytest.raises(ValueError, match="cannot be used as an HTML name"):
        compile_form(raw_form({"id": field_id, "type": "text", "label": "X"}))


def test_add_another_and_remove_without_javascript():
    c = compiled(
        {
            "id": "actions",
            "type": "repeating_group",
            "label": "Next steps",
            "item_label": "action",
            "max_items": 3,
            "fields": [
                {"id": "what", "type": "text", "label": "What"},
                {"id": "due", "type": "date", "label": "Due"},
            ],
        }
    )
    html = html_of(c)
    posted = post_from_html(html)
    assert posted == {
        "_section": ["main"],
        "actions-0-_item": ["1"],
        "actions-0-what": [""],
        "actions-0-due-day": [""],
        "actions-0-due-month": [""],
        "actions-0-due-year": [""],
    }
    # press "Add another action" after typing into the first item
    posted.update({"actions-0-what": ["Visit"], "_action": ["add:actions"]})
    bound = c.bind("main", answers={}, formdata=posted, today=TODAY)
    assert bound.answers() == {"actions": [{"what": "Visit", "due": None}]}
    assert bound.extra_items() == {"actions": 1}
    html = html_of(c, answers=bound.answers(), extra_items=bound.extra_items())
    page = Page(html)
    assert {"actions-0-what", "actions-1-what"} <= page.names()
    # add again with the second item still blank: two blank items now
    posted = post_from_html(html)
    posted["_action"] = ["add:actions"]
    bound = c.bind("main", answers={}, formdata=posted, today=TODAY)
    assert bound.extra_items() == {"actions": 2}
    html = html_of(c, answers=bound.answers(), extra_items=bound.extra_items())
    assert "Add another action" not in html  # three items shown: the maximum
    # fill the third, remove the first
    posted = post_from_html(html)
    posted.update({"actions-2-what": ["Call"], "_action": ["remove:actions:0"]})
    bound = c.bind("main", answers={}, formdata=posted, today=TODAY)
    assert bound.answers() == {"actions": [{"what": "Call", "due": None}]}
    assert bound.extra_items() == {"actions": 1}  # the blank middle item stays on the page


def test_moj_templates_let_the_browser_renumber_items():
    c = compiled(
        {
            "id": "people",
            "type": "repeating_group",
            "label": "People",
            "item_label": "person",
            "fields": [
                {"id": "who", "type": "person", "label": "Who"},
                {"id": "born", "type": "date", "label": "Born"},
            ],
        }
    )
    page = Page(html_of(c, answers={"people": [{"who": "p1", "born": None}]}, people=PEOPLE))
    by_name = {i["name"]: i for i in page.inputs if i.get("type") != "radio"}
    assert by_name["people-0-born-day"]["data-name"] == "people-%index%-born-day"
    assert by_name["people-0-born-day"]["data-id"] == "people-%index%-born"
    radios = [i for i in page.inputs if i.get("type") == "radio"]
    assert [r["data-id"] for r in radios] == [
        "people-%index%-who",
        "people-%index%-who-2",
        "people-%index%-who-3",
    ]
    assert [r["id"] for r in radios] == ["people-0-who", "people-0-who-2", "people-0-who-3"]
    roots = [a for t, a in page.elements if a.get("data-module") == "moj-add-another"]
    assert len(roots) == 1


def test_the_first_submit_button_saves():
    c = compiled(
        {
            "id": "steps",
            "type": "repeating_group",
            "label": "Steps",
            "fields": [{"id": "what", "type": "text", "label": "What"}],
        }
    )
    page = Page(html_of(c, answers={"steps": [{"what": "a"}, {"what": "b"}]}))
    buttons = [a for t, a in page.elements if t == "button"]
    assert buttons[0]["value"] == "save"
    assert [b["value"] for b in buttons[1:]] == ["remove:steps:0", "remove:steps:1", "add:steps"]


def test_errors_are_shown_inline_and_on_the_wtforms_field():
    c = compiled({"id": "when", "type": "date", "label": "Date of visit", "required": True})
    errors = c.check({"when": {"day": "1", "month": "", "year": "2026"}}, today=TODAY)
    bound = c.bind(
        "main",
        answers={"when": {"day": "1", "month": "", "year": "2026"}},
        errors=errors,
        today=TODAY,
    )
    assert bound.field("when").errors == ["Date of visit must include a month"]
    html = html_of(c, answers={"when": {"day": "1", "month": "", "year": "2026"}}, errors=errors)
    assert "govuk-form-group--error" in html and "Date of visit must include a month" in html
    assert 'id="when"' in html  # the day input: where the error summary link goes


def test_template_loader_and_section_form_for_the_flask_layer(env):
    loader = template_loader()
    assert "screens/section.html" in loader.list_templates()

    c = compiled({"id": "upload", "type": "file", "label": "Upload"})
    bound = c.bind("main", answers={}, today=TODAY)
    html = env.from_string(
        '{% from "screens/section.html" import section_form %}'
        '{{ section_form(bound, "/save", csrf="TOKEN") }}'
    ).render(bound=bound)
    assert 'name="csrf_token" value="TOKEN"' in html
    assert 'enctype="multipart/form-data"' in html and 'action="/save"' in html


def test_templates_do_not_use_safe_on_definition_text():
    source = template_loader().get_source(
        Environment(loader=DictLoader({})), "screens/section.html"
    )[0]
    assert "| safe" not in source and "|safe" not in source


def test_a_partial_post_only_changes_what_was_posted():
    c = compiled(
        {"id": "note", "type": "text", "label": "Note"},
        {
            "id": "tags",
            "type": "multiple_choice",
            "label": "Tags",
            "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
        },
    )
    saved = {"note": "kept", "tags": ["a"]}
    # an autosave that posts one field leaves the others alone
    partial = c.bind("main", answers=saved, formdata={"note": "changed"}, today=TODAY)
    assert partial.answers() == {"note": "changed", "tags": ["a"]}
    # the whole page (with its _section marker) posted with no box ticked clears them
    whole = c.bind("main", answers=saved, formdata={"_section": "main", "note": "x"}, today=TODAY)
    assert whole.answers() == {"note": "x", "tags": None}
    # an autosave of one field whose boxes were all unticked names it with "_field"
    untick = c.bind("main", answers=saved, formdata={"_field": ["tags"]}, today=TODAY)
    assert untick.answers() == {"note": "kept", "tags": None}


def test_screens_never_import_flask_casework_or_the_designer():
    import ast
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "renderer" / "screens"
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                root = name.split(".")[0]
                assert root not in {"flask", "flask_wtf", "casework", "designer"}, (path, name)


def test_blank_items_asked_for_are_bounded():
    c = compiled(
        {
            "id": "steps",
            "type": "repeating_group",
            "label": "Steps",
            "max_items": 4,
            "fields": [{"id": "what", "type": "text", "label": "What"}],
        }
    )
    page = Page(html_of(c, answers={"steps": [{"what": "a"}]}, extra_items={"steps": 999}))
    assert len([n for n in page.names() if n.endswith("-what")]) == 4
    unbounded = compiled(
        {
            "id": "steps",
            "type": "repeating_group",
            "label": "Steps",
            "fields": [{"id": "what", "type": "text", "label": "What"}],
        }
    )
    page = Page(html_of(unbounded, extra_items={"steps": 10**9}))
    assert len([n for n in page.names() if n.endswith("-what")]) == 20

"""Answers to choose from, edited as lines: the family's wording after a second | sign,
and an option's hint (not edited on this page) kept rather than lost on saving."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from designer.editor.forms import properties

OLD = {
    "id": "outcome",
    "type": "single_choice",
    "label": "Outcome",
    "options": [
        {"id": "conference", "label": "Hold a conference", "hint": "Within 15 working days"},
        {"id": "nfa", "label": "No further action"},
    ],
}


def save(options_text: str):
    data = MultiDict({"type": "single_choice", "label": "Outcome", "options": options_text})
    return properties.field_from_form(data, OLD, {"outcome": OLD})


def test_the_family_wording_is_read_after_a_second_bar_and_hints_are_kept():
    field, errors = save(
        "conference | Hold a conference | We will meet to plan how to keep your child safe\n"
        "nfa | No further action\n"
        "Support as a child in need"
    )
    assert errors == {}
    assert field["options"] == [
        {
            "id": "conference",
            "label": "Hold a conference",
            "hint": "Within 15 working days",
            "family_label": "We will meet to plan how to keep your child safe",
        },
        {"id": "nfa", "label": "No further action"},
        {"id": "support_as_a_child_in_need", "label": "Support as a child in need"},
    ]


def test_the_lines_shown_are_the_lines_saved():
    field, _ = save("conference | Hold a conference | We will meet about your child\nnfa | No")
    shown = properties.options_text(field["options"])
    assert shown == "conference | Hold a conference | We will meet about your child\nnfa | No"
    again, errors = save(shown)
    assert errors == {} and again == field


def test_an_answer_with_an_id_but_no_wording_is_refused_with_the_line():
    _, errors = save("conference |\nnfa | No further action")
    assert errors["options"] == "Write the answer's wording after the | sign on 'conference |'"

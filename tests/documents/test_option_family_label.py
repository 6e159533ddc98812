"""An option can carry the family's wording apart from the practitioner's.

A practitioner records a legal step ("significant harm: hold an initial child protection
conference"); the family reads what it means for them. The option's family_label is
what the family document shows and what the plain-language check reads."""

from __future__ import annotations

from datetime import date

import yaml

from renderer.definitions.loader import check_form_file
from renderer.definitions.serialise import dump_definition
from renderer.documents import make_document

from .test_content import PEOPLE, form

LEGAL = (
    "Concerns are substantiated and the child is likely to suffer significant harm: "
    "hold an initial child protection conference"
)
PLAIN = "We found evidence for the worries. We will hold a meeting about keeping Ruby safe."

OUTCOME = {
    "id": "outcome",
    "type": "single_choice",
    "label": "Outcome of the enquiry",
    "options": [
        {"id": "conference", "label": LEGAL, "family_label": PLAIN},
        {"id": "no_further_action", "label": "No further action"},
    ],
}
HELP = {
    "id": "help",
    "type": "multiple_choice",
    "label": "Help offered",
    "options": [
        {"id": "fgc", "label": "Family group conference", "family_label": "A family meeting"},
        {"id": "parenting", "label": "Parenting programme"},
    ],
}


def _document(answers, audience):
    return make_document(
        form([OUTCOME, HELP]), answers, PEOPLE, audience=audience, today=date(2026, 11, 23)
    )


def test_the_family_reads_the_family_wording_and_professionals_the_legal_step():
    answers = {"outcome": "conference", "help": ["fgc", "parenting"]}
    family = _document(answers, "family").html
    professional = _document(answers, "professional").html
    assert PLAIN in family and "significant harm" not in family
    assert "A family meeting" in family and "Parenting programme" in family
    assert "Family group conference" not in family
    assert "significant harm" in professional and PLAIN not in professional
    assert "Family group conference" in professional


def test_options_without_a_family_wording_read_the_same_for_everyone():
    answers = {"outcome": "no_further_action"}
    assert "No further action" in _document(answers, "family").html
    assert "No further action" in _document(answers, "professional").html


def _warnings_for(tmp_path, options) -> list:
    data = {
        "id": "t",
        "version": 1,
        "title": "Test form",
        "purpose": "For the tests of family wording on options.",
        "owner": "Tests working group",
        "summary_for_family": "We met to talk about keeping Ruby safe.",
        "sections": [
            {
                "id": "main",
                "title": "What we decided",
                "fields": [
                    {
                        "id": "outcome",
                        "type": "single_choice",
                        "label": "Outcome",
                        "options": options,
                    }
                ],
            }
        ],
    }
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    model, problems = check_form_file(path)
    assert model is not None, [str(p) for p in problems]
    return [(p.code, p.path) for p in problems if not p.is_error and "options" in p.path]


def test_the_plain_language_check_reads_the_family_wording_where_there_is_one(tmp_path):
    hard = {"id": "a", "label": LEGAL}
    easy = {"id": "b", "label": "No further action"}
    found = _warnings_for(tmp_path, [hard, easy])
    assert ("CV907", "sections[0].fields[0].options[0].label") in found
    assert ("CV908", "sections[0].fields[0].options[0].label") in found  # "are substantiated"

    assert _warnings_for(tmp_path, [{**hard, "family_label": PLAIN}, easy]) == []

    hard_for_family = {"id": "a", "label": "Conference", "family_label": LEGAL}
    found = _warnings_for(tmp_path, [hard_for_family, easy])
    assert ("CV907", "sections[0].fields[0].options[0].family_label") in found
    assert all(path.endswith("family_label") for _code, path in found)


def test_the_family_wording_survives_loading_and_writing_back():
    model = form([OUTCOME])
    [option, _] = model.all_fields()[0].options
    assert (option.label, option.family_label) == (LEGAL, PLAIN)
    assert option.shown_to(True) == PLAIN and option.shown_to(False) == LEGAL
    text = dump_definition(
        {"id": "o", "options": [{"family_label": PLAIN, "id": "conference", "label": LEGAL}]}
    )
    assert text.index("label:") < text.index("family_label:")

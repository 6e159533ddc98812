"""The duplication finder reports the duplicates planted in a pathway, and no others."""

from __future__ import annotations

from designer.editor.duplication import find_duplicates, similarity


def _form(form_id, *fields):
    return {
        "id": form_id,
        "title": form_id.replace("_", " ").capitalize(),
        "sections": [
            {
                "id": "s",
                "title": "S",
                "fields": [{"id": i, "type": t, "label": label} for i, t, label in fields],
            }
        ],
    }


REFERRAL = _form(
    "referral",
    ("child_dob", "date", "Child's date of birth"),
    ("worry", "long_text", "What are we worried about?"),
    ("police_involved", "yes_no", "Are the police involved?"),
    ("school", "text", "Which school does the child go to?"),
)
ASSESSMENT = _form(
    "assessment",
    ("dob", "date", "Date of birth of the child"),  # planted: reworded
    ("worries", "long_text", "What we are worried about"),  # planted: same meaning
    ("police", "text", "Are the police involved?"),  # same words, different type: not asked twice
    ("hopes", "long_text", "What does the family hope for?"),
)
PLAN = _form(
    "plan",
    ("police_again", "yes_no", "Were the police involved?"),  # planted: same type, near wording
    ("next", "long_text", "What happens next"),
)


def test_planted_duplicates_are_found_with_suggestions():
    found = find_duplicates([REFERRAL, ASSESSMENT, PLAN])
    pairs = {(d.first.field_id, d.second.field_id) for d in found}
    assert pairs == {
        ("child_dob", "dob"),
        ("worry", "worries"),
        ("police_involved", "police_again"),
    }
    by_second = {d.second.field_id: d for d in found}
    assert "Pre-fill" in by_second["dob"].suggestion and "remove" in by_second["dob"].suggestion


def test_a_pathway_without_duplicates_reports_none():
    other = _form(
        "other",
        ("name", "text", "Name of the school nurse"),
        ("visit", "date", "Date of the home visit"),
    )
    assert find_duplicates([REFERRAL, other]) == []


def test_a_question_the_pathway_already_prefills_says_so():
    pathway = {
        "stages": [
            {"id": "one", "form": "referral"},
            {
                "id": "two",
                "form": "assessment",
                "prefill": [{"field": "dob", "from": {"stage": "one", "field": "child_dob"}}],
            },
        ]
    }
    [dob] = [
        d for d in find_duplicates([REFERRAL, ASSESSMENT], pathway) if d.second.field_id == "dob"
    ]
    assert dob.prefilled and dob.suggestion.startswith("Already pre-filled")


def test_similarity_ignores_case_punctuation_and_filler_words():
    assert similarity("What is the child's name?", "Child name") == 1.0
    assert similarity("Date of birth", "Next steps") is None
    assert similarity("Decision", "Next") is None

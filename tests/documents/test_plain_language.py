"""Plain-language checks: the measures, the warnings they give, the shipped library."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from renderer.definitions import load_library
from renderer.definitions.check import check_paths
from renderer.documents.plain_language import (
    TARGET_READING_AGE,
    check_text,
    library_report,
    markdown,
    reading_age,
)

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
EXAMPLES = sorted((HERE / "plain").glob("*.yaml"))
EXPECT = re.compile(r"# expect: (CV\d{3}) at line (\d+) \(form\)$")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_each_example_gives_exactly_its_warning_at_its_line(path):
    code, line = EXPECT.match(path.read_text().splitlines()[0]).groups()
    report = check_paths([str(path)])
    assert report.errors == []
    assert [(p.code, p.line) for p in report.warnings] == [(code, int(line))]


def test_reading_age_is_low_for_plain_words_and_high_for_officialese():
    plain = "We came to see you. We talked about Ruby. We will come back next week."
    hard = (
        "Multi-agency practitioners collaboratively investigated the circumstances "
        "surrounding the safeguarding allegations and substantiated significant harm."
    )
    assert reading_age(plain) < 7
    assert reading_age(hard) > 21
    assert reading_age("") is None


def test_passive_voice_long_sentences_and_jargon_are_found_and_adjectives_are_not():
    check = check_text("It was agreed at the core group that Dad would be told.")
    assert check.passive == ["was agreed", "be told"]
    assert check.jargon == [("core group", "the group of people working with your family")]
    assert (
        check_text("We are worried about Ruby and we are concerned that she is tired.").passive
        == []
    )
    long = check_text(" ".join(["word"] * 30) + ". Short one.")
    assert long.long_sentences == [30]
    assert any("a sentence of 30 words" in p for p in long.problems)


def test_the_shipped_family_documents_meet_the_target_reading_age():
    forms = load_library([ROOT / "form_library"]).forms
    reports = library_report(forms)
    assert len(reports) == len(forms) >= 18
    kinds = {form_id: form.kind for form_id, form in forms.items()}
    for report in reports:
        # A case note is one short page by design; a statutory form's document is longer.
        enough = 40 if kinds[report.form_id] == "case_note" else 100
        assert report.words > enough, report.form_id
        assert report.reading_age <= TARGET_READING_AGE, (report.form_id, report.reading_age)
    table = markdown(reports)
    assert table.count("\n") == len(reports) + 2


def test_convivial_check_reports_plain_language_warnings_for_the_shipped_library():
    report = check_paths([str(ROOT / "form_library"), str(ROOT / "pathways")])
    assert report.errors == []
    codes = {p.code for p in report.warnings}
    assert codes <= {"CV902", "CV907", "CV908", "CV909"}
    # no form's family document as a whole is over the target: only single texts are
    assert not [p for p in report.warnings if "Taken together" in p.message]


def test_a_whole_family_document_over_the_target_is_warned_at_its_output_title(tmp_path):
    fields = "".join(
        f"      - id: f{i}\n        type: text\n        label: Multidisciplinary safeguarding "
        "consultation\n"
        for i in range(40)
    )
    path = tmp_path / "hard_whole.yaml"
    path.write_text(
        "id: hard_whole\nversion: 1\ntitle: Test form\npurpose: For the tests.\nowner: Tests\n"
        "output:\n  title: What we recorded\nsections:\n  - id: main\n    title: Main\n"
        "    fields:\n" + fields
    )
    (warning,) = check_paths([str(path)]).warnings
    assert warning.code == "CV907" and warning.line == 7
    assert "Taken together" in warning.message and "aim for 9 or under" in warning.message

"""Who said what, and the child's words, read as grammatical sentences in documents.

The statement's "Who said it" and the child's words' "Who helped" are free text; the
document must make a sentence of whatever shape the practitioner wrote, including the
shape that used to read "Theo, to nursery key worker said this on ...".
"""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest

from renderer.definitions import load_library
from renderer.documents import make_document
from renderer.documents.sentences import childs_words, said_by, statement
from renderer.samples import Sampler, make_family

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("who", "when", "source", "sentence"),
    [
        (
            "Theo, to nursery key worker",
            "2026-12-03",
            None,
            "Theo told the nursery key worker this on 3 December 2026.",
        ),
        (
            "Theo to his nursery key worker",
            "2026-12-03",
            "Nursery",
            "Theo told his nursery key worker this on 3 December 2026 (Nursery).",
        ),
        ("Theo, to Mrs Khan", None, None, "Theo told Mrs Khan this."),
        (
            "Stacey (mother)",
            "2026-11-16",
            "Home visit",
            "Stacey (mother) said this on 16 November 2026 (Home visit).",
        ),
        ("Claire Henshaw", None, None, "Claire Henshaw said this."),
        (None, "2026-11-16", "Phone call", "Said on 16 November 2026 (Phone call)."),
        (None, None, "Police report", "Where this came from: Police report."),
        ("  ", None, "", ""),
    ],
)
def test_who_said_it_reads_as_one_sentence(who, when, source, sentence):
    assert said_by(who, when, source) == sentence


def test_a_statement_keeps_the_words_as_written():
    shown = statement(
        {"statement": "Daddy shouted", "who_said": "Theo, to nursery key worker"}, family=True
    )
    assert shown == {"words": "Daddy shouted", "by": "Theo told the nursery key worker this."}


def test_who_helped_the_child_is_a_sentence_whatever_was_typed():
    answer = {
        "worries": "Shouting",
        "facilitated_by": "The social worker, at school, with Mrs Khan",
    }
    words = childs_words(answer, family=True, child="Theo")
    assert (
        words["helped"]
        == "Who helped Theo share this: The social worker, at school, with Mrs Khan."
    )
    assert childs_words({"worries": "Shouting"}, family=True, child="Theo")["helped"] == ""


def test_the_child_words_keep_every_house_given_and_leave_out_empty_ones():
    answer = {"variant": "words_and_pictures", "worries": "Shouting", "dreams": "A dog\n"}
    words = childs_words(answer, family=True, child="Theo")
    assert [(h["title"], h["words"]) for h in words["houses"]] == [
        ("Worries", "Shouting"),
        ("Hopes and dreams", "A dog"),
    ]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_the_strategy_discussion_family_document_says_who_the_child_told():
    form = load_library([ROOT / "form_library"]).forms["strategy_discussion"]
    family = make_family(3, today=TODAY)
    answers = Sampler(family, today=TODAY).answers(form)
    child = family.child.first_name
    # What the child said, recorded the way the issue found it typed: several entries,
    # the child's own (with who it was said to) among the family's and the school's.
    answers["past_harm"].insert(
        0,
        {
            "statement": "Daddy pushed Mummy and I hid under the bed.",
            "who_said": f"{child}, to nursery key worker",
            "when": "2026-12-03",
        },
    )
    text = _text(make_document(form, answers, audience="family", today=TODAY).body)
    assert (
        f"Daddy pushed Mummy and I hid under the bed. {child} told the nursery key worker "
        "this on 3 December 2026."
    ) in text
    assert "to nursery key worker said this" not in text
    # Every other entry still says who said it, as a sentence ending in a full stop.
    for entry in answers["past_harm"][1:]:
        assert f"{entry['who_said']} said this on " in text
    endings = re.findall(r"said this on \d+ \w+ \d{4}(?: \([^)]*\))?(.)", text)
    assert endings and set(endings) == {"."}

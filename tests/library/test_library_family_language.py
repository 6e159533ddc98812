"""What the family reads is plain: no professional jargon without plain words, short
sentences, and "you" for the family."""

from __future__ import annotations

import re

import pytest

from .test_library_forms import ALL_FORMS

# Jargon from the working group's list. Acronyms match case-sensitively as whole words.
JARGON_PHRASES = [
    r"section\s*47",
    r"core group",
    r"child protection plan conference",
    r"\bCP plan\b",
    r"looked[- ]after child(ren)?\b",
]
JARGON_ACRONYMS = [
    r"\bs47\b",
    r"\bS47\b",
    r"\bICPC\b",
    r"\bRCPC\b",
    r"\bLAC\b",
    r"\bCIN\b",
    r"\bCP\b",
    r"\bIRO\b",
    r"\bCLA\b",
    r"\bMASH\b",
    r"\bEHA\b",
    r"\bTAF\b",
]


def jargon_in(text: str) -> list[str]:
    found = [p for p in JARGON_PHRASES if re.search(p, text, re.IGNORECASE)]
    found += [p for p in JARGON_ACRONYMS if re.search(p, text)]
    return found


def family_texts(form):
    """Every piece of text a family document can show, with where it comes from."""
    yield "summary_for_family", form.summary_for_family or ""
    yield "output.title", form.output.title
    yield "output.introduction", form.output.introduction or ""
    for f in form.all_fields():
        if not f.share_with_family or f.type == "guidance":
            continue
        if f.family_label:
            yield f"{f.id}.family_label", f.family_label
        else:
            yield f"{f.id}.label", f.label or ""
        for o in f.options:
            yield f"{f.id}.{o.id}", o.label


def test_the_checker_catches_jargon():
    assert jargon_in("Date of the ICPC")
    assert jargon_in("The core group met")
    assert jargon_in("s47 enquiry")
    assert not jargon_in("The group of people working with your family met")
    assert not jargon_in("We placed the child")  # "LAC" only as a word


@pytest.mark.parametrize("form_id", ALL_FORMS)
def test_no_jargon_in_family_facing_text(forms, form_id):
    problems = [(where, text) for where, text in family_texts(forms[form_id]) if jargon_in(text)]
    assert problems == []


@pytest.mark.parametrize("form_id", ALL_FORMS)
def test_family_outputs_speak_to_the_family_in_short_sentences(forms, form_id):
    form = forms[form_id]
    intro = form.output.introduction
    assert re.search(r"\b(you|your)\b", intro, re.IGNORECASE), "speak to the family as 'you'"
    for text in (form.summary_for_family, form.output.title, intro):
        for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
            assert len(sentence.split()) <= 25, (form_id, sentence)


@pytest.mark.parametrize("form_id", ALL_FORMS)
def test_family_labels_exist_where_the_family_reads_a_decision(forms, form_id):
    """Fields that record a decision for the family carry family wording."""
    form = forms[form_id]
    decisions = [
        f
        for f in form.all_fields()
        if f.share_with_family
        and f.type == "single_choice"
        and ("decision" in f.id or "outcome" in f.id or f.id == "recommendation")
    ]
    for f in decisions:
        assert f.family_label, (form_id, f.id)


def _syllables(word: str) -> int:
    """A standard English syllable estimate; good enough to compare texts."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if len(w) <= 3:
        return 1 if w else 0
    w = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


def flesch_kincaid_grade(text: str) -> float:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
    words = re.findall(r"[A-Za-z']+", text)
    return (
        0.39 * len(words) / len(sentences) + 11.8 * sum(map(_syllables, words)) / len(words) - 15.59
    )


def test_the_reading_age_measure_tells_plain_from_dense():
    assert flesch_kincaid_grade("We met with you. We talked about your child.") < 3
    assert (
        flesch_kincaid_grade(
            "The multi-agency safeguarding arrangements necessitate comprehensive "
            "interdisciplinary consideration of parental capacity."
        )
        > 12
    )


@pytest.mark.parametrize("form_id", ALL_FORMS)
def test_family_text_reads_at_age_nine_to_eleven(forms, form_id):
    """Flesch-Kincaid grade 6 or below is a reading age of about 11 or below."""
    form = forms[form_id]
    text = " ".join([form.summary_for_family, form.output.title + ".", form.output.introduction])
    assert flesch_kincaid_grade(text) <= 6.0, form_id

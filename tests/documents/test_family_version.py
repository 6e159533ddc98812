"""Professional-only answers never reach a family document, in any format.

For every shipped form, a unique marker is planted in every field; the family version's
HTML, print page, PDF text and PDF metadata must hold no marker of a field marked
``share_with_family: false`` (nor of a field nested in one), while the professional
version shows them, which proves the markers were really there to find. Each form is
answered several times, with yes and no and each option in turn, so fields behind
``show_if`` are shown in at least one pass.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from html import escape
from pathlib import Path

import pytest

from renderer.definitions import load_library
from renderer.documents import make_document

from .fill import marked_answers

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = load_library([ROOT / "form_library"])
TODAY = date(2026, 11, 23)


def marker(field_id: str) -> str:
    return "QZ" + re.sub(r"[^a-z0-9]", "", field_id.replace("_", "")) + "KX"


def professional_only(form) -> set[str]:
    out = set()
    for f in form.all_fields():
        if not f.share_with_family:
            out.add(f.id)
            out.update(sub.id for sub in f.fields)
    return out


def pdf_text_and_info(pdf: bytes, tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(
        ["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return text, info


def test_every_shipped_form_has_professional_only_fields_to_test():
    assert len(LIBRARY.forms) >= 18
    assert all(professional_only(form) for form in LIBRARY.forms.values())


@pytest.mark.slow
@pytest.mark.parametrize("form_id", sorted(LIBRARY.forms))
def test_no_professional_only_marker_in_any_family_format(form_id, tmp_path):
    form = LIBRARY.forms[form_id]
    hidden = professional_only(form)
    seen_in_professional: set[str] = set()
    passes = max([2] + [len(f.options) for f in form.all_fields() if f.options])
    for choice in range(min(passes, 5)):
        answers, people = marked_answers(form, marker, choice=choice)
        family = make_document(form, answers, people, audience="family", today=TODAY)
        professional = make_document(form, answers, people, audience="professional", today=TODAY)
        text, info = pdf_text_and_info(family.pdf(), tmp_path)
        for field_id in hidden:
            m = marker(field_id)
            for where, content in (
                ("HTML", family.body),
                ("print page", family.html),
                ("PDF text", text),
                ("PDF metadata", info),
            ):
                assert m not in content, f"{form_id}.{field_id} leaked into the family {where}"
            if m in professional.html:
                seen_in_professional.add(field_id)
    # The professional version shows the planted answers: the markers were findable.
    text_like = {
        f.id
        for f in form.all_fields()
        if f.id in hidden and f.type in ("text", "long_text", "statement_list", "safety_plan")
    }
    assert text_like <= seen_in_professional


@pytest.mark.parametrize("form_id", sorted(LIBRARY.forms))
def test_family_version_shows_shared_answers_in_the_family_words(form_id):
    form = LIBRARY.forms[form_id]
    answers, people = marked_answers(form, marker)
    family = make_document(form, answers, people, audience="family", today=TODAY)
    shared = [
        f
        for s in form.sections
        for f in s.fields
        if f.share_with_family and f.type in ("text", "long_text") and not f.show_if
    ]
    for f in shared:
        assert marker(f.id) in family.body, f"{form_id}.{f.id} missing from the family version"
        if f.family_label:
            assert escape(f.family_label, quote=False) in family.body

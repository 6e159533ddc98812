"""The duplication finder: questions across a pathway's forms that ask the same thing.

Pure Python. Two questions are duplicates when they have the same type (short and long
text count as one family) and their wording is the same or close: after normalising
(lower case, punctuation and filler words removed), either the token sets overlap by at
least 60% or difflib's ratio is at least 0.85. Each pair comes with a suggestion: pre-fill
the later one from the earlier (unless the pathway already does), or remove it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_FILLER_WORDS = (
    "a an the of is are was were be been what who how when where which do does did this "
    "that these those to for in on at with by your you we our us it its their there any "
    "has have had please give enter tell child children young person"
)
FILLER = frozenset(_FILLER_WORDS.split())
NEVER = frozenset({"guidance", "calculated", "manager_authorisation"})
FAMILY = {"long_text": "text"}
TOKEN_OVERLAP = 0.6
RATIO = 0.85


@dataclass(frozen=True)
class Question:
    form_id: str
    form_title: str
    field_id: str
    label: str
    type: str


@dataclass(frozen=True)
class Duplicate:
    first: Question
    second: Question
    similarity: float
    suggestion: str
    prefilled: bool


def normalise(label: str) -> tuple[str, frozenset[str]]:
    words = re.findall(r"[a-z0-9]+", (label or "").lower().replace("’", "'").replace("'s", ""))
    kept = [w for w in words if w not in FILLER]
    return " ".join(kept), frozenset(kept)


def similarity(a: str, b: str) -> float | None:
    """How alike two labels are (0..1), or None when they are not alike enough."""
    text_a, tokens_a = normalise(a)
    text_b, tokens_b = normalise(b)
    if not tokens_a or not tokens_b:
        return None
    ratio = difflib.SequenceMatcher(None, text_a, text_b).ratio()
    if ratio >= RATIO:
        return ratio
    # Token overlap needs two words on each side: one shared word proves nothing.
    if min(len(tokens_a), len(tokens_b)) >= 2:
        overlap = len(tokens_a & tokens_b) / len(tokens_a | tokens_b)
        if overlap >= TOKEN_OVERLAP:
            return overlap
    return None


def questions(form: dict) -> list[Question]:
    out = []
    for section in form.get("sections") or []:
        for field in section.get("fields") or []:
            if field.get("type") in NEVER or not field.get("label"):
                continue
            out.append(
                Question(
                    form["id"],
                    form.get("title", form["id"]),
                    field["id"],
                    field["label"],
                    field["type"],
                )
            )
    return out


def _prefills(pathway: dict | None) -> set[tuple[str, str]]:
    """(form, field) the pathway already pre-fills, from a stage or from the case, or
    deliberately does not (mode: none is a decision already taken)."""
    if not pathway:
        return set()
    return {
        (stage["form"], rule.get("field"))
        for stage in pathway.get("stages") or []
        if stage.get("form")
        for rule in stage.get("prefill") or []
    }


def find_duplicates(forms: list[dict], pathway: dict | None = None) -> list[Duplicate]:
    """Each question that an earlier form in the pathway already asks, paired with the
    earliest, most alike such question (so a question asked in five forms gives four
    pairs, not ten)."""
    filled = _prefills(pathway)
    found = []
    asked = [(n, q) for n, form in enumerate(forms) for q in questions(form)]
    for j, (form_b, b) in enumerate(asked):
        best: tuple[float, Question] | None = None
        for form_a, a in asked[:j]:
            if form_a == form_b or a.form_id == b.form_id:
                continue
            if FAMILY.get(a.type, a.type) != FAMILY.get(b.type, b.type):
                continue
            score = similarity(a.label, b.label)
            if score is not None and (best is None or score > best[0]):
                best = (score, a)
        if best is not None:
            score, a = best
            prefilled = (b.form_id, b.field_id) in filled
            if prefilled:
                suggestion = (
                    f"Already pre-filled from ‘{a.form_title}’: check the practitioner "
                    "needs to see it again."
                )
            elif a.type == b.type:
                suggestion = (
                    f"Pre-fill ‘{b.label}’ in ‘{b.form_title}’ from ‘{a.form_title}’, or "
                    "remove it if the answer cannot have changed."
                )
            else:
                suggestion = (
                    f"Remove ‘{b.label}’ from ‘{b.form_title}’, or make it the same type as "
                    f"in ‘{a.form_title}’ and pre-fill it."
                )
            found.append(Duplicate(a, b, round(score, 2), suggestion, prefilled))
    return found

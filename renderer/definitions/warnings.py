"""Warnings: things that are valid but work against families or practitioners.

Warnings never stop a load; `convivial check --strict` turns them into failures.
"""

from __future__ import annotations

import re

from .crosscheck_form import collect_fields
from .errors import Problem
from .rule_refs import rule_vars

MAX_LABEL_LENGTH = 150

# (pattern, plain alternative). Acronyms match case-sensitively so 'lac' in 'place'
# or 'cin' in 'medicine' never trigger; phrases match in any case.
JARGON: list[tuple[str, str]] = [
    (r"(?i:section\s*47(\s+enquiry)?)", "child protection enquiry"),
    (r"(?i:\bs\.?\s?47\b)", "child protection enquiry"),
    (r"(?i:section\s*17)", "help for a child in need"),
    (r"(?i:\bs\.?\s?17\b)", "help for a child in need"),
    (r"(?i:section\s*20)", "care agreed with the parents"),
    (r"(?i:core\s+group)", "the group of people working with your family"),
    (r"\bLAC\b", "children in care"),
    (r"(?i:looked[\s-]after\s+child(ren)?)", "children in care"),
    (r"\bICPC\b", "first child protection conference"),
    (r"\bRCPC\b", "review child protection conference"),
    (r"(?i:strategy\s+meeting)", "meeting between social care, police and health"),
    (r"\bCIN\b", "child in need"),
    (r"\bCPP?\b", "child protection (plan)"),
    (r"\bMASH\b", "the team that first looks at worries about a child"),
    (r"\bPLO\b", "meeting before court proceedings"),
    (r"\bNFA\b", "no further action"),
    (r"\bIRO\b", "independent reviewing officer"),
    (r"\bTAF\b", "team around the family"),
    (r"\bSGO\b", "special guardianship order"),
    (r"\bDV\b", "domestic abuse"),
    (r"(?i:\bthreshold\s+(was\s+)?met\b)", "serious enough for us to act"),
]
_COMPILED = [(re.compile(p), plain) for p, plain in JARGON]


def jargon_in(text: str) -> list[tuple[str, str]]:
    """(term as written, plain alternative) for each jargon term found."""
    found = []
    for rx, plain in _COMPILED:
        m = rx.search(text)
        if m:
            found.append((m.group(0), plain))
    return found


def _jargon(doc, path, text, owner, out) -> None:
    for term, plain in jargon_in(text):
        line, col = doc.locate(path)
        out.append(
            Problem(
                "CV902",
                f"The {owner} says '{term}'; families may not know it. Try '{plain}'.",
                file=doc.file,
                line=line,
                column=col,
                path=doc.path_text(path),
            )
        )


def _family_output_warnings(doc, data: dict, out: list[Problem]) -> None:
    """What the form gives the family: no output at all, or jargon in its words."""
    if "output" not in data:
        line, col = doc.locate(("id",))
        out.append(
            Problem(
                "CV901",
                f"Form '{data['id']}' has no output, so the family gets no document from it.",
                file=doc.file,
                line=line,
                column=col,
                path="output",
            )
        )
    for key in ("summary_for_family",):
        if key in data:
            _jargon(doc, (key,), data[key], "summary for the family", out)
    for key in ("title", "introduction"):
        if key in data.get("output", {}) and isinstance(data["output"][key], str):
            _jargon(doc, ("output", key), data["output"][key], f"output {key}", out)


def form_warnings(doc) -> list[Problem]:
    data = doc.data
    out: list[Problem] = []
    _family_output_warnings(doc, data, out)
    fields = collect_fields(data)
    order = {r.data["id"]: r.order for r in fields}
    for ref in fields:
        f = ref.data
        for key in ("label", "family_label", "hint"):
            if key in f:
                _jargon(doc, (*ref.path, key), f[key], f"{key} of field '{f['id']}'", out)
        for i, o in enumerate(f.get("options", ())):
            _jargon(
                doc,
                (*ref.path, "options", i, "label"),
                o["label"],
                f"option '{o['id']}' of field '{f['id']}'",
                out,
            )
        label = f.get("label", "")
        if len(label) > MAX_LABEL_LENGTH:
            line, col = doc.locate((*ref.path, "label"))
            out.append(
                Problem(
                    "CV904",
                    f"The label of field '{f['id']}' is {len(label)} characters; keep "
                    f"labels under {MAX_LABEL_LENGTH}.",
                    file=doc.file,
                    line=line,
                    column=col,
                    path=doc.path_text((*ref.path, "label")),
                )
            )
        if "show_if" in f:
            later = sorted(
                v for v in rule_vars(f["show_if"]) if order.get(v.split(".", 1)[0], -1) > ref.order
            )
            for name in later:
                line, col = doc.locate((*ref.path, "show_if"))
                out.append(
                    Problem(
                        "CV903",
                        f"Field '{f['id']}' is shown depending on '{name}', which comes "
                        "later in the form, so the practitioner answers out of order.",
                        file=doc.file,
                        line=line,
                        column=col,
                        path=doc.path_text((*ref.path, "show_if")),
                    )
                )
    _plain_language(doc, data, fields, out)
    return out


# --- plain language ---------------------------------------------------------------
# Reading age is the Flesch-Kincaid grade plus 5 (a US school grade is the age minus 5).
# Syllables are counted with the usual vowel-group rules; the estimate is rough for one
# word, good enough over a sentence or more, so single labels shorter than
# MIN_WORDS_FOR_AGE are judged only as part of the whole family document.
TARGET_READING_AGE = 9  # a whole family document's text (GOV.UK aims at 9)
TEXT_READING_AGE_LIMIT = 12  # one text: FK over a single sentence wobbles by 2-3 years
MIN_WORDS_FOR_AGE = 8
MIN_WORDS_FOR_DOCUMENT = 100  # a whole family document is judged from this many words
LONG_SENTENCE_WORDS = 25
_LABELS = ("label", "family_label")
_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
# be + past participle, not followed by a preposition that makes it an adjective
# ("we are worried about"): "was agreed", "is being sent", "were told by".
_PASSIVE = re.compile(
    r"\b(?:am|is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?"
    r"(\w+ed|known|seen|given|taken|made|done|told|shown|written|kept|held|found|sent|"
    r"brought|put|heard|met|paid|chosen|spoken|understood|left)\b(?!\s+(?:about|of|that|to))",
    re.IGNORECASE,
)
_ADJECTIVES = {
    "worried",
    "scared",
    "married",
    "concerned",
    "interested",
    "tired",
    "pleased",
    "supposed",
    "used",
    "involved",
    "needed",
    "called",
    "named",
    "based",
    "aged",
}


def sentences_of(text: str) -> list[str]:
    return [s for s in (p.strip() for p in _SENTENCE_END.split(text or "")) if _WORD.search(s)]


def words_of(text: str) -> list[str]:
    return _WORD.findall(text or "")


def syllables(word: str) -> int:
    w = re.sub(r"[^a-z]", "", word.lower())
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", lambda m: m.group(0)[0], w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]+", w)))


def reading_age(text: str) -> float | None:
    """Flesch-Kincaid grade + 5, or None for text with no words."""
    words = words_of(text)
    if not words:
        return None
    sentence_count = max(1, len(sentences_of(text)))
    per_word = sum(syllables(w) for w in words) / len(words)
    grade = 0.39 * len(words) / sentence_count + 11.8 * per_word - 15.59
    return round(max(grade, 0.0) + 5, 1)


def passive_phrases(text: str) -> list[str]:
    return [
        m.group(0) for m in _PASSIVE.finditer(text or "") if m.group(1).lower() not in _ADJECTIVES
    ]


def long_sentences(text: str) -> list[int]:
    """Word counts of the sentences longer than LONG_SENTENCE_WORDS."""
    counts = [len(words_of(s)) for s in sentences_of(text)]
    return [n for n in counts if n > LONG_SENTENCE_WORDS]


def family_texts(data: dict, fields) -> list[tuple[tuple, str, str]]:
    """(path, text, what it is) for everything a family document shows from the form."""
    out: list[tuple[tuple, str, str]] = []
    if isinstance(data.get("summary_for_family"), str):
        out.append((("summary_for_family",), data["summary_for_family"], "summary for the family"))
    for key in ("title", "introduction"):
        value = (data.get("output") or {}).get(key)
        if isinstance(value, str):
            out.append((("output", key), value, f"output {key}"))
    professional = {r.data["id"] for r in fields if r.data.get("share_with_family") is False}
    shown_sections = set()
    for ref in fields:
        f = ref.data
        if f.get("share_with_family") is False or ref.group in professional:
            continue
        if f.get("type") in ("guidance", "manager_authorisation"):
            continue
        shown_sections.add(ref.path[1])
        key = "family_label" if "family_label" in f else "label"
        if isinstance(f.get(key), str):
            out.append(((*ref.path, key), f[key], f"{key} of field '{f['id']}'"))
        for i, o in enumerate(f.get("options", ())):
            said = "family_label" if isinstance(o.get("family_label"), str) else "label"
            out.append(((*ref.path, "options", i, said), o[said], f"option '{o['id']}'"))
    for i in sorted(shown_sections):
        title = data["sections"][i].get("title")
        if isinstance(title, str):
            out.append((("sections", i, "title"), title, f"title of section {i + 1}"))
    return out


def _warn(doc, code, path, message, out) -> None:
    line, col = doc.locate(path)
    out.append(
        Problem(code, message, file=doc.file, line=line, column=col, path=doc.path_text(path))
    )


def _plain_language(doc, data, fields, out) -> None:
    texts = family_texts(data, fields)
    before = len(out)
    for path, text, owner in texts:
        if len(text) > MAX_LABEL_LENGTH and path[-1] in _LABELS:
            continue  # CV904 already says so
        age = reading_age(text)
        if len(words_of(text)) >= MIN_WORDS_FOR_AGE and age and age > TEXT_READING_AGE_LIMIT:
            _warn(
                doc,
                "CV907",
                path,
                f"The {owner} has a reading age of {_age(age)}; "
                f"one family text should be {TEXT_READING_AGE_LIMIT} or under. Use shorter "
                "words and sentences.",
                out,
            )
        _style(doc, path, text, owner, out)
    for ref in fields:
        if "hint" in ref.data and isinstance(ref.data["hint"], str):
            _style(
                doc, (*ref.path, "hint"), ref.data["hint"], f"hint of field '{ref.data['id']}'", out
            )
    judged = [t for path, t, _ in texts if len(t) <= MAX_LABEL_LENGTH or path[-1] not in _LABELS]
    whole = " ".join(t if t.rstrip().endswith((".", "?", "!")) else t + "." for t in judged)
    age = reading_age(whole)
    hard = any(p.code == "CV907" for p in out[before:])
    big = len(words_of(whole)) >= MIN_WORDS_FOR_DOCUMENT
    if "output" in data and big and age and age > TARGET_READING_AGE and not hard:
        _warn(
            doc,
            "CV907",
            ("output", "title"),
            f"Taken together, the text of this form's "
            f"family document has a reading age of {_age(age)}; aim for "
            f"{TARGET_READING_AGE} or under.",
            out,
        )


def _age(age: float) -> str:
    return "over 21" if age > 21 else f"about {age:g}"


def _style(doc, path, text, owner, out) -> None:
    for phrase in passive_phrases(text)[:1]:
        _warn(
            doc,
            "CV908",
            path,
            f"The {owner} says '{phrase}', which hides who does it. "
            "Say who: 'we agreed', not 'it was agreed'.",
            out,
        )
    for count in long_sentences(text)[:1]:
        _warn(
            doc,
            "CV909",
            path,
            f"The {owner} has a sentence of {count} words; keep "
            f"sentences under {LONG_SENTENCE_WORDS} words.",
            out,
        )

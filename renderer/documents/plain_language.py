"""Plain-language checks for working groups, and the reading-age report of a library.

The measures themselves (reading age, passive voice, long sentences, the jargon list)
live with the language's warnings (``renderer.definitions.warnings``), because
``convivial check`` and the designer report them while loading a definition and the
language package may not import this one. This module applies them to one text, to
the fixed text of a form's family document, and to a whole library:

    python -m renderer.documents.plain_language form_library   # Markdown report
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from renderer.definitions.crosscheck_form import collect_fields
from renderer.definitions.warnings import (
    LONG_SENTENCE_WORDS,
    MIN_WORDS_FOR_AGE,
    TARGET_READING_AGE,
    TEXT_READING_AGE_LIMIT,
    family_texts,
    jargon_in,
    long_sentences,
    passive_phrases,
    reading_age,
    words_of,
)

__all__ = [
    "LONG_SENTENCE_WORDS",
    "TARGET_READING_AGE",
    "TEXT_READING_AGE_LIMIT",
    "FormReport",
    "TextCheck",
    "check_text",
    "form_report",
    "library_report",
    "reading_age",
]


@dataclass(frozen=True)
class TextCheck:
    text: str
    reading_age: float | None
    jargon: list[tuple[str, str]]
    passive: list[str]
    long_sentences: list[int]

    @property
    def too_hard(self) -> bool:
        return (
            len(words_of(self.text)) >= MIN_WORDS_FOR_AGE
            and self.reading_age is not None
            and self.reading_age > TEXT_READING_AGE_LIMIT
        )

    @property
    def problems(self) -> list[str]:
        out = []
        if self.too_hard:
            out.append(f"reading age about {self.reading_age:g}")
        out += [f"'{term}': try '{plain}'" for term, plain in self.jargon]
        out += [f"passive: '{p}'" for p in self.passive]
        out += [f"a sentence of {n} words" for n in self.long_sentences]
        return out


def check_text(text: str) -> TextCheck:
    return TextCheck(
        text=text,
        reading_age=reading_age(text),
        jargon=jargon_in(text),
        passive=passive_phrases(text),
        long_sentences=long_sentences(text),
    )


@dataclass
class FormReport:
    form_id: str
    title: str
    reading_age: float | None
    words: int
    hardest: list[tuple[str, float]] = field(default_factory=list)
    problems: int = 0


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def form_report(data: dict) -> FormReport:
    """Reading age of the fixed text a form's family document shows, taken together."""
    texts = family_texts(data, collect_fields(data))
    whole = " ".join(_sentence(t) for _, t, _ in texts)
    checks = [(owner, check_text(t)) for _, t, owner in texts]
    hardest = sorted(
        ((owner, c.reading_age) for owner, c in checks if c.too_hard),
        key=lambda pair: -pair[1],
    )
    return FormReport(
        form_id=data["id"],
        title=(data.get("output") or {}).get("title") or data["title"],
        reading_age=reading_age(whole),
        words=len(words_of(whole)),
        hardest=hardest[:3],
        problems=sum(len(c.problems) for _, c in checks),
    )


def library_report(forms: dict) -> list[FormReport]:
    """One report per form, for ``{form_id: Form}`` (the validated ``source`` is read)."""
    return [form_report(form.source) for _, form in sorted(forms.items())]


def markdown(reports: list[FormReport]) -> str:
    lines = [
        f"| Form | Family document | Words | Reading age (target {TARGET_READING_AGE}) |",
        "|---|---|---|---|",
    ]
    for r in reports:
        lines.append(f"| `{r.form_id}` | {r.title} | {r.words} | {r.reading_age:g} |")
    ages = [r.reading_age for r in reports if r.reading_age is not None]
    if ages:
        lines.append(
            f"| **all {len(reports)} forms** | | | highest {max(ages):g}, "
            f"median {sorted(ages)[len(ages) // 2]:g} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    from renderer.definitions import load_library

    result = load_library(argv or ["form_library"])
    if result.errors:
        print(f"The library has {len(result.errors)} error(s); run `convivial check`.")
        return 1
    print(markdown(library_report(result.forms)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))

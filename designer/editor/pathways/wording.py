"""A pathway's own wording (`labels`) to and from the details page's inputs (pure).

`labels` gives the words the pathway uses for the safety map's columns and the like,
so one form fits early help ("What's going well?") and child protection ("What's
working well?") without changing ids. The page offers the keys the library uses, each
explained, and any other key already written (kept, editable). An emptied input
removes its key, so the standard wording is used again.

The loader does not read this wording for plain language, so the editor runs the same
checks as a form's family text (renderer.definitions.warnings: jargon CV902, length
CV904, reading age CV907, passive voice CV908, long sentences CV909) and shows them
next to each input, with the loader's own problems about a label (a misspelt key...).
"""

from __future__ import annotations

from designer.editor.checking import Located
from renderer.definitions import Problem
from renderer.definitions import warnings as plain

MAX_TEXT = 20000  # the language's limit for a text
# key -> (what it is called on the page, what it is for)
KNOWN = {
    "worries": (
        "Worries column",
        "The heading over what everyone is worried about, such as ‘What are we worried about?’",
    ),
    "working_well": (
        "Strengths column",
        "The heading over what is going well, such as ‘What’s working well?’",
    ),
    "needs_to_happen": (
        "Next steps column",
        "The heading over what needs to happen next, such as ‘What needs to happen?’",
    ),
    "scale": (
        "Scale question",
        "The question the 0 to 10 scale asks, such as ‘How safe is the child?’",
    ),
    "network": (
        "Safety network",
        "What the people around the family who help keep the child safe are called, "
        "such as ‘The safety network’",
    ),
}


def input_name(key: str) -> str:
    return f"label-{key}"


def keys(labels: dict | None) -> list[str]:
    """The keys the page offers: those already written, in their order, then the
    known ones not written yet."""
    written = [k for k in labels or {} if isinstance(k, str)]
    return written + [k for k in KNOWN if k not in written]


def rows(labels: dict | None, posted=None) -> list[dict]:
    """One row per input: key, name, hint and the value to show (as posted, if the
    page comes back with errors, so nothing typed is lost)."""
    labels = labels or {}
    out = []
    for key in keys(labels):
        name, hint = KNOWN.get(key, (key.replace("_", " ").capitalize(), None))
        value = labels.get(key, "")
        if posted is not None and input_name(key) in posted:
            value = posted.get(input_name(key), "")
        row = {"key": key, "input": input_name(key), "name": name, "hint": hint}
        out.append(row | {"value": value})
    return out


def text_from_form(posted: str | None, old) -> str:
    """A text input's value, trimmed; the saved text itself when only the line endings
    or the spaces around it differ, so saving an untouched page changes nothing."""
    text = (posted or "").replace("\r\n", "\n").strip()
    if isinstance(old, str) and old.replace("\r\n", "\n").strip() == text:
        return old
    return text


def from_form(data, labels: dict | None, errors: dict) -> dict:
    """The labels to save. An input the page did not post keeps its saved text."""
    labels = labels or {}
    out = {}
    for key in keys(labels):
        name = input_name(key)
        if name not in data:
            if key in labels:
                out[key] = labels[key]
            continue
        text = text_from_form(data.get(name), labels.get(key))
        if len(text) > MAX_TEXT:
            errors[name] = f"Keep ‘{_name(key)}’ under {MAX_TEXT} characters"
        if text:
            out[key] = text
    return out


def _name(key: str) -> str:
    return KNOWN.get(key, (key.replace("_", " ").capitalize(),))[0]


def _age(age: float) -> str:
    return "over 21" if age > 21 else f"about {age:g}"


def _problem(code: str, key: str, message: str) -> Located:
    path = f"labels.{key}"
    return Located(Problem(code, message, path=path), key=path)


def advice(key: str, text) -> list[Located]:
    """The plain-language warnings for one piece of wording."""
    if not isinstance(text, str) or not text.strip():
        return []
    owner = f"wording ‘{_name(key)}’"
    out = [
        _problem(
            "CV902", key, f"The {owner} says '{term}'; families may not know it. Try '{easy}'."
        )
        for term, easy in plain.jargon_in(text)
    ]
    if len(text) > plain.MAX_LABEL_LENGTH:
        out.append(
            _problem(
                "CV904",
                key,
                f"The {owner} is {len(text)} characters; keep it under {plain.MAX_LABEL_LENGTH}.",
            )
        )
    age = plain.reading_age(text)
    limit = plain.TEXT_READING_AGE_LIMIT
    if len(plain.words_of(text)) >= plain.MIN_WORDS_FOR_AGE and age and age > limit:
        out.append(
            _problem(
                "CV907",
                key,
                f"The {owner} has a reading age of {_age(age)}; a family text should be "
                f"{limit} or under. Use shorter words and sentences.",
            )
        )
    for phrase in plain.passive_phrases(text)[:1]:
        out.append(
            _problem(
                "CV908",
                key,
                f"The {owner} says '{phrase}', which hides who does it. Say who does it.",
            )
        )
    for count in plain.long_sentences(text)[:1]:
        out.append(
            _problem(
                "CV909",
                key,
                f"The {owner} has a sentence of {count} words; keep sentences under "
                f"{plain.LONG_SENTENCE_WORDS} words.",
            )
        )
    return out


def problems(check, labels: dict | None) -> dict[str, list[Located]]:
    """input name -> the loader's problems about that label, then the plain-language
    warnings for its wording; "labels" -> the loader's problems about them all."""
    labels = labels or {}
    found = check.errors + check.warnings
    out = {"labels": [p for p in found if p.problem.path == "labels"]}
    for key in keys(labels):
        path = f"labels.{key}"
        pinned = [p for p in found if p.problem.path in (path,) or _under(p, path)]
        out[input_name(key)] = pinned + advice(key, labels.get(key))
    return out


def _under(located: Located, path: str) -> bool:
    return located.problem.path.startswith((path + ".", path + "["))


def about_labels(located: Located) -> bool:
    """Whether a problem is about the wording (shown next to its input, not at the top)."""
    return located.problem.path == "labels" or located.problem.path.startswith("labels.")

"""Warnings: the definition loads, but something is probably wrong (CV9xx)."""

from __future__ import annotations

from .entry import WARNING, Entry

ENTRIES = [
    Entry(
        "CV901",
        WARNING,
        "Form has no output",
        "Either add an 'output' with a title and introduction, or, if the family "
        "really gets nothing, say so in the purpose.",
    ),
    Entry(
        "CV902",
        WARNING,
        "Label uses professional jargon",
        "Either use the plain wording suggested, or explain the term in the hint.",
    ),
    Entry(
        "CV903",
        WARNING,
        "show_if refers to a later field",
        "Either move the field after the one it depends on, or change the condition.",
    ),
    Entry(
        "CV904",
        WARNING,
        "Label is very long",
        "Either shorten the label to a question, or move the detail into the hint.",
    ),
    Entry(
        "CV905",
        WARNING,
        "Deliberate non-pre-fill without a reason",
        "Either add a note saying why this field is not pre-filled, or remove the entry.",
    ),
    Entry(
        "CV906", WARNING, "Declared but never used", "Either use it in a due rule, or remove it."
    ),
    Entry(
        "CV907",
        WARNING,
        "Family text is hard to read",
        "Either use shorter, everyday words and shorter sentences, or move the detail into "
        "practitioner-only text.",
    ),
    Entry(
        "CV908",
        WARNING,
        "Passive voice",
        "Either say who does it ('we agreed', 'your social worker will visit'), or rephrase "
        "without 'was' or 'will be'.",
    ),
    Entry(
        "CV909",
        WARNING,
        "Long sentence",
        "Either split the sentence in two, or cut words that add nothing.",
    ),
    Entry(
        "CV910",
        WARNING,
        "Fires on submit, but the form needs no sign-off",
        "Either remove fires_on (submitting already completes the form), or add "
        "sign-off to the form.",
    ),
    Entry(
        "CV911",
        WARNING,
        "Question asked again",
        "Either pre-fill the field (give both questions the same case fact, or add a "
        "pre-fill from the earlier stage), or add a pre-fill entry with mode: none and a "
        "note saying why it is asked afresh here.",
    ),
    Entry(
        "CV912",
        WARNING,
        "Nothing leads to this stage",
        "Either add a transition to it from an earlier stage (or a trigger that starts it, "
        "on case_opened for the first stage), or remove the stage.",
    ),
]

"""Shape: what the JSON Schema checks (CV2xx)."""

from __future__ import annotations

from .entry import ERROR, Entry

ENTRIES = [
    Entry(
        "CV201",
        ERROR,
        "Unknown key",
        "Either correct the spelling of the key, or remove it: only the keys listed "
        "in docs/language.md are allowed here.",
    ),
    Entry(
        "CV202",
        ERROR,
        "Required key missing",
        "Either add the key, or, if this item should not be here, remove the item.",
    ),
    Entry(
        "CV203",
        ERROR,
        "Wrong kind of value",
        "Either change the value to the kind shown, or quote it if it is meant to be text.",
    ),
    Entry(
        "CV204",
        ERROR,
        "Value not allowed",
        "Either use one of the allowed values listed, or remove the key to use the default.",
    ),
    Entry(
        "CV205",
        ERROR,
        "Value has the wrong format",
        "Either write the value in the format shown, or copy it from a valid definition.",
    ),
    Entry(
        "CV206",
        ERROR,
        "Number out of range",
        "Either change the number to one within the range shown, or remove the key to "
        "use the default.",
    ),
    Entry(
        "CV207",
        ERROR,
        "Wrong length",
        "Either add or remove items (or characters) to fit the length shown, or "
        "remove the key if it is optional.",
    ),
    Entry(
        "CV208",
        ERROR,
        "Value does not match any allowed shape",
        "Either rewrite the value in one of the shapes shown, or copy the example "
        "from docs/language.md.",
    ),
    Entry(
        "CV209",
        ERROR,
        "Schema rule broken",
        "Either correct the value as described, or compare with the example in docs/language.md.",
    ),
]

"""Ids, references and other checks within a form (CV3xx)."""

from __future__ import annotations

from .entry import ERROR, Entry

ENTRIES = [
    Entry(
        "CV301",
        ERROR,
        "Id is not snake_case",
        "Either rename the id to lower-case letters, digits and underscores starting "
        "with a letter, or use the suggestion shown.",
    ),
    Entry(
        "CV302",
        ERROR,
        "Id is a reserved word",
        "Either add a word to make it specific (for example 'child_name' instead of "
        "'name'), or choose another id.",
    ),
    Entry(
        "CV303",
        ERROR,
        "Id used twice",
        "Either rename one of them (ids must be unique), or delete the duplicate.",
    ),
    Entry(
        "CV304",
        ERROR,
        "File name does not match id",
        "Either rename the file to '<id>.yaml', or change the id to match the file name.",
    ),
    Entry(
        "CV305",
        ERROR,
        "Reference to an unknown field",
        "Either correct the id to one of the form's fields, or add the missing field.",
    ),
    Entry(
        "CV306",
        ERROR,
        "Reference to a field of the wrong type",
        "Either point at a field of the type shown, or change that field's type.",
    ),
    Entry(
        "CV307",
        ERROR,
        "Exclusive option is not one of the options",
        "Either use the id of one of the field's options, or add that option.",
    ),
    Entry(
        "CV308",
        ERROR,
        "Pattern refused",
        "Either rewrite the pattern in RE2 syntax without backreferences or "
        "lookaround, or drop the pattern and describe the format in the hint.",
    ),
    Entry(
        "CV309",
        ERROR,
        "Limits contradict each other",
        "Either lower the minimum, or raise the maximum.",
    ),
    Entry(
        "CV310",
        ERROR,
        "Output template refused",
        "Either rewrite the template line shown using only the record's answers, the "
        "filters listed and plain if/for blocks, or remove 'template' to use the standard "
        "document layout.",
    ),
]

"""The file and its YAML (CV1xx), and the checker itself failing (CV100)."""

from __future__ import annotations

from .entry import ERROR, Entry

ENTRIES = [
    Entry(
        "CV100",
        ERROR,
        "The checker failed on this file",
        "Either simplify the part of the file named in the message, or report the "
        "message to the Convivial maintainers: this is a bug in the checker.",
    ),
    Entry(
        "CV101",
        ERROR,
        "File too large",
        "Either split the definition into smaller forms, or remove pasted-in text "
        "such as long guidance.",
    ),
    Entry(
        "CV102",
        ERROR,
        "Not valid YAML",
        "Either fix the indentation or punctuation near the line shown, or open the "
        "definition in the designer, which always writes valid YAML.",
    ),
    Entry(
        "CV103",
        ERROR,
        "YAML tag refused",
        "Either remove the tag (the text starting with '!') and write the plain value, "
        "or quote the value if the '!' is part of the text.",
    ),
    Entry(
        "CV104",
        ERROR,
        "Too many YAML aliases",
        "Either write the repeated content out in full, or remove the anchors ('&name') "
        "and aliases ('*name').",
    ),
    Entry(
        "CV105",
        ERROR,
        "Nested too deeply",
        "Either flatten the structure, or check for a runaway bracket or indentation.",
    ),
    Entry(
        "CV106",
        ERROR,
        "Key written twice",
        "Either delete one of the two entries, or rename one if they mean different things.",
    ),
    Entry(
        "CV107",
        ERROR,
        "Too many items",
        "Either split the form or pathway into smaller ones, or remove items that are not needed.",
    ),
    Entry(
        "CV108",
        ERROR,
        "Not a definition",
        "Either write the definition as a mapping starting with 'id:', or remove the "
        "file from the library folder.",
    ),
    Entry(
        "CV109",
        ERROR,
        "File cannot be read",
        "Either check that the path is right and the file is saved as UTF-8 text, or "
        "export it again from the designer.",
    ),
    Entry(
        "CV110", ERROR, "Key is not plain text", "Either write the key as plain text, or quote it."
    ),
]

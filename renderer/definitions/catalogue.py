"""The catalogue: every problem the loader can report has a stable code.

Codes never change meaning once released, so councils can search for them, suppress
them in their own tooling and link to docs/errors.md. Ranges: CV1xx file and YAML,
CV2xx schema, CV3xx ids, references and other checks within a form (patterns,
output templates), CV4xx rules, CV5xx pathways, CV9xx warnings.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Entry:
    code: str
    severity: str
    title: str
    fix: str


_ENTRIES = [
    Entry(
        "CV100",
        ERROR,
        "The checker failed on this file",
        "Either simplify the part of the file named in the message, or report the "
        "message to the Convivial maintainers: this is a bug in the checker.",
    ),
    # --- CV1xx: the file and its YAML -------------------------------------------
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
    # --- CV2xx: shape (JSON Schema) ----------------------------------------------
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
    # --- CV3xx: ids and references -----------------------------------------------
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
    # --- CV4xx: rules ------------------------------------------------------------
    Entry(
        "CV401",
        ERROR,
        "Rule names an unknown variable",
        "Either correct the name to an existing field id (or 'today'), or add the "
        "field the rule needs.",
    ),
    Entry(
        "CV402",
        ERROR,
        "Rule is not valid JSON Logic",
        "Either correct the rule as described, or rebuild it in the designer's rule editor.",
    ),
    Entry(
        "CV403",
        ERROR,
        "Calculation depends on itself",
        "Either remove one of the calculations in the loop, or make one of them use "
        "an answer the practitioner enters.",
    ),
    Entry(
        "CV404",
        ERROR,
        "show_if depends on itself",
        "Either remove one of the show_if conditions in the loop, or base one of them "
        "on a field that is always shown.",
    ),
    Entry(
        "CV405",
        ERROR,
        "Rule names a field inside a repeating group",
        "Either move the rule into the same repeating group, or refer to a field "
        "outside any group.",
    ),
    Entry(
        "CV311",
        ERROR,
        "Unknown case fact",
        "Either use one of the case facts listed in docs/language.md (the message suggests "
        "the nearest), or remove 'fact' if the field records nothing the case keeps.",
    ),
    Entry(
        "CV312",
        ERROR,
        "The field cannot hold this fact",
        "Either choose a fact of the field's kind (a date field holds a date fact), or "
        "change the field's type to one the fact fits; inside a repeating group, put the "
        "fact on the group itself.",
    ),
    Entry(
        "CV313",
        ERROR,
        "Case note settings out of place",
        "Either give the case note type a 'note_date' naming its date field (outside any "
        "repeating group), or remove 'note_date' and 'visit_when' from a form that is not "
        "'kind: case_note'.",
    ),
    # --- CV5xx: pathways ---------------------------------------------------------
    Entry(
        "CV501",
        ERROR,
        "Stage form not in the library",
        "Either add the form to form_library/, or correct the form id.",
    ),
    Entry(
        "CV502",
        ERROR,
        "Pre-fill target is not a field of the stage's form",
        "Either correct the field id, or remove the pre-fill entry.",
    ),
    Entry(
        "CV503",
        ERROR,
        "Pre-fill source stage is unknown or not earlier",
        "Either name a stage listed before this one, or take the value from a case attribute.",
    ),
    Entry(
        "CV504",
        ERROR,
        "Pre-fill source field does not exist",
        "Either correct the field id, or choose a field that the source stage's form has.",
    ),
    Entry(
        "CV505",
        ERROR,
        "Unknown case attribute",
        "Either use one of the case attributes listed, or pre-fill from an earlier stage instead.",
    ),
    Entry(
        "CV506",
        ERROR,
        "Pre-fill types do not fit",
        "Either pre-fill from a field of a compatible type (see docs/language.md), or "
        "set mode: none and explain why in the note.",
    ),
    Entry(
        "CV507",
        ERROR,
        "Reference to an unknown stage",
        "Either correct the stage id, or add the stage.",
    ),
    Entry(
        "CV508",
        ERROR,
        "Due rule names something unknown",
        "Either correct the name, or add the missing event or parameter.",
    ),
    Entry(
        "CV509",
        ERROR,
        "Due clock depends on itself",
        "Either start the clock from an event or another stage, or remove the due rule.",
    ),
    Entry(
        "CV510",
        ERROR,
        "Parameter unit does not fit",
        "Either use a parameter whose unit matches, or change the parameter's unit.",
    ),
    Entry(
        "CV511",
        ERROR,
        "Pre-fill on a stage without a form",
        "Either give the stage a form, or remove the pre-fill.",
    ),
    Entry(
        "CV512",
        ERROR,
        "Field pre-filled twice",
        "Either keep one pre-fill entry for the field, or pre-fill a different field.",
    ),
    Entry(
        "CV513",
        ERROR,
        "Event recorded by no answer",
        "Either name a date field of that stage's form (outside any repeating group), or "
        "remove recorded_by and record the event another way.",
    ),
    Entry(
        "CV514",
        ERROR,
        "Event recorded by an answer that is not a date",
        "Either name a date field, or change the field's type to date.",
    ),
    Entry(
        "CV515",
        ERROR,
        "Transition fires on submit from a stage with no form",
        "Either remove fires_on (it fires when the activity is done), or give the stage a form.",
    ),
    Entry(
        "CV516",
        ERROR,
        "A field reading a fact cannot show what an earlier stage records",
        "Either make the two fields fit (the same options, the same group fields, a "
        "length no smaller), or pre-fill this field in the pathway from somewhere else "
        "(or set mode: none with a note).",
    ),
    Entry(
        "CV517",
        ERROR,
        "Stage completed by an unknown kind of note",
        "Either name a case note type of the library that has 'visit_when' (such as "
        "home_visit), or remove it from the stage's 'completed_by_notes'.",
    ),
    Entry(
        "CV518",
        ERROR,
        "Date trigger names no answer",
        "Either name a date question of that stage's form (outside any repeating group), "
        "or fire the trigger another way, such as when the stage is finished.",
    ),
    Entry(
        "CV519",
        ERROR,
        "Date trigger names an answer that is not a date",
        "Either name a date question, or change the question's type to date.",
    ),
    Entry(
        "CV520",
        ERROR,
        "Deadline trigger on a stage with no timescale",
        "Either give the stage a timescale ('due'), or name a stage that has one.",
    ),
    # --- CV9xx: warnings ---------------------------------------------------------
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

CATALOGUE: dict[str, Entry] = {e.code: e for e in _ENTRIES}

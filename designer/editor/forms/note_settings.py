"""A case note type's settings on the form's details page, in plain words (pure Python).

The designer never sees `kind`, `note_date` or `visit_when`: they tick "This is a case
note", pick the date question from a list, and say when a note counts as a visit by
choosing the form's own question about seeing the child. A rule written by hand in the
YAML that is more than that is shown in words and kept as it is.
"""

from __future__ import annotations

from designer.editor.conditions.words import sentence

KEYS = ("kind", "significant", "note_date", "visit_when")
NEVER, KEEP = "never", "keep"


def _top(doc: dict) -> list[dict]:
    # note_date must be a question outside any repeating group (CV313).
    return [f for s in doc.get("sections") or [] for f in s.get("fields") or []]


def date_choices(doc: dict) -> list[tuple[str, str]]:
    return [(f["id"], f.get("label") or f["id"]) for f in _top(doc) if f.get("type") == "date"]


def _seen_rule(field_id: str) -> dict:
    return {"==": [{"var": field_id}, "yes"]}


def seen_questions(doc: dict) -> list[dict]:
    """The yes/no questions about seeing the child; every yes/no question if none says so."""
    yes_no = [f for f in _top(doc) if f.get("type") == "yes_no"]
    about_seeing = [
        f for f in yes_no if "seen" in f["id"] or "see " in (f.get("label") or "").lower()
    ]
    return about_seeing or yes_no


def shown(doc: dict) -> dict:
    """What the page shows: each setting and the choices it offers."""
    is_note = doc.get("kind") == "case_note"
    fields = {f["id"]: f for f in _top(doc)}
    rule = doc.get("visit_when")
    choices = [
        (
            f"seen:{f['id']}",
            f"When the child was seen (the answer to ‘{f.get('label') or f['id']}’ is Yes)",
        )
        for f in seen_questions(doc)
    ]
    current = NEVER
    if rule is not None:
        current = next((v for v, _ in choices if _seen_rule(v[5:]) == rule), KEEP)
    if current == KEEP:
        choices.insert(0, (KEEP, f"Keep the current rule: when {sentence(rule, fields)}"))
    choices.append((NEVER, "Never: this note does not count as a visit"))
    return {
        "is_note": is_note,
        "significant": doc.get("significant", not is_note),
        "note_date": doc.get("note_date") or "",
        "date_choices": date_choices(doc),
        "visit_choices": choices,
        "visit_when": current,
    }


def from_form(data, doc: dict) -> dict:
    """The settings as posted, ready for `set_form`; a setting left as it was stays as
    written (an absent `significant` stays absent while it matches the default)."""
    is_note = data.get("is_case_note") == "yes"
    significant = data.get("significant") == "yes"
    values: dict = {}
    if is_note:
        values["kind"] = "case_note"
    elif doc.get("kind") == "case_note":
        values["kind"] = None
    else:
        values["kind"] = doc.get("kind")  # an explicit `kind: form` stays
    if "significant" in doc or significant != (not is_note):
        values["significant"] = significant
    else:
        values["significant"] = None
    if not is_note:
        values["note_date"] = values["visit_when"] = None
        return values
    dates = [v for v, _ in date_choices(doc)]
    posted_date = data.get("note_date", "")
    # A form just made a note gets its first date question, so it is never left without.
    fallback = doc.get("note_date") or next(iter(dates), None)
    values["note_date"] = posted_date if posted_date in dates else fallback
    choice = data.get("visit_when", NEVER)
    seen = {f["id"] for f in seen_questions(doc)}
    if choice == KEEP:
        values["visit_when"] = doc.get("visit_when")
    elif choice.startswith("seen:") and choice[5:] in seen:
        values["visit_when"] = _seen_rule(choice[5:])
    else:
        values["visit_when"] = None
    return values

"""What is true about a record page posted after its session ran out (no JavaScript,
or a page that sat open): what the server already holds and when it was saved, and
which answers on the page were not saved, under their questions' own labels.

Nothing is saved from such a post: the timeout exists so that nobody can carry on
from a computer left unattended.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from casework.models import User
from casework.records import service as records
from renderer.screens import compile_form


@dataclass
class AfterTimeout:
    saved_at: datetime | None = None  # the person's own last save of this record
    all_saved: bool = False  # the page said everything on it was saved, and it was
    labels: dict[str, str] = field(default_factory=dict)  # posted name -> question


def describe(user: User | None, record_id: object, form) -> AfterTimeout:
    if user is None or not isinstance(record_id, int) or not 0 < record_id < 2**31:
        return AfterTimeout()  # (an id no database column holds is no record)
    try:
        record = records.get(user, record_id, purpose=None)
    except records.RecordNotFound:
        return AfterTimeout()
    saved_at = records.last_saved_by(record, user)
    # recording.mjs marks a post whose every answer autosave had already saved; it is
    # believed only if nothing has been saved since (the revision is still the same).
    all_saved = form.get("_autosaved") == str(record.revision) and saved_at is not None
    fields = compile_form(records.form_of(record)).fields_by_id
    labels = {}
    for name in form:
        parts = name.split("-")
        found = fields.get(name) or fields.get(parts[0])
        if found is not None and found.label:
            # A date's day, month and year (or an item of a list) say which part.
            rest = " ".join(p for p in parts[1:] if not p.isdigit())
            labels[name] = f"{found.label} ({rest})" if rest and name not in fields else found.label
    return AfterTimeout(saved_at=saved_at, all_saved=all_saved, labels=labels)

"""CV313: a case note type names its date field; only a case note type says how it counts.

A case note (`kind: case_note`) is placed in the chronology by the answer to its
`note_date` field, and `visit_when` says when a note counts as a visit to the child.
Both mean nothing on an ordinary form, so they are refused there rather than ignored.
"""

from __future__ import annotations

from .errors import Problem, did_you_mean
from .rule_refs import rule_problems, rule_vars, unknown_var_problem

NOTE_ONLY = ("note_date", "visit_when")


def note_problems(doc) -> list[Problem]:
    data = doc.data
    out: list[Problem] = []
    top = {f["id"]: f for s in data["sections"] for f in s["fields"]}
    if data.get("kind", "form") != "case_note":
        for key in NOTE_ONLY:
            if key in data:
                out.append(
                    _problem(
                        doc,
                        (key,),
                        f"'{key}' only means something on a case note type, and this form "
                        "is not one (it has no 'kind: case_note').",
                    )
                )
        return out
    date_id = data.get("note_date")
    dates = sorted(i for i, f in top.items() if f["type"] == "date")
    if date_id is None:
        out.append(
            _problem(
                doc,
                ("kind",),
                "A case note type needs 'note_date': the id of the date field that says when "
                "the contact happened"
                + (f" (this form has {', '.join(dates)})." if dates else ", and it has none."),
            )
        )
    elif date_id not in dates:
        out.append(
            _problem(
                doc,
                ("note_date",),
                f"'note_date' names '{date_id}', which is not a date field outside any "
                f"repeating group.{did_you_mean(date_id, dates)}",
            )
        )
    if "visit_when" in data:
        rule = data["visit_when"]
        out.extend(rule_problems(doc, rule, ("visit_when",)))
        known = sorted(set(top) | {"today"})
        for name in sorted(rule_vars(rule)):
            if name.split(".", 1)[0] not in known:
                out.append(
                    unknown_var_problem(doc, rule, ("visit_when",), name, known, "visit_when")
                )
    return out


def _problem(doc, path, message) -> Problem:
    line, col = doc.locate(path)
    return Problem("CV313", message, file=doc.file, line=line, column=col, path=doc.path_text(path))

"""Checks on case facts (facts.py): names and types in a form, fit across a pathway.

Runs only on schema-valid data.
"""

from __future__ import annotations

from .errors import Problem, did_you_mean
from .facts import FACTS, KIND_FIELD_TYPES, KIND_WORDS, fits
from .prefill_types import compatibility_problem


def _add(doc, problems, code, path, message) -> None:
    line, col = doc.locate(path)
    problems.append(
        Problem(code, message, file=doc.file, line=line, column=col, path=doc.path_text(path))
    )


def form_fact_problems(doc, fields) -> list[Problem]:
    """CV311 (unknown fact) and CV312 (a fact the field cannot hold) for one form."""
    problems: list[Problem] = []
    holder: dict[str, str] = {}
    for ref in fields:
        f = ref.data
        name = f.get("fact")
        if name is None:
            continue
        at = (*ref.path, "fact")
        fact = FACTS.get(name)
        if fact is None:
            _add(
                doc,
                problems,
                "CV311",
                at,
                f"Field '{f['id']}' names the fact '{name}', which is not a case fact."
                f"{did_you_mean(name, FACTS)}",
            )
            continue
        if ref.group is not None:
            _add(
                doc,
                problems,
                "CV312",
                at,
                f"Field '{f['id']}' is inside the repeating group '{ref.group}', which has "
                f"one answer per item, so it cannot hold the fact '{name}'.",
            )
        elif not fits(fact, f["type"]):
            types = " or ".join(sorted(t.replace("_", " ") for t in KIND_FIELD_TYPES[fact.kind]))
            _add(
                doc,
                problems,
                "CV312",
                at,
                f"The fact '{name}' holds {KIND_WORDS[fact.kind]}, which a "
                f"{f['type'].replace('_', ' ')} field cannot hold; it fits a {types} field.",
            )
        elif f.get("fact_use", "both") != "reads" and name in holder:
            _add(
                doc,
                problems,
                "CV312",
                at,
                f"Fields '{holder[name]}' and '{f['id']}' both record the fact '{name}', so "
                "the form would give it two values at once.",
            )
        else:
            if f.get("fact_use", "both") != "reads":
                holder[name] = f["id"]
    return problems


def fact_fit_problems(c, stage: dict, stage_index: int, form, path) -> None:
    """CV513: a field reading a fact must accept what each earlier stage records for it.

    A field the stage pre-fills itself (point to point, or `mode: none`) does not read.
    """
    if form is None:
        return
    own = {entry["field"] for entry in stage.get("prefill", ())}
    for target in form.all_fields():
        name = target.reads_fact
        if name is None or target.id in own or name not in FACTS:
            continue
        if not fits(FACTS[name], target.type):
            continue
        for earlier in c.data["stages"][:stage_index]:
            source_form = c.forms.get(earlier.get("form"))
            if source_form is None:
                continue
            for source in source_form.all_fields():
                if source.records_fact != name or not fits(FACTS[name], source.type):
                    continue
                why = compatibility_problem(target, source)
                if why:
                    c.add(
                        "CV513",
                        (*path, "form"),
                        f"Field '{target.id}' of form '{form.id}' reads the fact '{name}', "
                        f"which field '{source.id}' of stage '{earlier['id']}' records, "
                        f"but it cannot show that answer: {why}",
                    )

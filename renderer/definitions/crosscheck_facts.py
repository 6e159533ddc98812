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
    """CV516: a field reading a fact must accept what each earlier stage records for it.

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
                        "CV516",
                        (*path, "form"),
                        f"Field '{target.id}' of form '{form.id}' reads the fact '{name}', "
                        f"which field '{source.id}' of stage '{earlier['id']}' records, "
                        f"but it cannot show that answer: {why}",
                    )


# Types with nothing to ask: they show text, compute, sign off or hold a file.
_NOT_ASKED = frozenset({"guidance", "calculated", "manager_authorisation", "file"})


def _wording(label: str | None) -> str:
    return " ".join(
        "".join(ch for ch in (label or "").lower() if ch.isalnum() or ch == " ").split()
    )


def _same_question(target, source) -> str | None:
    """Why `source` (an earlier field) is the question `target` asks again, or None."""
    if target.fact and source.records_fact == target.fact:
        return "the same case fact"
    if source.type != target.type:
        return None
    if target.type in ("single_choice", "multiple_choice") and set(source.option_ids) != set(
        target.option_ids
    ):
        return None  # "Decision" with other choices is another decision
    if source.id == target.id:
        return "the same question"
    if _wording(source.label) and _wording(source.label) == _wording(target.label):
        return "the same wording"
    return None


def asked_twice_problems(c, stage: dict, stage_index: int, form, path) -> None:
    """CV911: a form asks what an earlier stage recorded, with no pre-fill and no reason.

    A field is not asked twice when the stage pre-fills it (any entry: point to point, or
    `mode: none`, whose note is the reason), or when it reads a case fact. A field that
    only records its fact (`fact_use: records`) is asked afresh, so it needs the
    pathway's note like any other. A stage using the same
    form as an earlier one is the next visit or meeting, so its questions are new ones.
    """
    if form is None:
        return
    own = {entry["field"] for entry in stage.get("prefill", ())}
    for section in form.sections:
        for target in section.fields:
            if target.type in _NOT_ASKED or target.id in own or target.reads_fact:
                continue
            found = _earlier_answer(c, stage_index, target, form.id)
            if found is None:
                continue
            earlier_stage, source, why = found
            c.add(
                "CV911",
                (*path, "form"),
                f"Stage '{stage['id']}' asks '{target.label}' ({target.id}) again: stage "
                f"'{earlier_stage}' already recorded it ({why}, field '{source.id}'). Nothing "
                "pre-fills it and no note says why it is asked afresh.",
            )


def _earlier_answer(c, stage_index: int, target, form_id: str):
    for earlier in c.data["stages"][:stage_index]:
        source_form = c.forms.get(earlier.get("form"))
        # The same form again is the next visit or meeting: its answers are about this one.
        if source_form is None or source_form.id == form_id:
            continue
        for section in source_form.sections:
            for source in section.fields:
                if source.type in _NOT_ASKED:
                    continue
                why = _same_question(target, source)
                if why:
                    return earlier["id"], source, why
    return None

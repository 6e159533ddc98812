"""Cross-checks for pathways: stages, forms, pre-fill, due clocks, transitions, rules.

Needs the forms of the library (id -> model.Form) to check stage forms and pre-fill.
Runs only on schema-valid data.
"""

from __future__ import annotations

from .crosscheck_facts import asked_twice_problems, fact_fit_problems
from .crosscheck_flow import check_flow
from .crosscheck_triggers import check_trigger_dates
from .errors import Problem, did_you_mean
from .identifiers import IdChecker
from .prefill_types import CASE_ATTRIBUTES, compatibility_problem
from .rule_refs import rule_problems, rule_vars, unknown_var_problem

_PARAMETER_UNIT = {
    "working_days": "working_days",
    "days": "calendar_days",
    "weeks": "weeks",
    "months": "months",
}


class _Check:
    def __init__(self, doc, forms: dict):
        self.doc = doc
        self.data = doc.data
        self.forms = forms
        self.problems: list[Problem] = []
        self.ids = IdChecker(doc, self.problems)
        self.stage_index: dict[str, int] = {}
        self.events: set[str] = set()
        self.params: dict[str, dict] = {}
        self.used: set[str] = set()

    def add(self, code, path, message) -> None:
        line, col = self.doc.locate(path)
        self.problems.append(
            Problem(
                code,
                message,
                file=self.doc.file,
                line=line,
                column=col,
                path=self.doc.path_text(path),
            )
        )

    def collection(self, key: str, what: str, namespaced: bool) -> dict:
        pairs = [(item["id"], (key, i, "id")) for i, item in enumerate(self.data.get(key, ()))]
        for ident, path in pairs:
            self.ids.check_reserved(ident, path, what, namespaced)
        return self.ids.unique(pairs, what, "this pathway")


def check_pathway(doc, forms: dict, expected_id: str | None = None) -> list[Problem]:
    c = _Check(doc, forms)
    data = doc.data
    c.ids.check_reserved(data["id"], ("id",), "pathway", namespaced=False)
    if expected_id is not None and data["id"] != expected_id:
        c.add(
            "CV304",
            ("id",),
            f"The pathway id is '{data['id']}' but the file is named '{expected_id}.yaml'.",
        )
    stage_ids = c.collection("stages", "stage", namespaced=True)
    c.stage_index = {
        s["id"]: i
        for i, s in enumerate(data["stages"])
        if stage_ids.get(s["id"]) == ("stages", i, "id")
    }
    c.events = set(c.collection("events", "event", namespaced=False))
    c.params = {p["id"]: p for p in data.get("parameters", ())}
    c.collection("parameters", "parameter", namespaced=False)
    c.collection("transitions", "transition", namespaced=False)
    c.collection("triggers", "trigger", namespaced=False)

    for i, stage in enumerate(data["stages"]):
        path = ("stages", i)
        form = _stage_form(c, stage, path)
        if "due" in stage:
            _check_due(c, stage["due"], (*path, "due"), stage["id"])
        _check_prefill(c, stage, i, form, path)
        fact_fit_problems(c, stage, i, form, path)
        asked_twice_problems(c, stage, i, form, path)
    for i, t in enumerate(data.get("transitions", ())):
        for key in ("from", "to"):
            _stage_ref(c, t[key], ("transitions", i, key), f"transition '{t['id']}'")
        if "when" in t:
            _check_rule(c, t["when"], ("transitions", i, "when"), f"transition '{t['id']}'")
    for i, t in enumerate(data.get("triggers", ())):
        _check_trigger(c, t, ("triggers", i))
    check_flow(c)
    _check_due_cycles(c)
    _unused(c)
    return c.problems


def _check_trigger(c: _Check, t: dict, path) -> None:
    """What a trigger waits for, the stage it starts and the task it sets."""
    on, where = t["on"], f"trigger '{t['id']}'"
    if "stage_completed" in on:
        _stage_ref(c, on["stage_completed"], (*path, "on", "stage_completed"), where)
    if "when" in on:
        _check_rule(c, on["when"], (*path, "on", "when"), where)
    check_trigger_dates(c, t, path)
    if "start" in t:
        _stage_ref(c, t["start"], (*path, "start"), where)
    if "due" in t.get("task", {}):
        _check_due(c, t["task"]["due"], (*path, "task", "due"), None)


def _stage_notes(c: _Check, stage: dict, path) -> None:
    for i, note_id in enumerate(stage.get("completed_by_notes", ())):
        note = c.forms.get(note_id)
        if note is None and note_id in c.forms:
            continue  # the note type exists but is broken: reported on its own file
        if note is None or note.kind != "case_note" or note.visit_when is None:
            c.add(
                "CV517",
                (*path, "completed_by_notes", i),
                f"Stage '{stage['id']}' is completed by notes of type '{note_id}', which "
                + (
                    "is not a case note type with 'visit_when'."
                    if note is not None
                    else f"is not in the library.{did_you_mean(note_id, c.forms)}"
                ),
            )


def _stage_form(c: _Check, stage: dict, path):
    _stage_notes(c, stage, path)
    if "form" not in stage:
        return None
    form = c.forms.get(stage["form"])
    if form is None and stage["form"] not in c.forms:  # None value: form exists but is broken
        c.add(
            "CV501",
            (*path, "form"),
            f"Stage '{stage['id']}' uses form '{stage['form']}', "
            f"which is not in the library.{did_you_mean(stage['form'], c.forms)}",
        )
    return form


def _stage_ref(c: _Check, ident: str, path, owner: str) -> bool:
    if ident in c.stage_index:
        return True
    c.add(
        "CV507",
        path,
        f"The {owner} names stage '{ident}', which is not a stage of this "
        f"pathway.{did_you_mean(ident, c.stage_index)}",
    )
    return False


def _check_due(c: _Check, due: dict, path, own_stage: str | None) -> None:
    start = due.get("from", {})
    for kind, ident in start.items():
        at = (*path, "from", kind)
        if kind == "event":
            c.used.add(ident)
            if ident not in c.events:
                c.add(
                    "CV508",
                    at,
                    f"The due rule starts from event '{ident}', which is not "
                    f"one of the pathway's events.{did_you_mean(ident, c.events)}",
                )
        elif (
            _stage_ref(c, ident, at, "due rule")
            and kind == "stage_completed"
            and ident == own_stage
        ):
            c.add(
                "CV509",
                at,
                f"Stage '{own_stage}' is due a time after it is itself "
                "completed, so it can never be due.",
            )
    amounts = [("working_days", due["working_days"])] if "working_days" in due else []
    amounts += [(k, v) for k, v in due.get("calendar", {}).items()]
    for unit, amount in amounts:
        if not isinstance(amount, dict):
            continue
        name = amount["parameter"]
        c.used.add(name)
        at = (
            *path,
            *(("working_days",) if unit == "working_days" else ("calendar", unit)),
            "parameter",
        )
        param = c.params.get(name)
        if param is None:
            c.add(
                "CV508",
                at,
                f"The due rule uses parameter '{name}', which is not one of the "
                f"pathway's parameters.{did_you_mean(name, c.params)}",
            )
        elif param["unit"] != _PARAMETER_UNIT[unit]:
            c.add(
                "CV510",
                at,
                f"The due rule counts {unit.replace('_', ' ')} but parameter "
                f"'{name}' is in {param['unit'].replace('_', ' ')}.",
            )


def _check_due_cycles(c: _Check) -> None:
    """A stage whose clock waits on a stage whose clock waits on it is never due."""
    waits = {}
    for s in c.data["stages"]:
        start = s.get("due", {}).get("from", {})
        if "stage_completed" in start and start["stage_completed"] != s["id"]:
            waits[s["id"]] = start["stage_completed"]
    reported: set[frozenset] = set()
    for origin in waits:
        chain, node = [origin], waits[origin]
        while node in waits and node not in chain:
            chain.append(node)
            node = waits[node]
        if node == origin and frozenset(chain) not in reported:
            reported.add(frozenset(chain))
            i = c.stage_index.get(origin, 0)
            c.add(
                "CV509",
                ("stages", i, "due", "from"),
                "Due clocks wait on each other in a "
                f"loop: {' -> '.join([*chain, origin])} (each starts when the next is "
                "completed).",
            )


def _check_prefill(c: _Check, stage: dict, index: int, form, path) -> None:
    entries = stage.get("prefill", ())
    if entries and "form" not in stage:
        c.add(
            "CV511",
            (*path, "prefill"),
            f"Stage '{stage['id']}' is an activity without a "
            "form, so there is nothing to pre-fill.",
        )
        return
    seen: dict[str, int] = {}
    for j, entry in enumerate(entries):
        at = (*path, "prefill", j)
        target_id = entry["field"]
        if target_id in seen:
            c.add(
                "CV512",
                (*at, "field"),
                f"Field '{target_id}' of stage '{stage['id']}' is "
                f"pre-filled twice (entries {seen[target_id] + 1} and {j + 1}).",
            )
        seen.setdefault(target_id, j)
        if entry.get("mode") == "none" and not entry.get("note"):
            c.add(
                "CV905",
                at,
                f"Field '{target_id}' of stage '{stage['id']}' is deliberately "
                "not pre-filled but no note says why.",
            )
        target = None
        if form is not None:
            target = form.fields_by_id.get(target_id)
            if target is None:
                c.add(
                    "CV502",
                    (*at, "field"),
                    f"Stage '{stage['id']}' pre-fills "
                    f"'{target_id}', which is not a field of form '{form.id}'."
                    f"{did_you_mean(target_id, form.fields_by_id)}",
                )
        source = entry.get("from")
        if source is not None:
            _check_source(c, source, (*at, "from"), index, target)


def _check_source(c: _Check, source: dict, at, index: int, target) -> None:
    if "case" in source:
        name = source["case"]
        kinds = CASE_ATTRIBUTES.get(name)
        if kinds is None:
            c.add(
                "CV505",
                (*at, "case"),
                f"'{name}' is not a case attribute. Known: "
                f"{', '.join(CASE_ATTRIBUTES)}.{did_you_mean(name, CASE_ATTRIBUTES)}",
            )
        elif target is not None and target.type not in kinds:
            c.add(
                "CV506",
                at,
                f"'{name}' cannot pre-fill the {target.type} field "
                f"'{target.id}'; it fits {', '.join(sorted(kinds))} fields.",
            )
        return
    stage_id, field_id = source["stage"], source["field"]
    src_index = c.stage_index.get(stage_id)
    if src_index is None or src_index >= index:
        why = (
            "is not a stage of this pathway"
            if src_index is None
            else ("is this stage" if src_index == index else "comes later in the pathway")
        )
        hint = did_you_mean(stage_id, c.stage_index) if src_index is None else ""
        c.add(
            "CV503",
            (*at, "stage"),
            f"Pre-fill source stage '{stage_id}' {why}; values can "
            f"only come from an earlier stage.{hint}",
        )
        return
    src_stage = c.data["stages"][src_index]
    src_form = c.forms.get(src_stage.get("form"))
    if src_form is None:
        if "form" not in src_stage:
            c.add(
                "CV504",
                (*at, "stage"),
                f"Source stage '{stage_id}' is an activity without a form, so it has no fields.",
            )
        return  # an unknown form is already reported as CV501 on that stage
    source_field = src_form.fields_by_id.get(field_id)
    if source_field is None:
        c.add(
            "CV504",
            (*at, "field"),
            f"'{field_id}' is not a field of form "
            f"'{src_form.id}' (stage '{stage_id}')."
            f"{did_you_mean(field_id, src_form.fields_by_id)}",
        )
        return
    if target is not None:
        problem = compatibility_problem(target, source_field)
        if problem:
            c.add("CV506", at, f"'{stage_id}.{field_id}' cannot pre-fill '{target.id}': {problem}")


def _check_rule(c: _Check, rule, path, owner: str) -> None:
    c.problems.extend(rule_problems(c.doc, rule, path))
    known = {"today", *CASE_ATTRIBUTES}
    for name in sorted(rule_vars(rule)):
        if name in known:
            continue
        head, _, rest = name.partition(".")
        idx = c.stage_index.get(head)
        if idx is not None and rest and "form" not in c.data["stages"][idx]:
            # An activity records no answers, so a rule reading one would never be true.
            expected = f"an answer: stage '{head}' is an activity with no form"
            c.problems.append(
                unknown_var_problem(c.doc, rule, path, name, [], owner, expected=expected)
            )
            continue
        if idx is not None and rest:
            form = c.forms.get(c.data["stages"][idx].get("form"))
            if form is None or rest.split(".", 1)[0] in form.fields_by_id:
                continue  # unknown forms are reported as CV501 already
            choices = [f"{head}.{f}" for f in form.fields_by_id]
        else:
            choices = sorted(known) + [f"{s}.<field>" for s in c.stage_index]
        c.problems.append(unknown_var_problem(c.doc, rule, path, name, choices, owner))


def _unused(c: _Check) -> None:
    for key, names in (("events", c.events), ("parameters", set(c.params))):
        for i, item in enumerate(c.data.get(key, ())):
            if item["id"] in names and item["id"] not in c.used:
                c.add(
                    "CV906",
                    (key, i, "id"),
                    f"The {key[:-1]} '{item['id']}' is declared but no due rule uses it.",
                )

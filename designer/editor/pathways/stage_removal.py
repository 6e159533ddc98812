"""What else goes when a stage is deleted, and which stages may not be (pure Python).

Things that exist only because of the stage go with it in the same edit: transitions
into and out of it, triggers that start it or wait for it to finish, and pre-fills
that copy its answers into later stages (those questions start empty instead).

Things that need the working group to decide are not changed behind their backs: a
later stage whose timescale counts from this one (what should its clock start from
now?), and a condition elsewhere that reads this stage's answers (what should it ask
instead?). While any of those exist the deletion is refused, naming each one.

A stage of the published pathway is statutory when its timescale is a national one
(a parameter with `national: true`) or its form has questions that feed a statutory
return (the CIN census); like statutory questions, it cannot be deleted. A stage whose
form feeds a statutory return also keeps that form: it cannot become an activity or
record another form, by any route.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from designer.editor.forms.operations import OperationRefused, statutory_fields
from renderer.definitions.rule_refs import rule_vars


@dataclass(frozen=True)
class Blocker:
    """Something to change before the stage can go: stage | transition | trigger | event."""

    kind: str
    ident: str
    why: str


@dataclass
class Removal:
    stage: dict
    transitions: list[dict] = field(default_factory=list)
    triggers: list[dict] = field(default_factory=list)
    prefills: list[tuple[dict, dict]] = field(default_factory=list)  # (stage, rule)
    blockers: list[Blocker] = field(default_factory=list)


def reads(rule, stage_id: str) -> bool:
    """Whether the rule reads an answer of the stage (`<stage id>.<field id>`)."""
    return any(name.split(".", 1)[0] == stage_id for name in rule_vars(rule))


def _goes_with(trigger: dict, stage_id: str) -> bool:
    return (
        trigger.get("start") == stage_id
        or (trigger.get("on") or {}).get("stage_completed") == stage_id
    )


def _transitions(out: Removal, doc: dict, stage_id: str, title: str) -> None:
    for t in doc.get("transitions") or []:
        if stage_id in (t.get("from"), t.get("to")):
            out.transitions.append(t)
        elif reads(t.get("when"), stage_id):
            out.blockers.append(
                Blocker(
                    "transition",
                    t.get("id", ""),
                    f"The condition of the transition ‘{t.get('id')}’ reads answers from "
                    f"‘{title}’: change the condition first.",
                )
            )


def _triggers(out: Removal, doc: dict, stage_id: str, title: str) -> None:
    for t in doc.get("triggers") or []:
        if _goes_with(t, stage_id):
            out.triggers.append(t)
        elif reads((t.get("on") or {}).get("when"), stage_id):
            out.blockers.append(
                Blocker(
                    "trigger",
                    t.get("id", ""),
                    f"The condition of the trigger ‘{t.get('id')}’ reads answers from "
                    f"‘{title}’: change the condition first.",
                )
            )


def _events(out: Removal, doc: dict, stage_id: str, title: str) -> None:
    for event in doc.get("events") or []:
        if (event.get("recorded_by") or {}).get("stage") == stage_id:
            out.blockers.append(
                Blocker(
                    "event",
                    event.get("id", ""),
                    f"The event ‘{event.get('label')}’ is recorded by an answer in ‘{title}’: "
                    "choose which answer records it instead first.",
                )
            )


def _counts_from(other: dict, stage_id: str) -> bool:
    start = ((other.get("due") or {}).get("from") or {}).items()
    return any(k in ("stage_completed", "stage_started") and v == stage_id for k, v in start)


def _other_stages(out: Removal, stages: list[dict], stage_id: str, title: str) -> None:
    for other in stages:
        if other is out.stage:
            continue
        if _counts_from(other, stage_id):
            out.blockers.append(
                Blocker(
                    "stage",
                    other.get("id", ""),
                    f"The timescale of ‘{other.get('title')}’ counts from ‘{title}’: choose "
                    "what it counts from instead first.",
                )
            )
        for rule in other.get("prefill") or []:
            if (rule.get("from") or {}).get("stage") == stage_id:
                out.prefills.append((other, rule))


def removal(doc: dict, stage_id: str) -> Removal:
    """Everything deleting the stage takes with it, and anything that stops it."""
    stages = doc.get("stages") or []
    stage = next((s for s in stages if s.get("id") == stage_id), None)
    if stage is None:
        raise OperationRefused(f"There is no stage with the id '{stage_id}' in this pathway.")
    title = stage.get("title") or stage_id
    out = Removal(stage)
    if len(stages) == 1:
        out.blockers.append(
            Blocker("stage", stage_id, "A pathway needs at least one stage: add another first.")
        )
    # Blockers are named in this order: transitions, triggers, events, then other stages.
    _transitions(out, doc, stage_id, title)
    _triggers(out, doc, stage_id, title)
    _events(out, doc, stage_id, title)
    _other_stages(out, stages, stage_id, title)
    return out


def remove(doc: dict, stage_id: str) -> None:
    """Delete the stage and what goes with it, in place; refuse if anything blocks."""
    found = removal(doc, stage_id)
    if found.blockers:
        raise OperationRefused(" ".join(b.why for b in found.blockers))
    doc["stages"] = [s for s in doc["stages"] if s.get("id") != stage_id]
    for key in ("transitions", "triggers"):
        gone = found.transitions if key == "transitions" else found.triggers
        if key in doc:
            doc[key] = [item for item in doc[key] if not any(item is g for g in gone)]
            if not doc[key]:
                del doc[key]
    for other in doc["stages"]:
        if "prefill" in other:
            other["prefill"] = [
                r for r in other["prefill"] if (r.get("from") or {}).get("stage") != stage_id
            ]
            if not other["prefill"]:
                del other["prefill"]


RETURNS = {"cin_census": "children in need census"}


def _return_name(ident: str) -> str:
    return RETURNS.get(ident, ident.replace("_", " "))


def statutory_stages(doc: dict | None, forms: dict[str, dict]) -> dict[str, str]:
    """stage id -> why it is statutory, for the stages of `doc` (the published
    pathway); `forms` maps form id -> form definition."""
    if not doc:
        return {}
    national = {p.get("id") for p in doc.get("parameters") or [] if p.get("national")}
    out = {}
    for stage in doc.get("stages") or []:
        due = stage.get("due") or {}
        amounts = [due.get("working_days"), *(due.get("calendar") or {}).values()]
        used = {a.get("parameter") for a in amounts if isinstance(a, dict)} & national
        fields = statutory_fields(forms.get(stage.get("form") or ""))
        returns = sorted({_return_name(f["statutory"].get("return", "")) for f in fields.values()})
        if used:
            out[stage["id"]] = (
                f"its timescale is the national one ‘{sorted(used)[0].replace('_', ' ')}’"
            )
        elif returns:
            out[stage["id"]] = f"its form has questions that feed the {', '.join(returns)}"
    return out


def statutory_forms(doc: dict | None, forms: dict[str, dict]) -> dict[str, str]:
    """stage id -> form id, for the stages of `doc` (the published pathway) whose form
    feeds a statutory return: such a stage keeps its form."""
    return {
        stage["id"]: stage["form"]
        for stage in (doc or {}).get("stages") or []
        if stage.get("form") and statutory_fields(forms.get(stage["form"]))
    }


def locked_problems(
    doc: dict, locked: dict[str, str], forms: dict[str, str] | None = None
) -> list[str]:
    """What breaks the statutory stage locks (empty = fine): a statutory stage deleted,
    or a stage whose form feeds a statutory return given another form or an activity."""
    present = {s.get("id"): s for s in doc.get("stages") or []}
    out = [
        f"The stage '{stage_id}' cannot be deleted: {why}."
        for stage_id, why in sorted(locked.items())
        if stage_id not in present
    ]
    for stage_id, form_id in sorted((forms or {}).items()):
        stage = present.get(stage_id)
        if stage is not None and stage.get("form") != form_id:
            out.append(
                f"The stage '{stage_id}' keeps its form '{form_id}': the form has "
                "questions that feed a statutory return."
            )
    return out

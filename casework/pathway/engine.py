"""The pathway engine's rules, as pure functions of a pathway and what has happened.

The database service (service.py) feeds these with the case's dates and answers and
stores what they return, so the rules themselves are easy to test and to explain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casework.pathway.calendar import add_calendar, add_working_days
from renderer.definitions import DueRule, Pathway, Stage
from renderer.definitions.rules import evaluate


class ClockNotStarted(LookupError):
    """The moment a deadline counts from has not happened yet."""


def anchor_key(kind: str, ident: str) -> str:
    return f"{kind}:{ident}"


def parameter_value(pathway: Pathway, parameter_id: str, overrides: dict[str, int] | None) -> int:
    if overrides and parameter_id in overrides:
        return overrides[parameter_id]
    for parameter in pathway.parameters:
        if parameter.id == parameter_id:
            return parameter.default
    raise KeyError(f"{pathway.id} has no parameter {parameter_id!r}")


def due_date(
    pathway: Pathway,
    rule: DueRule,
    anchors: dict[str, date],
    *,
    started_on: date | None = None,
    overrides: dict[str, int] | None = None,
) -> date:
    """When a stage or task is due. Anchors map 'event:x' / 'stage_completed:y' to dates."""
    if rule.from_kind is None:
        if started_on is None:
            raise ClockNotStarted("a task's clock starts when the task does")
        start = started_on
    else:
        key = anchor_key(rule.from_kind, rule.from_id)
        if key not in anchors:
            raise ClockNotStarted(key)
        start = anchors[key]
    amount = (
        rule.amount.value
        if rule.amount.parameter is None
        else parameter_value(pathway, rule.amount.parameter, overrides)
    )
    if rule.unit == "working_days":
        return add_working_days(start, amount, region=rule.regions, counting=rule.counting)
    return add_calendar(start, **{rule.unit: amount})


def rule_data(answers_by_stage: dict[str, dict], case_facts: dict | None = None) -> dict:
    """The data JSON Logic rules in a pathway see: `<stage>.<field>`, `case.x`, `child.x`."""
    data = {stage: dict(answers) for stage, answers in answers_by_stage.items()}
    data.update(case_facts or {})
    return data


@dataclass(frozen=True)
class NextStep:
    stage: Stage
    because: str


def next_stages(
    pathway: Pathway,
    completed_stage: str,
    data: dict,
    *,
    moment: str = "completed",
    started_on_submit: frozenset[str] = frozenset(),
) -> list[NextStep]:
    """Stages a stage leads to at a moment: its transitions whose condition holds.

    ``moment`` is "submitted" (sent for sign-off: only transitions that fire on submit)
    or "completed" (signed off, or submitted with no sign-off needed: the rest, and the
    fire-on-submit ones too). ``started_on_submit``: stages a fire-on-submit transition
    already started for this record; they are not started again."""
    stages = pathway.stages_by_id
    steps: list[NextStep] = []
    for transition in pathway.transitions:
        if transition.from_stage != completed_stage:
            continue
        on_submit = transition.fires_on == "submitted"
        if moment == "submitted" and not on_submit:
            continue
        if on_submit and transition.to_stage in started_on_submit:
            continue
        if transition.when is None or _truthy(evaluate(transition.when, data)):
            steps.append(
                NextStep(stages[transition.to_stage], transition.description or transition.id)
            )
    for trigger in pathway.triggers:
        fires = (
            moment == "completed"
            and trigger.on_kind == "stage_completed"
            and trigger.on_stage == completed_stage
            and trigger.start
            and (trigger.when is None or _truthy(evaluate(trigger.when, data)))
        )
        if fires:
            steps.append(NextStep(stages[trigger.start], trigger.description or trigger.id))
    seen: set[str] = set()
    return [s for s in steps if not (s.stage.id in seen or seen.add(s.stage.id))]


def opening_stages(pathway: Pathway) -> list[Stage]:
    stages = pathway.stages_by_id
    return [
        stages[t.start]
        for t in pathway.triggers
        if t.on_kind == "case_opened" and t.start in stages
    ]


def condition_holds(rule, data: dict) -> bool:
    return _truthy(evaluate(rule, data))


def _truthy(value) -> bool:
    # json-logic-js truthiness: an empty array is false, "0" is true.
    if isinstance(value, list):
        return len(value) > 0
    return bool(value) or value == "0"


@dataclass(frozen=True)
class PrefillValue:
    field: str
    value: object
    source: str  # "case" or a stage id
    source_label: str
    recorded_on: date | None


def prefill(
    pathway: Pathway,
    stage: Stage,
    *,
    case_facts: dict,
    latest_answers: dict[str, tuple[dict, date]],
) -> tuple[dict[str, PrefillValue], dict[str, str]]:
    """Values to carry into a new record, and fields deliberately not carried (with why).

    ``latest_answers`` maps a stage id to (answers, date recorded) of its newest record.
    """
    values: dict[str, PrefillValue] = {}
    not_carried: dict[str, str] = {}
    stages = pathway.stages_by_id
    for mapping in stage.prefill:
        if mapping.mode == "none":
            not_carried[mapping.field] = mapping.note or "Not carried forward: answer afresh."
            continue
        if mapping.from_case:
            group, _, attribute = mapping.from_case.partition(".")
            value = (case_facts.get(group) or {}).get(attribute)
            if value not in (None, "", []):
                values[mapping.field] = PrefillValue(
                    mapping.field, value, "case", "the case record", None
                )
        elif mapping.from_stage in latest_answers:
            answers, recorded_on = latest_answers[mapping.from_stage]
            value = answers.get(mapping.from_field)
            if value not in (None, "", [], {}):
                values[mapping.field] = PrefillValue(
                    mapping.field,
                    value,
                    mapping.from_stage,
                    stages[mapping.from_stage].title,
                    recorded_on,
                )
    return values, not_carried

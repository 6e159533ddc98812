"""Frozen, typed views of validated pathways (see model.py for the conventions)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .canonical import sha256_of


@dataclass(frozen=True)
class Parameter:
    id: str
    default: int
    unit: str
    description: str | None = None
    national: bool = False


@dataclass(frozen=True)
class Event:
    id: str
    label: str
    description: str | None = None
    # The date answer that records the event: its clock starts as soon as it is saved.
    recorded_by_stage: str | None = None
    recorded_by_field: str | None = None


@dataclass(frozen=True)
class Amount:
    """A number of units, or a parameter's value (resolved by the pathway engine)."""

    value: int | None = None
    parameter: str | None = None

    @classmethod
    def from_value(cls, v) -> Amount:
        return cls(parameter=v["parameter"]) if isinstance(v, dict) else cls(value=v)


@dataclass(frozen=True)
class DueRule:
    from_kind: str | None  # event | stage_completed | stage_started; None for task dues
    from_id: str | None
    unit: str  # working_days | days | weeks | months
    amount: Amount
    counting: str = "start_day_excluded"
    regions: str = "england"

    @classmethod
    def from_mapping(cls, m: dict) -> DueRule:
        start = m.get("from") or {}
        kind, ident = next(iter(start.items())) if start else (None, None)
        if "working_days" in m:
            unit, amount = "working_days", m["working_days"]
        else:
            unit, amount = next(iter(m["calendar"].items()))
        return cls(
            kind,
            ident,
            unit,
            Amount.from_value(amount),
            m.get("counting", "start_day_excluded"),
            m.get("regions", "england"),
        )


@dataclass(frozen=True)
class Prefill:
    field: str
    mode: str = "copy_once"
    from_stage: str | None = None
    from_field: str | None = None
    from_case: str | None = None  # e.g. child.full_name
    note: str | None = None

    @classmethod
    def from_mapping(cls, m: dict) -> Prefill:
        src = m.get("from") or {}
        return cls(
            m["field"],
            m.get("mode", "copy_once"),
            src.get("stage"),
            src.get("field"),
            src.get("case"),
            m.get("note"),
        )


@dataclass(frozen=True)
class Stage:
    id: str
    title: str
    form: str | None = None
    activity: str | None = None
    description: str | None = None
    done_by: tuple[str, ...] = ("practitioner",)
    weight: float = 1
    due: DueRule | None = None
    prefill: tuple[Prefill, ...] = ()
    # Case note types whose visit (their visit_when holds) completes this stage.
    completed_by_notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Transition:
    id: str
    from_stage: str
    to_stage: str
    when: object = field(default=None, hash=False)
    description: str | None = None
    # "completed": when the form is signed off (or submitted, if it needs no sign-off);
    # "submitted": as soon as it is submitted, while sign-off is pending.
    fires_on: str = "completed"


@dataclass(frozen=True)
class Task:
    title: str
    description: str | None = None
    due: DueRule | None = None
    done_by: tuple[str, ...] = ("practitioner",)
    weight: float = 1


@dataclass(frozen=True)
class Trigger:
    id: str
    on_kind: str  # case_opened | stage_completed | date_reached | deadline_approaching
    # stage_completed: the stage finished; deadline_approaching: the stage whose due date.
    on_stage: str | None = None
    on_child_age_years: int | None = None
    # date_reached by a date answered in a form: that stage's question.
    on_answer_stage: str | None = None
    on_answer_field: str | None = None
    # How long before the date (calendar days) or the deadline (in the stage's own
    # units: working days if its due rule counts them) the trigger fires.
    on_days_before: int = 0
    when: object = field(default=None, hash=False)
    start: str | None = None
    task: Task | None = None
    description: str | None = None


@dataclass(frozen=True)
class Pathway:
    id: str
    version: int
    title: str
    purpose: str
    owner: str
    stages: tuple[Stage, ...]
    labels: tuple[tuple[str, str], ...] = ()
    parameters: tuple[Parameter, ...] = ()
    events: tuple[Event, ...] = ()
    transitions: tuple[Transition, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    source: dict = field(default_factory=dict, hash=False, compare=False, repr=False)
    sha256: str = ""
    file: str = field(default="", compare=False)

    @property
    def stages_by_id(self) -> dict[str, Stage]:
        return {s.id: s for s in self.stages}

    def label(self, key: str, default: str = "") -> str:
        return dict(self.labels).get(key, default)

    @classmethod
    def from_mapping(cls, m: dict, file: str = "") -> Pathway:
        return cls(
            id=m["id"],
            version=m["version"],
            title=m["title"],
            purpose=m["purpose"],
            owner=m["owner"],
            stages=tuple(_stage(s) for s in m["stages"]),
            labels=tuple(m.get("labels", {}).items()),
            parameters=tuple(
                Parameter(
                    p["id"], p["default"], p["unit"], p.get("description"), p.get("national", False)
                )
                for p in m.get("parameters", ())
            ),
            events=tuple(_event(e) for e in m.get("events", ())),
            transitions=tuple(
                Transition(
                    t["id"],
                    t["from"],
                    t["to"],
                    t.get("when"),
                    t.get("description"),
                    t.get("fires_on", "completed"),
                )
                for t in m.get("transitions", ())
            ),
            triggers=tuple(_trigger(t) for t in m.get("triggers", ())),
            source=m,
            sha256=sha256_of(m),
            file=file,
        )


def _event(e: dict) -> Event:
    recorded_by = e.get("recorded_by") or {}
    return Event(
        e["id"],
        e["label"],
        e.get("description"),
        recorded_by.get("stage"),
        recorded_by.get("field"),
    )


def _stage(s: dict) -> Stage:
    return Stage(
        id=s["id"],
        title=s["title"],
        form=s.get("form"),
        activity=s.get("activity"),
        description=s.get("description"),
        done_by=tuple(s.get("done_by", ("practitioner",))),
        weight=s.get("weight", 1),
        due=DueRule.from_mapping(s["due"]) if "due" in s else None,
        prefill=tuple(Prefill.from_mapping(p) for p in s.get("prefill", ())),
        completed_by_notes=tuple(s.get("completed_by_notes", ())),
    )


def _trigger(t: dict) -> Trigger:
    on = t["on"]
    kinds = ("case_opened", "stage_completed", "date_reached", "deadline_approaching")
    kind = next(k for k in kinds if k in on)
    task = t.get("task")
    reached = on.get("date_reached") or {}
    approaching = on.get("deadline_approaching") or {}
    answer = reached.get("answer") or {}
    return Trigger(
        id=t["id"],
        on_kind=kind,
        on_stage=on.get("stage_completed") or approaching.get("stage"),
        on_child_age_years=reached.get("child_age_years"),
        on_answer_stage=answer.get("stage"),
        on_answer_field=answer.get("field"),
        on_days_before=reached.get("days_before") or approaching.get("days_before") or 0,
        when=on.get("when"),
        start=t.get("start"),
        task=Task(
            task["title"],
            task.get("description"),
            DueRule.from_mapping(task["due"]) if "due" in task else None,
            tuple(task.get("done_by", ("practitioner",))),
            task.get("weight", 1),
        )
        if task
        else None,
        description=t.get("description"),
    )

"""Hypothesis strategies: small forms and pathways drawn from shared id pools, so two
independently drawn definitions share items (and the diff sees moves and edits)."""

from __future__ import annotations

from hypothesis import strategies as st

SECTIONS = [f"s{i}" for i in range(5)]
FIELDS = [f"f{i}" for i in range(12)]
OPTIONS = [f"o{i}" for i in range(5)]
STAGES = [f"st{i}" for i in range(6)]
PARAMS = [f"p{i}" for i in range(3)]
EVENTS = [f"e{i}" for i in range(3)]

LABELS = st.sampled_from(
    [
        "Who is in the safety network?",
        "What's working well",
        "What needs to happen",
        "Police officer's name",
        "Line one\nline two\n",
        'Café: "quoted" & <b>',
        "yes",
        "on",
        "2026-11-23",
        "0o17",
        "A long sentence that goes on for a while, so that it is longer than eighty characters.",
    ]
)
RULES = st.sampled_from(
    [
        {"==": [{"var": "f1"}, "yes"]},
        {"!": [{"var": "f2"}]},
        {"and": [{"var": "f3"}, {">": [{"var": "f4"}, 3]}]},
    ]
)
SIMPLE_TYPES = ["text", "long_text", "yes_no", "single_choice", "multiple_choice", "number"]


@st.composite
def field_body(draw, fid: str, ftype: str) -> dict:
    field: dict = {"id": fid, "type": ftype, "label": draw(LABELS)}
    if draw(st.booleans()):
        field["hint"] = draw(LABELS)
    if draw(st.booleans()):
        field["required"] = draw(st.booleans())
    if draw(st.integers(0, 3)) == 0:
        field["show_if"] = draw(RULES)
    if draw(st.integers(0, 4)) == 0:
        field["statutory"] = {"return": "cin_census", "item": draw(st.sampled_from(["A", "B"]))}
    if ftype in ("single_choice", "multiple_choice"):
        ids = draw(st.lists(st.sampled_from(OPTIONS), unique=True, min_size=2, max_size=4))
        field["options"] = [{"id": o, "label": draw(LABELS)} for o in ids]
    if ftype == "number" and draw(st.booleans()):
        field["min"] = draw(st.sampled_from([0, 1, 1.5, True]))
    return field


@st.composite
def forms(draw, form_id: str = "sample_form") -> dict:
    section_ids = draw(st.lists(st.sampled_from(SECTIONS), unique=True, min_size=1, max_size=4))
    field_ids = draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=9))
    sections = [{"id": s, "title": draw(LABELS), "fields": []} for s in section_ids]
    for section in sections:
        if draw(st.booleans()):
            section["description"] = draw(LABELS)
    groups: list[dict] = []
    for fid in field_ids:
        ftype = draw(st.sampled_from([*SIMPLE_TYPES, "repeating_group"]))
        field = draw(field_body(fid, ftype))
        containers = sections if ftype == "repeating_group" else sections + groups
        draw(st.sampled_from(containers))["fields"].append(field)
        if ftype == "repeating_group":
            field["fields"] = []
            groups.append(field)
    form = {
        "id": form_id,
        "version": 1,
        "title": draw(LABELS),
        "purpose": draw(LABELS),
        "owner": "Child protection working group",
        "sections": sections,
    }
    if draw(st.booleans()):
        form["output"] = {"title": draw(LABELS), "introduction": draw(LABELS), "template": None}
    if draw(st.booleans()):
        form["authorisation"] = {"role": "team_manager"}
    return form


@st.composite
def pathways(draw, pathway_id: str = "sample_pathway") -> dict:
    stage_ids = draw(st.lists(st.sampled_from(STAGES), unique=True, min_size=1, max_size=5))
    params = draw(st.lists(st.sampled_from(PARAMS), unique=True, max_size=3))
    events = draw(st.lists(st.sampled_from(EVENTS), unique=True, min_size=1, max_size=3))
    stages = []
    for sid in stage_ids:
        stage: dict = {"id": sid, "title": draw(LABELS), "form": f"form_{sid}"}
        stage["done_by"] = draw(st.sampled_from([["practitioner"], ["team_manager"]]))
        stage["weight"] = draw(st.integers(1, 5))
        if draw(st.booleans()):
            days = {"parameter": draw(st.sampled_from(params))} if params else 5
            stage["due"] = {
                "from": {"event": draw(st.sampled_from(events))},
                "working_days": days if draw(st.booleans()) else draw(st.integers(1, 20)),
                "counting": "start_day_excluded",
            }
        fields = draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=3))
        if fields:
            stage["prefill"] = [
                {
                    "field": f,
                    "from": {"case": "child.full_name"},
                    "mode": draw(st.sampled_from(["copy_once", "none"])),
                }
                for f in fields
            ]
        stages.append(stage)
    transitions = []
    for i in range(draw(st.integers(0, 3))):
        transitions.append(
            {
                "id": f"t{i}",
                "from": draw(st.sampled_from(stage_ids)),
                "to": draw(st.sampled_from(stage_ids)),
                "when": draw(RULES),
            }
        )
    pathway = {
        "id": pathway_id,
        "version": 1,
        "title": draw(LABELS),
        "purpose": draw(LABELS),
        "owner": "Working group",
        "labels": {"worries": draw(LABELS), "working_well": draw(LABELS)},
        "parameters": [
            {"id": p, "default": draw(st.integers(1, 10)), "unit": "working_days"} for p in params
        ],
        "events": [{"id": e, "label": draw(LABELS)} for e in events],
        "stages": stages,
        "transitions": transitions,
        "triggers": [{"id": "open_first", "on": {"case_opened": True}, "start": stage_ids[0]}],
    }
    return pathway


def _holds_statutory(field: dict) -> bool:
    return "statutory" in field or any(_holds_statutory(f) for f in field.get("fields", []))


@st.composite
def section_edits(draw, section: dict, fresh_prefix: str) -> dict:
    """A copy of one section edited only inside itself (new ids from ``fresh_prefix``)."""
    fields = [dict(f) for f in section["fields"]]
    edited = dict(section, fields=fields)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["relabel", "add", "remove", "reorder", "title", "hint"]))
        if action == "title":
            edited["title"] = draw(LABELS) + " (edited)"
        elif action == "add":
            n = len([f for f in fields if f["id"].startswith(fresh_prefix)])
            fid = f"{fresh_prefix}_{section['id']}_{n}"
            new = {"id": fid, "type": "text", "label": draw(LABELS)}
            fields.insert(draw(st.integers(0, len(fields))), new)
        elif fields and action == "relabel":
            i = draw(st.integers(0, len(fields) - 1))
            fields[i] = dict(fields[i], label=draw(LABELS) + " (edited)")
        elif fields and action == "hint":
            i = draw(st.integers(0, len(fields) - 1))
            fields[i] = dict(fields[i], hint=draw(LABELS))
        elif action == "remove":
            # an import never removes statutory fields, so neither side does here
            removable = [i for i, f in enumerate(fields) if not _holds_statutory(f)]
            if removable:
                fields.pop(draw(st.sampled_from(removable)))
        elif len(fields) > 1 and action == "reorder":
            fields.insert(draw(st.integers(0, len(fields) - 1)), fields.pop())
    return edited

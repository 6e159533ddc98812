"""The engine on the shipped pathways: statutory clocks, transitions and pre-fill."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from casework.pathway import engine
from renderer.definitions import load_library

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def library():
    result = load_library([ROOT / "form_library", ROOT / "pathways"])
    assert result.ok, result.errors
    return result


@pytest.fixture(scope="module")
def child_protection(library):
    return library.pathways["child_protection"]


def test_initial_conference_is_due_15_working_days_after_the_strategy_discussion(child_protection):
    icpc = child_protection.stages_by_id["initial_child_protection_conference"]
    anchors = {"event:strategy_discussion_held": date(2026, 12, 18)}
    assert engine.due_date(child_protection, icpc.due, anchors) == date(2027, 1, 13)


def test_a_council_can_change_a_local_timescale(child_protection):
    stage = child_protection.stages_by_id["strategy_discussion"]
    anchors = {"event:concern_of_significant_harm": date(2026, 11, 23)}
    assert engine.due_date(child_protection, stage.due, anchors) == date(2026, 11, 24)
    assert engine.due_date(
        child_protection,
        stage.due,
        anchors,
        overrides={"strategy_discussion_working_days": 3},
    ) == date(2026, 11, 26)


def test_a_clock_that_has_not_started_says_so(child_protection):
    icpc = child_protection.stages_by_id["initial_child_protection_conference"]
    with pytest.raises(engine.ClockNotStarted):
        engine.due_date(child_protection, icpc.due, {})


def test_opening_a_case_starts_the_first_stage(child_protection):
    assert [s.id for s in engine.opening_stages(child_protection)] == ["contact_referral"]


def test_prefill_carries_what_the_working_group_chose_and_says_what_it_did_not(
    library, child_protection
):
    # Point to point: the enquiry starts on the day of the strategy discussion (the
    # answers that are case facts are carried by casework/facts, tested there).
    stage = child_protection.stages_by_id["section_47_enquiry"]
    values, not_carried = engine.prefill(
        child_protection,
        stage,
        case_facts={"child": {"full_name": "Amelia Brook", "date_of_birth": "2018-04-02"}},
        latest_answers={
            "strategy_discussion": ({"discussion_date": "2026-03-03"}, date(2026, 3, 3)),
        },
    )
    assert values["s47_start_date"].value == "2026-03-03"
    assert values["s47_start_date"].source_label == "Strategy discussion"
    assert values["s47_start_date"].recorded_on == date(2026, 3, 3)
    assert "childs_words" in not_carried
    form = library.forms[stage.form]
    for field_id in list(values) + list(not_carried):
        assert field_id in form.fields_by_id


def test_every_stage_of_every_shipped_pathway_gets_a_due_date_once_its_clock_starts(library):
    """Walk each pathway with every event and stage on one date: no due rule is left
    without a clock (repeating stages are timed from their own start)."""
    for pathway in library.pathways.values():
        anchors = {f"event:{e.id}": date(2026, 11, 23) for e in pathway.events}
        for stage in pathway.stages:
            anchors[f"stage_completed:{stage.id}"] = date(2026, 11, 23)
            anchors[f"stage_started:{stage.id}"] = date(2026, 11, 23)
        for stage in pathway.stages:
            if stage.due is not None:
                due = engine.due_date(pathway, stage.due, anchors, started_on=date(2026, 11, 23))
                assert due > date(2026, 11, 23), (pathway.id, stage.id)

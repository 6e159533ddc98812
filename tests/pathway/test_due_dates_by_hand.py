"""Every stage of the shipped child protection pathway, its due date worked by hand.

The calendar used (England): 2026 Christmas Day is Friday 25 December and Boxing Day
falls on a Saturday, so Monday 28 December is its substitute bank holiday; New Year's
Day 2027 is Friday 1 January; Easter 2027 is Good Friday 26 March and Easter Monday
29 March. "N working days from" a day: that day is day 0, the next working day day 1
(start_day_excluded, as the pathway says).
"""

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
def cp(library):
    return library.pathways["child_protection"]


def due(pathway, stage_id: str, anchors: dict, started_on: date | None = None) -> date:
    stage = pathway.stages_by_id[stage_id]
    return engine.due_date(pathway, stage.due, anchors, started_on=started_on)


# (stage, the clock it waits for, the day that clock starts, due, how it was worked)
CHILD_PROTECTION_BY_HAND = [
    # Referral on Monday 21 December 2026: the next working day is Tuesday.
    ("contact_referral", "event:referral_received", date(2026, 12, 21), date(2026, 12, 22)),
    # 45 working days from 21 Dec: 22, 23, 24 Dec (3); 25 and 28 Dec are bank holidays;
    # 29-31 Dec (6); 1 Jan is a bank holiday; 4 Jan - 19 Feb is 7 weeks (41);
    # 22, 23, 24, 25 Feb (45).
    (
        "child_and_family_assessment",
        "event:referral_received",
        date(2026, 12, 21),
        date(2027, 2, 25),
    ),
    # Concern on Christmas Eve: 25 Dec (holiday), 26-27 (weekend), 28 Dec (substitute
    # holiday), so the discussion is due Tuesday 29 December.
    (
        "strategy_discussion",
        "event:concern_of_significant_harm",
        date(2026, 12, 24),
        date(2026, 12, 29),
    ),
    # Discussion held Thursday 24 Dec. Enquiry (10): 29, 30, 31 Dec (3), 4-8 Jan (8),
    # 11, 12 Jan (10).
    (
        "section_47_enquiry",
        "event:strategy_discussion_held",
        date(2026, 12, 24),
        date(2027, 1, 12),
    ),
    # Report (12): ... 12 Jan (10), 13, 14 Jan (12).
    (
        "social_work_report_to_conference",
        "event:strategy_discussion_held",
        date(2026, 12, 24),
        date(2027, 1, 14),
    ),
    # Initial conference (15): ... 14 Jan (12), 15, 18, 19 Jan (15).
    (
        "initial_child_protection_conference",
        "event:strategy_discussion_held",
        date(2026, 12, 24),
        date(2027, 1, 19),
    ),
    # Conference on Tuesday 19 Jan. First core group (10): 20-22 Jan (3), 25-29 Jan (8),
    # 1, 2 Feb (10).
    (
        "first_core_group",
        "stage_completed:initial_child_protection_conference",
        date(2027, 1, 19),
        date(2027, 2, 2),
    ),
    # First review: 3 calendar months after the conference.
    (
        "first_review_conference",
        "stage_completed:initial_child_protection_conference",
        date(2027, 1, 19),
        date(2027, 4, 19),
    ),
    # A core group meeting that starts Friday 19 March (the last one was completed that
    # day), every 20 working days, across Easter: 22-25 Mar (4); 26 and 29 Mar are
    # holidays; 30 Mar - 2 Apr (8); 5-9 Apr (13); 12-16 Apr (18); 19, 20 Apr (20).
    ("core_group_review", "stage_started:core_group_review", date(2027, 3, 19), date(2027, 4, 20)),
    # A later review that starts 31 August 2026: 6 months on is 31 February, which does
    # not exist, so the last day of February.
    ("review_conference", "stage_started:review_conference", date(2026, 8, 31), date(2027, 2, 28)),
    # A visit that starts Thursday 25 March 2027, every 10 working days: 26 and 29 Mar
    # are Easter; 30 Mar - 2 Apr (4), 5-9 Apr (9), 12 Apr (10).
    (
        "child_protection_visit",
        "stage_started:child_protection_visit",
        date(2027, 3, 25),
        date(2027, 4, 12),
    ),
]


@pytest.mark.parametrize(
    "stage_id, anchor, starts, expected",
    CHILD_PROTECTION_BY_HAND,
    ids=[row[0] for row in CHILD_PROTECTION_BY_HAND],
)
def test_child_protection_due_dates_worked_by_hand(cp, stage_id, anchor, starts, expected):
    assert due(cp, stage_id, {anchor: starts}, started_on=starts) == expected


def test_the_table_covers_every_stage_of_the_shipped_pathway(cp):
    assert {row[0] for row in CHILD_PROTECTION_BY_HAND} == set(cp.stages_by_id)


def test_each_stage_counts_from_the_clock_the_table_says(cp):
    for stage_id, anchor, _, _ in CHILD_PROTECTION_BY_HAND:
        rule = cp.stages_by_id[stage_id].due
        assert engine.anchor_key(rule.from_kind, rule.from_id) == anchor, stage_id


def test_a_concern_on_the_wednesday_before_christmas_is_due_on_christmas_eve(cp):
    anchors = {"event:concern_of_significant_harm": date(2026, 12, 23)}
    assert due(cp, "strategy_discussion", anchors) == date(2026, 12, 24)


def test_a_repeating_stage_counts_from_its_own_start_each_time(cp):
    """The second visit starts when the first is completed: due 10 working days after."""
    first = {"stage_started:child_protection_visit": date(2027, 1, 19)}
    assert due(cp, "child_protection_visit", first) == date(2027, 2, 2)
    anchors = {"stage_started:child_protection_visit": date(2027, 2, 1)}
    assert due(cp, "child_protection_visit", anchors) == date(2027, 2, 15)


def test_children_in_care_clocks_across_easter(library):
    cic = library.pathways["children_in_care"]
    placed = {"event:placement_started": date(2027, 3, 24)}
    # Care plan within 10 working days of the placement on Wednesday 24 March 2027:
    # 25 Mar (1); Easter 26, 29 Mar; 30 Mar - 2 Apr (5); 5-9 Apr (10).
    assert due(cic, "care_plan", placed) == date(2027, 4, 9)
    # First visit within a week (calendar days: Easter does not move it).
    assert due(cic, "first_placement_visit", placed) == date(2027, 3, 31)
    looked_after = {"event:became_looked_after": date(2027, 3, 24)}
    # First review within 20 working days: ... 9 Apr (10), 12-16 Apr (15), 19-23 Apr (20).
    assert due(cic, "first_looked_after_review", looked_after) == date(2027, 4, 23)

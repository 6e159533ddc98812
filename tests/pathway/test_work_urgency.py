"""A work list row says "Due soon" within five working days, whatever the calendar:
the page skips counting day by day for far dates, and must agree with counting."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from casework.pathway.calendar import working_days_between
from casework.pathway.worklist import DUE_SOON_WORKING_DAYS, WorkItem


@settings(max_examples=300, deadline=None)
@given(
    today=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    ahead=st.integers(min_value=0, max_value=40),
)
def test_due_soon_agrees_with_counting_working_days_one_by_one(today, ahead):
    due = today + timedelta(days=ahead)
    item = WorkItem(case=None, title="Visit", action="start", due_on=due)
    counted = working_days_between(today, due) <= DUE_SOON_WORKING_DAYS
    assert (item.urgency(today) == "due_soon") == counted


def test_the_christmas_fortnight_still_counts_as_due_soon_when_it_is():
    # 23 December 2026 (a Wednesday) to 4 January: Christmas, Boxing Day (moved to the
    # Monday) and New Year's Day leave few working days between.
    today = date(2026, 12, 23)
    for ahead in range(0, 16):
        due = today + timedelta(days=ahead)
        item = WorkItem(case=None, title="Visit", action="start", due_on=due)
        expected = working_days_between(today, due) <= DUE_SOON_WORKING_DAYS
        assert (item.urgency(today) == "due_soon") == expected, due

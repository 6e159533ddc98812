from datetime import date

import pytest

from casework.pathway.calendar import (
    add_calendar,
    add_working_days,
    is_working_day,
    working_days_between,
)


def test_bank_holidays_and_weekends_are_not_working_days():
    assert not is_working_day(date(2026, 12, 25))  # Christmas Day
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day, observed on the Monday
    assert not is_working_day(date(2026, 11, 28))  # a Saturday
    assert is_working_day(date(2026, 11, 23))


def test_initial_conference_within_15_working_days_over_christmas():
    # Strategy discussion on Friday 18 December 2026: 25, 28 December and 1 January are
    # bank holidays, so the 15th working day after it is Wednesday 13 January 2027.
    assert add_working_days(date(2026, 12, 18), 15) == date(2027, 1, 13)


def test_counting_conventions_differ_by_one_day():
    monday = date(2026, 11, 23)
    assert add_working_days(monday, 1) == date(2026, 11, 24)
    assert add_working_days(monday, 1, counting="start_day_included") == monday
    assert add_working_days(monday, 10) == date(2026, 12, 7)
    assert add_working_days(monday, 10, counting="start_day_included") == date(2026, 12, 4)


def test_a_clock_starting_at_the_weekend_counts_from_monday():
    saturday = date(2026, 11, 28)
    assert add_working_days(saturday, 1) == date(2026, 11, 30)
    assert add_working_days(saturday, 1, counting="start_day_included") == date(2026, 11, 30)


def test_assessment_45_working_days_and_the_census_count_agree():
    referral = date(2026, 9, 1)
    due = add_working_days(referral, 45)
    assert working_days_between(referral, due) == 45
    assert working_days_between(referral, referral) == 0


def test_calendar_months_fall_back_to_the_end_of_short_months():
    assert add_calendar(date(2027, 1, 31), months=1) == date(2027, 2, 28)
    assert add_calendar(date(2028, 1, 31), months=1) == date(2028, 2, 29)
    assert add_calendar(date(2026, 11, 30), months=3) == date(2027, 2, 28)
    assert add_calendar(date(2026, 11, 23), months=6) == date(2027, 5, 23)
    assert add_calendar(date(2026, 11, 23), weeks=6) == date(2027, 1, 4)


def test_wales_is_selectable_and_unknown_regions_and_conventions_are_refused():
    assert add_working_days(date(2026, 12, 18), 15, region="wales") == date(2027, 1, 13)
    with pytest.raises(ValueError, match="Unknown region"):
        add_working_days(date(2026, 1, 1), 1, region="scotland")
    with pytest.raises(ValueError, match="Unknown counting convention"):
        add_working_days(date(2026, 1, 1), 1, counting="roughly")

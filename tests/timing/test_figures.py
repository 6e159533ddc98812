"""The report's arithmetic: averages, quartiles, thresholds and the words for time."""

from __future__ import annotations

import pytest

from casework.timing.figures import Comparison, Spread, duration, percent_text, row_text


def test_quartiles_are_those_of_the_records_themselves():
    spread = Spread.of([60, 120, 180, 240, 300])
    assert spread.records == 5
    assert (spread.lower_quartile, spread.median, spread.upper_quartile) == (120, 180, 240)
    assert spread.mean == 180


def test_an_even_number_of_records_takes_midpoints():
    spread = Spread.of([10, 20, 30, 40])
    assert spread.median == 25
    assert spread.lower_quartile == pytest.approx(17.5)
    assert spread.upper_quartile == pytest.approx(32.5)


def test_one_record_and_no_records():
    assert Spread.of([90]).median == 90
    empty = Spread.of([])
    assert empty.records == 0 and empty.mean is None


def test_time_saved_and_percentage_follow_the_learning_labs_table():
    # Strategy discussion: 4h4m before, 2h29m after, 1h35m saved, 38.9%.
    row = Comparison(
        "Strategy discussion", Spread.of([4 * 3600 + 4 * 60]), Spread.of([2 * 3600 + 29 * 60])
    )
    text = row_text(row)
    assert (text["before"], text["after"], text["saved"], text["percent"]) == (
        "4h 4m",
        "2h 29m",
        "1h 35m",
        "38.9%",
    )


def test_a_slower_version_says_more_time_not_a_negative_saving():
    row = Comparison("Conference", Spread.of([600]), Spread.of([660]))
    assert row_text(row)["saved"] == "1m more"
    assert percent_text(row.percent_saved) == "\u221210.0%"


def test_too_few_records_on_either_side_is_flagged_at_the_threshold():
    four, five = Spread.of([1, 2, 3, 4]), Spread.of([1, 2, 3, 4, 5])
    assert Comparison("x", four, five, min_records=5).too_few
    assert not Comparison("x", five, five, min_records=5).too_few
    assert Comparison("x", five, Spread.of([]), min_records=1).too_few


def test_durations_read_like_the_issue():
    assert duration(24 * 60) == "24m"
    assert duration(40) == "40s"
    assert duration(3 * 3600 + 30 * 60) == "3h 30m"
    assert duration(None) == "No records"

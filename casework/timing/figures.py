"""The arithmetic of the time report: averages, spread and time saved.

Pure Python, so the figures on screen, in the chart and in the CSV come from one place
and can be tested without a database.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

# Fewer records than this on either side and the report says the comparison is weak.
DEFAULT_MIN_RECORDS = 5


@dataclass(frozen=True)
class Spread:
    """Seconds per record on one side of a comparison."""

    records: int
    mean: float | None
    lower_quartile: float | None
    median: float | None
    upper_quartile: float | None

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        if not values:
            return cls(0, None, None, None, None)
        ordered = sorted(values)
        if len(ordered) == 1:
            only = ordered[0]
            return cls(1, only, only, only, only)
        # "inclusive": the quartiles of the records themselves, not of a population
        # they are a sample of, so three records give their middle and the midpoints.
        q1, median, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
        return cls(len(ordered), statistics.fmean(ordered), q1, median, q3)


@dataclass(frozen=True)
class Comparison:
    """One row of the report: a form (or a section of one) before and after a change."""

    label: str
    before: Spread
    after: Spread
    min_records: int = DEFAULT_MIN_RECORDS

    @property
    def saved(self) -> float | None:
        if self.before.mean is None or self.after.mean is None:
            return None
        return self.before.mean - self.after.mean

    @property
    def percent_saved(self) -> float | None:
        if self.saved is None or not self.before.mean:
            return None
        return 100 * self.saved / self.before.mean

    @property
    def too_few(self) -> bool:
        return min(self.before.records, self.after.records) < self.min_records


def duration(seconds: float | None) -> str:
    """4h 4m, 24m, 40s: the learning lab's way of writing time, rounded to minutes."""
    if seconds is None:
        return "No records"
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m"


def saved_text(seconds: float | None) -> str:
    if seconds is None:
        return "Cannot say"
    if round(seconds) < 0:
        return f"{duration(-seconds)} more"
    return duration(seconds)


def percent_text(percent: float | None) -> str:
    if percent is None:
        return "Cannot say"
    # U+2212, not a hyphen: the same on screen, and no spreadsheet reads it as a formula.
    return f"{percent:.1f}%".replace("-", "\u2212")


def row_text(comparison: Comparison) -> dict[str, str]:
    """The words of one row, exactly as the screen and the CSV show them."""
    before, after = comparison.before, comparison.after
    return {
        "label": comparison.label,
        "before": duration(before.mean),
        "after": duration(after.mean),
        "saved": saved_text(comparison.saved),
        "percent": percent_text(comparison.percent_saved),
        "records": f"{before.records}/{after.records}",
        "before_spread": spread_text(before),
        "after_spread": spread_text(after),
    }


def spread_text(spread: Spread) -> str:
    if not spread.records:
        return "No records"
    return (
        f"{duration(spread.lower_quartile)} to {duration(spread.upper_quartile)}, "
        f"middle {duration(spread.median)}"
    )

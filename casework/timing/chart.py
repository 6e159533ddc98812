"""Geometry of the time chart: two labelled bars (before, after) for each row.

The template draws it as SVG. Each bar carries its words ("Before: 4h 4m"), and the
two sides differ in pattern as well as colour, so nothing is said by colour alone;
the table under the chart holds the same figures for anyone who cannot see it.
"""

from __future__ import annotations

from dataclasses import dataclass

from casework.timing.figures import Comparison, duration

LABEL_WIDTH = 260
BAR_SPACE = 360
TEXT_SPACE = 150
BAR_HEIGHT = 18
ROW_GAP = 22


@dataclass(frozen=True)
class Bar:
    y: int
    width: int
    text: str
    side: str  # "before" | "after"


@dataclass(frozen=True)
class ChartRow:
    label: str
    label_y: int
    bars: tuple[Bar, Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    rows: list[ChartRow]


def chart_for(comparisons: list[Comparison]) -> Chart:
    means = [
        side.mean
        for row in comparisons
        for side in (row.before, row.after)
        if side.mean is not None
    ]
    longest = max(means, default=0) or 1
    rows, y = [], 10
    for row in comparisons:
        bars = []
        for offset, (side, name) in enumerate(((row.before, "before"), (row.after, "after"))):
            width = round(BAR_SPACE * (side.mean or 0) / longest)
            text = f"{name.capitalize()}: {duration(side.mean)}"
            bars.append(Bar(y + offset * BAR_HEIGHT, width, text, name))
        rows.append(ChartRow(row.label[:40], y + BAR_HEIGHT + 4, tuple(bars)))
        y += 2 * BAR_HEIGHT + ROW_GAP
    return Chart(LABEL_WIDTH + BAR_SPACE + TEXT_SPACE, y, LABEL_WIDTH, rows)

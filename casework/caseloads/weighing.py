"""The caseload arithmetic, as pure functions so every figure can be worked by hand.

A case weighs the sum of its open stages' weights (from the pathway definition),
times its complexity tier's multiplier (the manager sets the tier). A worker's
available points are the full-time figure (lower for a newly qualified worker's
protected caseload), scaled by contracted hours, less reductions. Capacity is
weight / available. Colours, by default: blue below 95%, green 95-100%, amber over
100% up to 110%, red over 110%; red four weeks running is sustained, and is flagged
to the manager's manager.
"""

from __future__ import annotations

from dataclasses import dataclass

FULL_TIME_HOURS = 37.0
TIER_MULTIPLIERS = {1: 1.0, 2: 1.5, 3: 2.0}
TIER_NAMES = {1: "standard", 2: "complex", 3: "highly complex"}
SUSTAINED_WEEKS = 4


@dataclass(frozen=True)
class Thresholds:
    green_from: float = 95.0
    amber_above: float = 100.0
    red_above: float = 110.0

    @classmethod
    def from_config(cls, config: dict) -> Thresholds:
        values = config.get("CASELOAD_THRESHOLDS") or {}
        return cls(**{k: float(v) for k, v in values.items()})


@dataclass(frozen=True)
class Capacity:
    hours: float = FULL_TIME_HOURS
    newly_qualified: bool = False
    reduction_points: float = 0.0
    reduction_reason: str | None = None


@dataclass(frozen=True)
class Points:
    full_time: float = 40.0
    newly_qualified: float = 36.0  # a protected caseload: 90% of full time


def case_weight(stage_weights: list[float], tier: int = 1) -> float:
    return sum(stage_weights) * TIER_MULTIPLIERS[tier]


def available(capacity: Capacity, points: Points = Points()) -> float:
    base = points.newly_qualified if capacity.newly_qualified else points.full_time
    return max(base * capacity.hours / FULL_TIME_HOURS - capacity.reduction_points, 0.0)


def percent(weight: float, available_points: float) -> float:
    if available_points <= 0:
        return 0.0 if weight == 0 else float("inf")
    return round(100 * weight / available_points, 1)


def colour(value: float, thresholds: Thresholds = Thresholds()) -> str:
    """blue | green | amber | red"""
    if value > thresholds.red_above:
        return "red"
    if value > thresholds.amber_above:
        return "amber"
    if value >= thresholds.green_from:
        return "green"
    return "blue"


def sustained_red(weekly: list[float], thresholds: Thresholds = Thresholds()) -> bool:
    """Red in each of the last four weeks (oldest first in ``weekly``)."""
    recent = weekly[-SUSTAINED_WEEKS:]
    return len(recent) == SUSTAINED_WEEKS and all(v > thresholds.red_above for v in recent)


def explain(
    name: str,
    *,
    cases: int,
    weight: float,
    capacity: Capacity,
    points: Points = Points(),
    complex_cases: int = 0,
) -> str:
    """One sentence a manager can check with a pencil."""
    value = percent(weight, available(capacity, points))
    base = points.newly_qualified if capacity.newly_qualified else points.full_time
    who = "a newly qualified worker's protected" if capacity.newly_qualified else "a full-time"
    parts = [
        f"{name} is at {value:g}% because {cases} {'case' if cases == 1 else 'cases'} "
        f"weigh {weight:g} points",
    ]
    if complex_cases:
        parts.append(f" ({complex_cases} weighted up for complexity)")
    parts.append(
        f" against {available(capacity, points):g} available: {base:g} points for "
        f"{who} caseload, at {capacity.hours:g} of {FULL_TIME_HOURS:g} hours"
    )
    if capacity.reduction_points:
        reason = f" ({capacity.reduction_reason})" if capacity.reduction_reason else ""
        parts.append(f", less {capacity.reduction_points:g} for reductions{reason}")
    return "".join(parts) + "."

"""Dates that fall in a sensible order around a case: the referral first, then the
strategy discussion, the enquiry, the conference; plans and reviews ahead of today."""

from __future__ import annotations

from datetime import date, timedelta

from renderer.definitions import Field

# (words in the id or label, days after the referral). First match wins.
AFTER_REFERRAL: tuple[tuple[tuple[str, ...], int], ...] = (
    (("service_last_involved", "last involved"), -75),
    (("concern_date", "contact_date", "referral_date", "date we were contacted"), 0),
    (("consent", "discussion_date", "s47_start", "assessment_start", "enquiry started"), 1),
    (("child_seen", "looked_after", "placement_start", "moved to where"), 2),
    (("agency_date", "spoken_to_date"), 4),
    (("report_shared",), 11),
    (("conference_date", "cpp_start", "plan starts"), 14),
    (("minutes_sent",), 16),
    (("first_core_group",), 22),
    (("assessment_completed", "outcome_date", "finished"), 24),
    (("plan_date", "care_plan_date", "plan_start"), 26),
    (("meeting_date", "review_date", "visit_date"), 30),
    (("closure", "plan_end", "cpp_end", "ended"), 60),
)
# Conferences (and the plans they start) are held on working days: the census refuses a
# conference at a weekend (DfE rule 8875), so these move back to the Friday before.
WORKING_DAY = ("conference_date", "cpp_start")
# Dates still to come, counted from today.
AHEAD: tuple[tuple[tuple[str, ...], int], ...] = (
    (("expected_date_of_birth", "due date"), 95),
    (("review_conference", "first_review", "next_review"), 84),
    (("by_when", "by when", "next_meeting"), 21),
)


def sample_date(f: Field, *, referral: date, today: date, born: date | None) -> date:
    asked = f"{f.id} {f.label}".lower()
    if "birth" in asked and "expected" not in asked and born is not None:
        return born
    for words, days in AHEAD:
        if any(w in asked for w in words):
            return today + timedelta(days=days)
    day = referral + timedelta(days=2)
    for words, days in AFTER_REFERRAL:
        if any(w in asked for w in words):
            day = referral + timedelta(days=days)
            break
    # Something recorded as done cannot be after the day it is written down.
    day = min(day, today)
    if any(w in asked for w in WORKING_DAY) and day.weekday() >= 5:
        day -= timedelta(days=day.weekday() - 4)
    return day

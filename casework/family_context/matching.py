"""The matching rule, in one place so the screens and docs can say it exactly.

- First name, last name and date of birth all the same (ignoring capitals, spaces,
  hyphens and apostrophes) as one person on the case: a match, shown at once.
- Otherwise, the same date of birth and the same first or last name, or the same full
  name where either date of birth is missing or they differ: held for an administrator
  to confirm or reject, with that person as the candidate.
- Nobody alike: held; confirming adds them to the case as a new person.
- Two or more people on the case who match exactly: held, since we cannot tell which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

RULE = (
    "First name, last name and date of birth all the same as someone on the case: matched. "
    "Only some of them the same, or nobody alike: held here for you to confirm or reject."
)


@dataclass(frozen=True)
class Candidate:
    id: int
    first_name: str
    last_name: str
    date_of_birth: date | None


@dataclass(frozen=True)
class Match:
    state: str  # "matched" or "held"
    candidate_id: int | None
    reason: str


def _norm(name: str | None) -> str:
    return re.sub(r"[\s'’-]+", "", (name or "").lower())


def match(first_name: str, last_name: str, born: date | None, people: list[Candidate]) -> Match:
    first, last = _norm(first_name), _norm(last_name)
    exact = [
        p
        for p in people
        if _norm(p.first_name) == first
        and _norm(p.last_name) == last
        and born is not None
        and p.date_of_birth == born
    ]
    if len(exact) == 1:
        return Match("matched", exact[0].id, "Name and date of birth are the same")
    if exact:
        return Match(
            "held", exact[0].id, "More than one person on the case has this name and date of birth"
        )
    for p in people:
        same_name = _norm(p.first_name) == first and _norm(p.last_name) == last
        if same_name:
            if born is None or p.date_of_birth is None:
                return Match("held", p.id, "Same name; a date of birth is missing")
            return Match("held", p.id, "Same name; a different date of birth")
    for p in people:
        if (
            born is not None
            and p.date_of_birth == born
            and (_norm(p.first_name) == first or _norm(p.last_name) == last)
        ):
            return Match("held", p.id, "Same date of birth; only part of the name is the same")
    return Match("held", None, "Nobody on the case is like this person")

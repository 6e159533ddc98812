"""The only door to case facts: record them from a submitted form, read the newest, the history.

A fact gets a new history row only when a submitted form gives it a different value
from its newest one, so the history reads as a list of corrections, not of re-saves.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casework.extensions import db
from casework.facts.carry import Known
from casework.models import Case, CaseFact, Record, User
from renderer.definitions import Form
from renderer.definitions.facts import ABOUT, FACTS
from renderer.screens.registry import handler_for, people_triples


def _rows(case_id: int) -> list[CaseFact]:
    return list(
        db.session.scalars(
            select(CaseFact)
            .where(CaseFact.case_id == case_id)
            .order_by(CaseFact.recorded_at, CaseFact.id)
            .options(selectinload(CaseFact.recorded_by))
        )
    )


def newest(case: Case) -> dict[str, Known]:
    out: dict[str, Known] = {}
    for row in _rows(case.id):  # oldest first, so the newest wins
        out[row.name] = Known(
            row.value,
            row.form_title,
            row.recorded_at,
            row.recorded_by.full_name if row.recorded_by else None,
        )
    return out


def history(case: Case) -> dict[str, list[CaseFact]]:
    """Fact name -> its values, newest first."""
    out: dict[str, list[CaseFact]] = {}
    for row in reversed(_rows(case.id)):
        out.setdefault(row.name, []).append(row)
    return out


def record_from(
    user: User, record: Record, form: Form, *, hidden: set[str] = frozenset(), people=()
) -> int:
    """Add the facts a submitted record gives (not yet committed). Returns how many changed.

    ``hidden`` are fields its rules hide: an answer nobody can see records nothing.
    ``people`` (id, name, role) let a person's name be kept in words.
    """
    current = {name: known.value for name, known in newest(record.case).items()}
    changed = 0
    for field in form.all_fields():
        name = field.records_fact
        if name is None or field.id in hidden:
            continue
        value = (record.answers or {}).get(field.id)
        if value in (None, "", [], {}) or current.get(name) == value:
            continue
        db.session.add(
            CaseFact(
                case_id=record.case_id,
                name=name,
                value=value,
                shown=handler_for(field.type).display(field, value, people_triples(people)),
                record_id=record.id,
                form_title=form.title,
                field_id=field.id,
                recorded_by_id=user.id,
            )
        )
        current[name] = value
        changed += 1
    return changed


def for_case_page(case: Case) -> list[tuple[str, list[tuple[str, list[CaseFact]]]]]:
    """[(heading, [(fact label, values newest first)])] in the catalogue's order."""
    known = history(case)
    groups: dict[str, list[tuple[str, list[CaseFact]]]] = {}
    for name, fact in FACTS.items():
        if name in known:
            groups.setdefault(ABOUT[fact.about], []).append((fact.label, known[name]))
    return list(groups.items())

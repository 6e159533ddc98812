"""The chronology of a case: its significant events in date order, and finding what was written.

An entry comes from a submitted record: a case note (dated by when the contact happened)
or a stage's form (dated by when it was submitted). Whether it counts as significant is
the practitioner's choice where they made one, else the form's default. What an entry
says follows the field audiences: the family version reads only what the family may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from casework.extensions import db
from casework.library import service as library
from casework.models import Case, Record
from casework.notes.service import note_date
from renderer.documents import family_fields
from renderer.screens.logic import form_state

SHOWN = ("completed", "awaiting_authorisation")
SUMMARY_FIELDS = 4  # long answers quoted per entry; the source holds the rest


@dataclass(frozen=True)
class Entry:
    record_id: int
    happened_on: date
    title: str
    form_id: str
    is_note: bool
    by: str
    status: str
    lines: tuple[tuple[str, str], ...]  # (question, answer) quoted from the source


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    form_id: str | None = None
    words: str = ""


def _dated(record: Record, form) -> date:
    if form.kind == "case_note":
        on = note_date(form, record)
        if on is not None:
            return on
    stamp = record.submitted_at or record.updated_at or record.created_at
    return stamp.date()


def _lines(form, answers: dict, audience: str, types) -> tuple[tuple[str, str], ...]:
    allowed = family_fields(form) if audience == "family" else {f.id for f in form.all_fields()}
    top = tuple(f for s in form.sections for f in s.fields)
    hidden = form_state(top, answers, date.today()).hidden
    out = []
    for f in top:
        if f.id not in allowed or f.id in hidden or f.type not in types:
            continue
        if f.id in (form.note_date,) or not isinstance(answers.get(f.id), str):
            continue
        if answers[f.id].strip():
            label = (f.family_label or f.label) if audience == "family" else f.label
            out.append((label, answers[f.id].strip()))
    return tuple(out)


def _matches(entry_lines, words: str) -> bool:
    wanted = [w for w in words.lower().split() if w]
    text = " ".join(answer for _, answer in entry_lines).lower()
    return all(w in text for w in wanted)


def _entries(case: Case, filters: Filters, audience: str, *, only_significant: bool):
    rows = db.session.scalars(
        select(Record).where(Record.case_id == case.id, Record.status.in_(SHOWN))
    )
    out = []
    for record in rows:
        form = library.form_model(record.form_version)
        significant = record.significant if record.significant is not None else form.significant
        if only_significant and not significant:
            continue
        if filters.form_id and form.id != filters.form_id:
            continue
        happened_on = _dated(record, form)
        if (filters.start and happened_on < filters.start) or (
            filters.end and happened_on > filters.end
        ):
            continue
        answers = record.answers or {}
        # The chronology quotes the narrative; a search reads short answers as well.
        types = ("long_text",) if only_significant else ("long_text", "text")
        lines = _lines(form, answers, audience, types)
        if filters.words and not _matches(((form.title, form.title), *lines), filters.words):
            continue
        out.append(
            Entry(
                record_id=record.id,
                happened_on=happened_on,
                title=form.title,
                form_id=form.id,
                is_note=form.kind == "case_note",
                by=record.created_by.full_name if record.created_by else "",
                status=record.status,
                lines=lines[:SUMMARY_FIELDS] if only_significant else lines,
            )
        )
    return sorted(out, key=lambda e: (e.happened_on, e.record_id))


def chronology(case: Case, filters: Filters = Filters(), audience: str = "professional"):
    """Significant events, oldest first."""
    return _entries(case, filters, audience, only_significant=True)


def search(case: Case, filters: Filters):
    """Every submitted note and record of the case whose answers hold all the words."""
    return _entries(case, filters, "professional", only_significant=False)


def forms_used(case: Case) -> list[tuple[str, str]]:
    """(form id, title) of the forms the case has records on, to filter by."""
    versions = db.session.scalars(
        select(Record).where(Record.case_id == case.id, Record.status.in_(SHOWN))
    )
    seen = {r.form_version.form_id: r.form_version.title for r in versions}
    return sorted(seen.items(), key=lambda kv: kv[1])

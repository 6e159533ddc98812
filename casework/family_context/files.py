"""Read a set of Family Context CSV files and say, row by row, what is wrong with them.

Pure Python: no database. The shape follows the Family Context common data model
(people, their relationship to the child, a summary per service, then one file per
service). docs/family-context.md lists every file and column.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from casework.family_context.columns import (  # noqa: F401 - part of this module's API
    FILES,
    INVOLVEMENT,
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_ROWS,
    RELATIONSHIPS,
    SERVICE_OF_FILE,
    SERVICES,
    YES_NO,
    Column,
)


@dataclass(frozen=True)
class Problem:
    """One reason a file is refused: where, what is wrong, and what to do."""

    file: str
    row: int | None  # the line in the file; the header is row 1
    column: str | None
    message: str
    fix: str


@dataclass
class Parsed:
    people: list[dict] = field(default_factory=list)
    summaries: list[dict] = field(default_factory=list)
    services: list[dict] = field(default_factory=list)  # each with "file" and "row"
    problems: list[Problem] = field(default_factory=list)


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def parse_date(text: str) -> date | None:
    for pattern, order in (
        (r"(\d{4})-(\d{2})-(\d{2})", "ymd"),
        (r"(\d{1,2})/(\d{1,2})/(\d{4})", "dmy"),
    ):
        found = re.fullmatch(pattern, text)
        if found:
            parts = dict(zip(order, (int(p) for p in found.groups()), strict=True))
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return None
    return None


def read(files: dict[str, bytes], *, today: date) -> Parsed:
    """Check every file and row; nothing is returned half-read: use it only if no problems."""
    parsed = Parsed()
    named = {name.rsplit("/", 1)[-1].lower(): body for name, body in files.items()}
    if len(named) > MAX_FILES:
        parsed.problems.append(
            Problem(
                "",
                None,
                None,
                f"{len(named)} files were sent.",
                f"Either send at most {MAX_FILES} files or split the set.",
            )
        )
        return parsed
    if "people.csv" not in named:
        parsed.problems.append(
            Problem(
                "people.csv",
                None,
                None,
                "There is no people.csv, so nobody can be matched.",
                "Either add people.csv to the set or send the files again with it.",
            )
        )
    rows_by_file: dict[str, list[tuple[int, dict]]] = {}
    for name, body in sorted(named.items()):
        rows = _rows(name, body, parsed.problems)
        if rows is not None:
            rows_by_file[name] = rows
    known_ids: set[str] = set()
    for line, row in rows_by_file.get("people.csv", []):
        if row["person_id"] in known_ids:
            parsed.problems.append(
                Problem(
                    "people.csv",
                    line,
                    "person_id",
                    f"Person {row['person_id']} appears twice.",
                    "Either remove the second row or give it its own person_id.",
                )
            )
            continue
        if row["person_id"]:
            known_ids.add(row["person_id"])
        if row.get("date_of_birth") and row["date_of_birth"] > today:
            parsed.problems.append(
                Problem(
                    "people.csv",
                    line,
                    "date_of_birth",
                    "The date of birth is in the future.",
                    "Either correct the date of birth or leave it empty if it is not known.",
                )
            )
        parsed.people.append({**row, "row": line})
    for name, rows in rows_by_file.items():
        if name != "people.csv":
            _service_rows(parsed, name, rows, known_ids)
    return parsed


def _service_rows(
    parsed: Parsed, name: str, rows: list[tuple[int, dict]], known_ids: set[str]
) -> None:
    """A service file's rows, each about someone in people.csv."""
    for line, row in rows:
        if row["person_id"] and row["person_id"] not in known_ids:
            parsed.problems.append(
                Problem(
                    name,
                    line,
                    "person_id",
                    f"Person {row['person_id']} is not in people.csv.",
                    "Either add them to people.csv or remove this row.",
                )
            )
            continue
        target = parsed.summaries if name == "service_summaries.csv" else parsed.services
        target.append(
            {
                **row,
                "file": name,
                "row": line,
                "service": row.get("service") or SERVICE_OF_FILE.get(name),
            }
        )


def _rows(name: str, body: bytes, problems: list[Problem]) -> list[tuple[int, dict]] | None:
    text = _text(name, body, problems)
    if text is None:
        return None
    columns = FILES[name]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    if not header:
        problems.append(
            Problem(
                name,
                1,
                None,
                "The file is empty.",
                "Either add a header row and data or leave the file out.",
            )
        )
        return None
    wrong = _header_problems(name, header, columns)
    if wrong:
        problems.extend(wrong)
        return None
    return _data_rows(name, reader, header, columns, problems)


def _text(name: str, body: bytes, problems: list[Problem]) -> str | None:
    """The file's text, if it is a family context file, small enough and UTF-8."""
    if name not in FILES:
        problems.append(
            Problem(
                name,
                None,
                None,
                "This is not one of the family context files.",
                "Either rename it to one of " + ", ".join(FILES) + " or leave it out.",
            )
        )
        return None
    if len(body) > MAX_FILE_BYTES:
        problems.append(
            Problem(
                name,
                None,
                None,
                f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.",
                "Either split it into smaller sets or leave out older rows.",
            )
        )
        return None
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(
            Problem(
                name,
                None,
                None,
                "The file is not saved as UTF-8 text.",
                "Either save it again as CSV UTF-8 or export it again from the source system.",
            )
        )
        return None


def _header_problems(name: str, header: list[str], columns: dict) -> list[Problem]:
    """Columns the file should not have, and required columns it lacks."""
    problems: list[Problem] = []
    for column in header:
        if column not in columns:
            problems.append(
                Problem(
                    name,
                    1,
                    column,
                    f"There is no column called {column!r} in this file.",
                    "Either rename it to one of " + ", ".join(columns) + " or remove it.",
                )
            )
    for column in columns.values():
        if column.required and column.name not in header:
            problems.append(
                Problem(
                    name,
                    1,
                    column.name,
                    f"The column {column.name!r} is missing.",
                    f"Either add a {column.name} column to the header "
                    "or export the file from the source system again.",
                )
            )
    return problems


def _data_rows(
    name: str, reader, header: list[str], columns: dict, problems: list[Problem]
) -> list[tuple[int, dict]] | None:
    """(line, row) for each row with values; None when the file has too many rows."""
    rows = []
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if line - 1 > MAX_ROWS:
            problems.append(
                Problem(
                    name,
                    line,
                    None,
                    f"The file has more than {MAX_ROWS} rows.",
                    "Either split it into smaller sets or leave out older rows.",
                )
            )
            return None
        if len(values) != len(header):
            problems.append(
                Problem(
                    name,
                    line,
                    None,
                    f"The row has {len(values)} values but the header names {len(header)} columns.",
                    "Either add the missing values (empty between commas) "
                    "or put quotes around values that contain commas.",
                )
            )
            continue
        row = {}
        for column_name, raw in zip(header, values, strict=True):
            value, problem = _value(columns[column_name], raw.strip())
            if problem:
                problems.append(Problem(name, line, column_name, *problem))
            row[column_name] = value
        for column in columns.values():
            row.setdefault(column.name, None)
        rows.append((line, row))
    return rows


def _value(column: Column, raw: str):
    if not raw:
        if column.required:
            return None, (
                f"The {column.name.replace('_', ' ')} is empty.",
                "Either fill it in or remove the row.",
            )
        return None, None
    if column.kind == "date":
        found = parse_date(raw)
        if found is None:
            return None, (
                f"{raw!r} is not a real date.",
                "Either write it as 2026-03-31 (year-month-day) "
                "or leave it empty if it is not known.",
            )
        return found, None
    if column.kind == "yes_no":
        if raw.lower() not in YES_NO:
            return None, (
                f"{raw!r} is not yes or no.",
                "Either write yes or no, or leave it empty if it is not known.",
            )
        return YES_NO[raw.lower()], None
    if column.kind == "choice":
        if raw.lower() not in column.choices:
            return None, (
                f"{raw!r} is not one of the allowed values.",
                "Either use one of "
                + ", ".join(column.choices)
                + " or correct the source system's export.",
            )
        return raw.lower(), None
    if len(raw) > column.longest:
        return None, (
            f"The value is longer than {column.longest} characters.",
            "Either shorten it or leave it out.",
        )
    if column.name == "contact_email" and not _EMAIL.fullmatch(raw):
        return None, (
            f"{raw!r} is not an email address.",
            "Either correct it (like name@example.org) or leave it empty.",
        )
    return raw, None

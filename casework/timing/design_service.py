"""Measured time where working groups decide: the designer's history and impact view.

Council-wide figures (designers see the whole council's), never one person's.
"""

from __future__ import annotations

from casework.library import service as library
from casework.timing import report_service as reports
from casework.timing.figures import Comparison, duration, percent_text, row_text, saved_text


def _sentence(row: Comparison, version: int, previous: int | None, min_records: int) -> str:
    after = row.after
    if not after.records:
        return "No time measured on this version yet."
    text = f"Average {duration(after.mean)} per record ({after.records} records)"
    if previous is not None and row.before.records:
        text += (
            f", against {duration(row.before.mean)} on version {previous} "
            f"({row.before.records} records): {saved_text(row.saved)} saved "
            f"({percent_text(row.percent_saved)})"
        )
    elif previous is not None:
        text += f"; no time was measured on version {previous}"
    text += "."
    if row.too_few:
        text += f" Too few records to say much: we need at least {min_records} on each side."
    return text


def history_lines(form_id: str, min_records: int) -> dict[int, str]:
    """{version number: what its measured time says against the version before}."""
    versions = reports.versions_of(form_id)
    lines = {}
    for n, version in enumerate(versions):
        previous = versions[n - 1] if n else None
        total, _ = reports.compare(previous, version, min_records=min_records)
        lines[version.version] = _sentence(
            total, version.version, previous.version if previous else None, min_records
        )
    return lines


def current_by_section(form_id: str, min_records: int) -> tuple[object, list[dict]] | None:
    """The live version's time per section, for the impact view of a draft."""
    current = library.latest_form_version(form_id)
    if current is None:
        return None
    total, rows = reports.compare(None, current, min_records=min_records)
    if not total.after.records:
        return current, []
    return current, [row_text(row) | {"records": row.after.records} for row in [total, *rows]]

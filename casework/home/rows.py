"""What each row of the home page's lists needs beyond its work item, worked out in
Python before the template runs: its addresses, its urgency today and its due date in
words. The template then only reads attributes: a call from a template (url_for, a
method) costs several times a plain Python call, and a page draws up to 175 rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casework.home.links import Link
from casework.pathway.worklist import WorkItem


@dataclass(frozen=True, slots=True)
class Row:
    item: WorkItem
    href: str  # where the row's action leads: the form, the case, or the start button's form
    case_href: str
    note_href: str
    urgency: str  # overdue | due_soon | due | undated
    due: str  # the due date in words, or ""


class Rows:
    """The row builder for one request: each route's address built once."""

    def __init__(self, today: date) -> None:
        self._today = today
        self._start = Link("records.start", "case_id", "instance_id")
        self._contents = Link("records.contents", "record_id")
        self._case = Link("cases.show", "case_id")
        self._note = Link("notes.choose", "case_id")

    def __call__(self, items: list[WorkItem]) -> list[Row]:
        return [self._row(item) for item in items]

    def _row(self, item: WorkItem) -> Row:
        case_href = self._case(case_id=item.case.id)
        if item.action == "start":
            href = self._start(case_id=item.case.id, instance_id=item.instance.id)
        elif item.action == "task":
            href = case_href + "#tasks"
        elif item.action == "activity":
            href = case_href
        else:
            href = self._contents(record_id=item.record.id)
        return Row(
            item,
            href,
            case_href,
            self._note(case_id=item.case.id),
            item.urgency(self._today),
            item.due_on.strftime("%-d %B %Y") if item.due_on else "",
        )

"""The work list: one row per thing a person has to do, overdue first.

A practitioner's rows are every open stage on the open cases they lead, and any form
they started on someone else's case that is still theirs to finish (a draft, or one a
manager returned). Each row says what to do (start, continue, put right what the
manager returned, or wait for sign-off) and leads straight to the form. A team
manager's rows are their team's open stages, with forms waiting for their sign-off.
Open tasks (casework/tasks) are rows too: a practitioner's own, or the whole team's
for a manager, each naming its owner.

The order, the totals and the page are worked out in SQL (casework/pathway/work_order.py);
then a few queries whatever the number of rows read the columns the page's rows show
(casework/pathway/work_rows_service.py): its open stages and the newest record of each,
stage-less drafts, tasks, their cases with the child's and lead worker's names, and the
reasons for returned forms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from sqlalchemy import select

from casework.extensions import db
from casework.models import CaseEvent, User
from casework.pathway import work_order, work_rows_service
from casework.pathway.calendar import working_days_between

DUE_SOON_WORKING_DAYS = 5
DUE_SOON_CALENDAR_BOUND = 14
# Rows a page; the totals and the pages reach the rest. A practitioner's usual list
# (20-25 cases, two or three rows each) stays on one page, so what waits for a manager
# and what has no date yet, which come last, are not pushed onto a second page; a
# team's list is paged.
PAGE_SIZE = 100
# A team's list is long (every worker's open stages and tasks) and the manager's home
# draws what is overdue and the visits below it: half a page keeps the page light.
TEAM_PAGE_SIZE = 50

# What the row asks the person to do, in the words the page shows.
ACTIONS = {
    "start": "Start",
    "continue": "Continue",
    "returned": "Returned: put right",
    "awaiting_sign_off": "Waiting for sign-off",
    "sign_off": "Sign off",
    "activity": "To do",
    "task": "Task",
    "stage": "Stage",
}


@dataclass(frozen=True)
class ReturnedReason:
    reason: str | None
    by: str | None
    on: date


@dataclass
class WorkItem:
    case: work_rows_service.CaseRow
    title: str
    action: str
    due_on: date | None = None
    instance: work_rows_service.StageRow | None = None
    record: work_rows_service.RecordRow | None = None
    returned: ReturnedReason | None = None
    task: work_rows_service.TaskRow | None = None

    @cached_property
    def child_name(self) -> str:
        """Named up to four times a row: found once among the case's people."""
        child = self.case.child
        return child.full_name if child else self.case.reference

    @property
    def worker(self) -> work_rows_service.Named | None:
        """Whose it is: a task's owner, else the case's lead worker."""
        return self.task.owner if self.task else self.case.lead_worker

    @property
    def action_text(self) -> str:
        return ACTIONS[self.action]

    def urgency(self, today: date) -> str:
        """overdue | due_soon | due | undated"""
        if self.due_on is None:
            return "undated"
        if self.due_on < today:
            return "overdue"
        # Two weeks hold at least ten weekdays, of which bank holidays take at most
        # three: past that nothing is within five working days, and counting them day
        # by day (for every row of a long list) is what the page would spend its time on.
        if (self.due_on - today).days > DUE_SOON_CALENDAR_BOUND:
            return "due"
        if working_days_between(today, self.due_on) <= DUE_SOON_WORKING_DAYS:
            return "due_soon"
        return "due"


def returned_reasons(record_ids: list[int]) -> dict[int, ReturnedReason]:
    """The newest manager's reason for each returned record."""
    if not record_ids:
        return {}
    rows = db.session.execute(
        select(CaseEvent.record_id, CaseEvent.detail, CaseEvent.happened_on, User)
        .outerjoin(User, User.id == CaseEvent.user_id)
        .where(CaseEvent.record_id.in_(record_ids), CaseEvent.kind == "returned")
        .order_by(CaseEvent.id)
    )
    return {
        record_id: ReturnedReason(detail, user.full_name if user else None, on)
        for record_id, detail, on, user in rows
    }


def _action(record: work_rows_service.RecordRow | None, has_form: bool, manager: bool) -> str:
    if not has_form:
        return "activity"
    if record is None:
        return "start"
    if record.status == "awaiting_authorisation":
        return "sign_off" if manager else "awaiting_sign_off"
    return "returned" if record.status == "returned" else "continue"


def items_for(user: User, keys: list[work_order.Key]) -> list[WorkItem]:
    """The rows for these keys, in their order."""
    return items_for_lists(user, keys)[0]


def items_for_lists(user: User, *key_lists: list[work_order.Key]) -> list[list[WorkItem]]:
    """The rows of several lists at once (the manager's home draws three): one query
    for all of them whatever their number, reading only the columns the rows show
    (casework/pathway/work_rows_service.py), and one for the reasons of returned forms."""
    manager = user.role == "team_manager"
    kinds = (work_order.STAGE, work_order.LOOSE, work_order.TASK)
    wanted: dict[int, set[int]] = {kind: set() for kind in kinds}
    for keys in key_lists:
        for key in keys:
            wanted[key.kind].add(key.id)
    loaded = work_rows_service.load(*(sorted(wanted[k]) for k in kinds))
    lists = [_items(keys, loaded, manager) for keys in key_lists]
    returned = [i for items in lists for i in items if i.action == "returned"]
    reasons = returned_reasons(sorted({i.record.id for i in returned}))
    for item in returned:
        item.returned = reasons.get(item.record.id)
    return lists


def _items(keys: list[work_order.Key], loaded: dict, manager: bool) -> list[WorkItem]:
    items: list[WorkItem] = []
    for key in keys:
        row = loaded.get((key.kind, key.id))
        if row is None:
            continue
        if key.kind == work_order.STAGE:
            instance, record = row.stage, row.record
            stage = row.case.pathway.stages_by_id.get(instance.stage_id)
            items.append(
                WorkItem(
                    case=row.case,
                    title=stage.title if stage else instance.stage_id,
                    action=_action(record, bool(stage and stage.form), manager),
                    due_on=instance.due_on,
                    instance=instance,
                    record=record,
                )
            )
        elif key.kind == work_order.LOOSE:
            items.append(
                WorkItem(
                    case=row.case,
                    title=row.form_title,
                    action=_action(row.record, True, manager),
                    record=row.record,
                )
            )
        else:
            task = row.task
            items.append(
                WorkItem(
                    case=row.case,
                    title=task.title,
                    action="task",
                    due_on=task.due_on,
                    task=task,
                )
            )
    return items


def work_list(user: User, today: date) -> list[WorkItem]:
    """Every row of the person's work list, in order (the home page shows a page)."""
    return items_for(user, work_order.page(user))


@dataclass
class WorkPage:
    items: list[WorkItem]
    number: int  # from 1
    pages: int
    totals: work_order.Totals
    size: int = PAGE_SIZE
    keys: list[work_order.Key] = field(default_factory=list)

    @property
    def first(self) -> int:
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1 if self.items else 0


def page_size(user: User) -> int:
    return TEAM_PAGE_SIZE if user.role == "team_manager" else PAGE_SIZE


def work_page(user: User, today: date, number: int = 1, *, load: bool = True) -> WorkPage:
    """One page of the work list, with the totals across every page: one query, and a
    second only when the page asked for is past the end (then the last page is shown)."""
    team_cases = work_order.team_cases(user)
    size = page_size(user)
    number = max(number, 1)
    keys, totals = work_order.page_with_totals(
        user, today, offset=(number - 1) * size, limit=size, team_cases=team_cases
    )
    if totals is None and number == 1:
        totals = work_order.Totals(0, 0, 0)  # nothing on the first page: nothing at all
    elif totals is None:
        totals = work_order.totals(user, today, team_cases)
        number = max((totals.total + size - 1) // size, 1)
        if totals.total:
            keys, _ = work_order.page_with_totals(
                user, today, offset=(number - 1) * size, limit=size, team_cases=team_cases
            )
    pages = max((totals.total + size - 1) // size, 1)
    # Without ``load`` the caller loads the rows with its other lists' (items_for_lists).
    return WorkPage(items_for(user, keys) if load else [], number, pages, totals, size, keys)

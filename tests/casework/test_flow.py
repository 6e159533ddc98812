"""Work that flows: clocks start from saved answers, the enquiry starts on submit, the
work list has one row per thing to do, and a returned form says why at its top."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, select

from casework.accounts import service as accounts
from casework.cases import service as cases
from casework.extensions import db
from casework.library import service as library
from casework.models import Case, Record, StageInstance
from casework.pathway import service as pathway_service
from casework.pathway import worklist
from casework.records import saving
from casework.records import service as records


@pytest.fixture
def published(app, demo_users):
    with app.test_request_context():
        library.sync(app.config["LIBRARY_PATH"])


def _open(app, first="Amelia", last="Brook", user="pat", referral=date(2026, 12, 21)) -> int:
    with app.test_request_context():
        case = cases.open_case(
            accounts.find(user),
            pathway_id="child_protection",
            child=cases.NewChild(first, last, date(2018, 4, 2)),
            referral_received=referral,
        )
        return case.id


def _start(app, case_id: int, stage_id: str, on: date) -> int:
    """Open a stage as the pathway would and start its form; returns the record id."""
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        stage = pathway_service.pathway_of(case).stages_by_id[stage_id]
        instance = pathway_service.start_stage(case, stage, on)
        db.session.commit()
        return records.start(accounts.find("pat"), case, instance).id


def _save(app, record_id: int, changes: dict, key: str) -> None:
    with app.test_request_context():
        record = db.session.get(Record, record_id)
        saving.save(
            accounts.find("pat"),
            record,
            changes,
            base_revision=record.revision,
            idempotency_key=key,
        )


def _due(app, case_id: int) -> dict[str, date | None]:
    with app.app_context():
        rows = db.session.execute(
            select(StageInstance.stage_id, StageInstance.due_on).where(
                StageInstance.case_id == case_id, StageInstance.status == "open"
            )
        )
        return {stage_id: due_on for stage_id, due_on in rows}


def _open_stage_ids(app, case_id: int) -> list[str]:
    with app.app_context():
        return sorted(
            db.session.scalars(
                select(StageInstance.stage_id).where(
                    StageInstance.case_id == case_id, StageInstance.status == "open"
                )
            )
        )


def test_the_strategy_discussion_is_due_as_soon_as_the_concern_date_is_saved(app, published):
    case_id = _open(app)
    record_id = _start(app, case_id, "strategy_discussion", date(2026, 12, 22))
    assert _due(app, case_id)["strategy_discussion"] is None  # no concern date yet
    _save(app, record_id, {"concern_date": "2026-12-24"}, "k1")
    # Christmas Eve: 25 and 28 December are bank holidays.
    assert _due(app, case_id)["strategy_discussion"] == date(2026, 12, 29)
    _save(app, record_id, {"concern_date": "2026-12-23"}, "k2")  # corrected: it moves
    assert _due(app, case_id)["strategy_discussion"] == date(2026, 12, 24)
    _save(app, record_id, {"concern_date": {"day": "31", "month": "2", "year": ""}}, "k3")
    assert _due(app, case_id)["strategy_discussion"] is None  # not a date: no clock


def _strategy_submitted(app, case_id: int) -> int:
    record_id = _start(app, case_id, "strategy_discussion", date(2026, 12, 22))
    _save(
        app,
        record_id,
        {"concern_date": "2026-12-22", "discussion_date": "2026-12-24", "decision": "section_47"},
        "s1",
    )
    with app.test_request_context():
        record = db.session.get(Record, record_id)
        assert records.submit(accounts.find("pat"), record, {}) == "awaiting_authorisation"
    return record_id


def test_the_enquiry_starts_when_the_discussion_is_submitted_not_signed_off(app, published):
    case_id = _open(app)
    record_id = _strategy_submitted(app, case_id)
    due = _due(app, case_id)
    # The enquiry is open and due 10 working days after the discussion met (24 Dec).
    assert due["section_47_enquiry"] == date(2027, 1, 12)
    assert "child_and_family_assessment" not in due  # that waits for sign-off

    with app.test_request_context():  # returned, put right and submitted again
        record = db.session.get(Record, record_id)
        records.authorise(accounts.find("mo"), record, approve=False, comments="Add the police")
        record = db.session.get(Record, record_id)
        records.submit(accounts.find("pat"), record, {})
        record = db.session.get(Record, record_id)
        records.authorise(accounts.find("mo"), record, approve=True, comments="")
    # Sign-off opens the assessment, and not a second enquiry.
    assert _open_stage_ids(app, case_id) == [
        "child_and_family_assessment",
        "contact_referral",
        "section_47_enquiry",
    ]


def test_a_stage_already_open_is_not_opened_again(app, published):
    case_id = _open(app)
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        stage = pathway_service.pathway_of(case).stages_by_id["child_and_family_assessment"]
        first = pathway_service.start_stage(case, stage, date(2026, 12, 22))
        again = pathway_service.start_stage(case, stage, date(2026, 12, 23))
        assert first.id == again.id


def _items(app, username: str, today=date(2026, 12, 23)):
    with app.test_request_context():
        found = worklist.work_list(accounts.find(username), today)
        return [(i.case.child.full_name, i.title, i.action, i.due_on) for i in found]


def test_the_work_list_has_one_row_per_thing_to_do_overdue_first(app, published):
    amelia = _open(app, referral=date(2026, 12, 14))  # contact decision overdue
    theo = _open(app, "Theo", "Brook")
    _strategy_submitted(app, theo)
    rows = _items(app, "pat")
    assert rows[0] == ("Amelia Brook", "Contact and referral", "start", date(2026, 12, 15))
    # Theo: the contact (due 22 Dec) is overdue too; the enquiry is ready to start; the
    # strategy discussion is waiting for sign-off, so it comes last.
    theo_rows = [r for r in rows if r[0] == "Theo Brook"]
    assert ("Theo Brook", "Child protection enquiry (section 47)", "start", date(2027, 1, 12)) in (
        theo_rows
    )
    assert rows[-1][1:3] == ("Strategy discussion", "awaiting_sign_off")
    assert len(rows) == len(set(rows))
    assert amelia  # both of Pat's cases are there, nothing from anyone else
    assert {r[0] for r in rows} == {"Amelia Brook", "Theo Brook"}
    assert _items(app, "sam") == []
    manager = _items(app, "mo")
    assert ("Theo Brook", "Strategy discussion", "sign_off", date(2026, 12, 23)) in manager


def test_a_returned_form_shows_the_reason_in_the_list_and_at_the_top_of_the_form(
    app, client, sign_in, published
):
    case_id = _open(app)
    record_id = _strategy_submitted(app, case_id)
    with app.test_request_context():
        record = db.session.get(Record, record_id)
        records.authorise(
            accounts.find("mo"), record, approve=False, comments="Say which officer attended."
        )
    with app.test_request_context():
        returned = [i for i in worklist.work_list(accounts.find("pat"), date(2026, 12, 23))]
        row = next(i for i in returned if i.action == "returned")
        assert row.returned.reason == "Say which officer attended."
        assert row.returned.by == "Mo Hassan"
    home = sign_in("pat", follow=True).get_data(as_text=True)
    assert f'href="/records/{record_id}"' in home
    assert "Say which officer attended." in home
    form_page = client.get(f"/records/{record_id}").get_data(as_text=True)
    banner = form_page.index("govuk-notification-banner")
    assert banner < form_page.index("<h1")
    assert "Say which officer attended." in form_page[banner:]
    check_page = client.get(f"/records/{record_id}/check").get_data(as_text=True)
    assert "Say which officer attended." in check_page


def _count_queries(app, client) -> int:
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get("/").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_the_work_list_costs_the_same_queries_for_one_case_or_five(app, client, sign_in, published):
    """No query per row: five cases with drafts, returned forms and open stages cost
    what one does."""

    def returned_case(n: int) -> None:
        record_id = _strategy_submitted(app, _open(app, "Child", f"Returned{n}"))
        with app.test_request_context():
            record = db.session.get(Record, record_id)
            records.authorise(accounts.find("mo"), record, approve=False, comments=f"Fix {n}")

    returned_case(0)
    sign_in("pat")
    one = _count_queries(app, client)
    for n in range(1, 3):
        returned_case(n)
    for n in range(2):
        _strategy_submitted(app, _open(app, "Child", f"Waiting{n}"))
    assert "Fix 2" in client.get("/").get_data(as_text=True)
    five = _count_queries(app, client)
    assert five == one


@pytest.mark.parametrize(
    "pathway_id, stage_id, answers, expected, before",
    [
        # Placement on Wednesday 24 March 2027 (Easter 26 and 29 March): the care plan
        # within 10 working days, the first visit within 7 days, the first review
        # within 20 working days of becoming looked after.
        (
            "children_in_care",
            "care_plan",
            {"placement_start_date": "2027-03-24", "date_became_looked_after": "2027-03-24"},
            {
                "care_plan": date(2027, 4, 9),
                "first_placement_visit": date(2027, 3, 31),
                "first_looked_after_review": date(2027, 4, 23),
            },
            # The care plan pre-fills "became looked after" with the day the case opened
            # (21 Dec 2026), so the first review is due from that as soon as it starts;
            # the date typed over it moves it.
            {
                "care_plan": None,
                "first_placement_visit": None,
                "first_looked_after_review": date(2027, 1, 21),
            },
        ),
        # The family agreed on Monday 21 December 2026: 20 working days, skipping 25 and
        # 28 December and 1 January.
        (
            "early_help",
            "early_help_assessment",
            {"consent_date": "2026-12-21"},
            {"early_help_assessment": date(2027, 1, 21)},
            {"early_help_assessment": None},
        ),
    ],
)
def test_other_pathways_show_their_first_due_dates_once_the_dates_are_saved(
    app, published, pathway_id, stage_id, answers, expected, before
):
    with app.test_request_context():
        pat = accounts.find("pat")
        case = cases.open_case(
            pat,
            pathway_id=pathway_id,
            child=cases.NewChild("Kai", "Brook", date(2015, 6, 1)),
            referral_received=date(2026, 12, 21),
        )
        case_id = case.id
        instance = db.session.scalar(
            select(StageInstance).where(
                StageInstance.case_id == case.id, StageInstance.stage_id == stage_id
            )
        )
        record_id = records.start(pat, case, instance).id
    assert {stage: _due(app, case_id)[stage] for stage in expected} == before
    _save(app, record_id, answers, "d1")
    assert {stage: _due(app, case_id)[stage] for stage in expected} == expected


def test_the_manager_sees_what_waits_for_sign_off_and_whose_case_it_is(
    app, client, sign_in, published
):
    record_id = _strategy_submitted(app, _open(app))
    home = sign_in("mo", follow=True).get_data(as_text=True)
    link = f'href="/records/{record_id}"'
    assert link in home
    row = home[home.index(link) :][:800]
    assert "Sign off Strategy discussion" in row and "Lead: Pat Okafor" in row


def test_a_decision_changed_after_return_starts_the_enquiry_on_the_next_submit(app, published):
    case_id = _open(app)
    record_id = _start(app, case_id, "strategy_discussion", date(2026, 12, 22))
    _save(
        app,
        record_id,
        {
            "concern_date": "2026-12-22",
            "discussion_date": "2026-12-24",
            "decision": "no_further_action",
        },
        "n1",
    )
    with app.test_request_context():
        records.submit(accounts.find("pat"), db.session.get(Record, record_id), {})
    assert "section_47_enquiry" not in _open_stage_ids(app, case_id)
    with app.test_request_context():
        record = db.session.get(Record, record_id)
        records.authorise(accounts.find("mo"), record, approve=False, comments="Hold one.")
    _save(app, record_id, {"decision": "section_47"}, "n2")
    with app.test_request_context():
        records.submit(accounts.find("pat"), db.session.get(Record, record_id), {})
    assert "section_47_enquiry" in _open_stage_ids(app, case_id)

    with app.test_request_context():  # the enquiry is finished before the sign-off
        enquiry = db.session.scalar(
            select(StageInstance).where(
                StageInstance.case_id == case_id, StageInstance.stage_id == "section_47_enquiry"
            )
        )
        enquiry.status = "completed"
        db.session.commit()
        record = db.session.get(Record, record_id)
        records.authorise(accounts.find("mo"), record, approve=True, comments="")
    # Signed off: the assessment starts; the finished enquiry is not started again.
    assert _open_stage_ids(app, case_id) == ["child_and_family_assessment", "contact_referral"]

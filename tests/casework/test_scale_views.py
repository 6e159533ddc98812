"""The work list a page at a time, and a manager's manager's view of their teams:
figures counted in the database, the same ones the team's own manager sees."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from sqlalchemy import select

from casework.accounts import service as accounts
from casework.demo import DEMO_PASSWORD
from casework.extensions import db
from casework.library import service as library
from casework.models import AuditEvent, AuditEventCase, Case, Record, StageInstance, Team
from casework.pathway import overdue
from casework.pathway.worklist import PAGE_SIZE, TEAM_PAGE_SIZE
from casework.tasks import service as tasks
from tests.casework.conftest import sign_out
from tests.casework.test_caseloads import TODAY, team  # noqa: F401 - the seeded team


def _led_case_with_a_task(worker, version, reference: str, title: str, due_on) -> Case:
    """A case opened TODAY in the worker's team and led by them, with one one-off task."""
    case = Case(
        reference=reference,
        pathway_version_id=version.id,
        team_id=worker.team_id,
        lead_worker_id=worker.id,
        opened_on=TODAY,
    )
    db.session.add(case)
    db.session.flush()
    tasks.create(case, title=title, source="one_off", due_on=due_on)
    return case


def _cases_with_a_task_each(app, n: int) -> list[int]:
    """n cases led by Pat, case i with one task due i days after TODAY."""
    with app.test_request_context():
        pat = accounts.find("pat")
        version = library.latest_pathway_version("mini")
        ids = []
        for i in range(n):
            case = _led_case_with_a_task(
                pat, version, f"CV-PAGE{i:03}", f"Paged task {i:03}", TODAY + timedelta(days=i)
            )
            ids.append(case.id)
        db.session.commit()
        return ids


def _last_audit(app, action):
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id.desc())
        ).first()
        return sorted(
            db.session.scalars(
                select(AuditEventCase.case_id).where(AuditEventCase.event_id == entry.id)
            )
        )


def test_the_work_list_comes_a_page_at_a_time_with_every_row_reachable(
    app,
    client,
    sign_in,
    team,  # noqa: F811
):
    ids = _cases_with_a_task_each(app, PAGE_SIZE + 12)
    with time_machine.travel(TODAY, tick=False):
        sign_in("pat")
        first = client.get("/").get_data(as_text=True)
        rows = re.findall(r"Paged task (\d{3})", first)
        assert rows == [f"{i:03}" for i in range(PAGE_SIZE)]  # soonest due first
        # The caption counts every page: the seeded team's five cases have no open work
        # with a form, so only these rows (and the seeded stages) are Pat's.
        total = int(re.search(r"(\d+) things to do", first).group(1))
        assert total >= PAGE_SIZE + 12
        assert 'aria-label="Your work list: pages"' in first
        # The audit entry names only the children on the page.
        assert set(ids[:PAGE_SIZE]) <= set(_last_audit(app, "work_list_viewed"))
        assert not set(ids[PAGE_SIZE:]) & set(_last_audit(app, "work_list_viewed"))
        pages = -(-total // PAGE_SIZE)
        seen = set(rows)
        for n in range(2, pages + 1):
            page = client.get(f"/?page={n}").get_data(as_text=True)
            seen |= set(re.findall(r"Paged task (\d{3})", page))
        assert seen == {f"{i:03}" for i in range(PAGE_SIZE + 12)}
        # A page past the end, or not a number, is the nearest page, never an error.
        assert client.get("/?page=999").status_code == 200
        assert client.get("/?page=-1").status_code == 200
        assert client.get("/?page=abc").status_code == 200


def _titles(html: str) -> list[str]:
    return re.findall(r"Paged task (\d{3})", html)


def test_a_managers_home_pages_its_work_list_and_what_is_overdue_apart(
    app,
    client,
    sign_in,
    team,  # noqa: F811
):
    """The manager's home reads its work list and what is overdue in one statement: each
    list still pages on its own, every row reachable, and a page past the end of either
    is that list's last page."""
    n = TEAM_PAGE_SIZE + 12
    _cases_with_a_task_each(app, n)
    everything = {f"{i:03}" for i in range(n)}
    with time_machine.travel(TODAY + timedelta(days=n + 5), tick=False):  # all overdue
        sign_in("mo")

        def lists(query: str) -> tuple[str, str]:
            page = client.get("/" + query).get_data(as_text=True)
            work, rest = page.split('id="overdue"', 1)
            return work, rest.split('id="visits"', 1)[0]

        work, late = lists("")
        assert _titles(work) == [f"{i:03}" for i in range(TEAM_PAGE_SIZE)]  # most overdue first
        total = int(re.search(r"(\d+) things to do", work).group(1))
        late_total = int(re.search(r"(\d+) in all, most overdue first", late).group(1))
        assert total >= n and late_total >= n
        pages, late_pages = -(-total // TEAM_PAGE_SIZE), -(-late_total // overdue.PAGE_SIZE)
        assert pages > 1 and late_pages > 1
        seen = set()
        for number in range(1, pages + 1):
            seen |= set(_titles(lists(f"?page={number}")[0]))
        assert seen == everything
        seen = set()
        for number in range(1, late_pages + 1):
            page_work, page_late = lists(f"?overdue_page={number}")
            assert _titles(page_work) == _titles(work)  # the work list stays on its first page
            seen |= set(_titles(page_late))
        assert seen == everything
        assert _titles(lists("?page=999")[0]) == _titles(lists(f"?page={pages}")[0])
        past = lists("?overdue_page=999")[1]
        assert _titles(past) == _titles(lists(f"?overdue_page={late_pages}")[1])
        assert f"page {late_pages} of {late_pages}" in past


def _head_of(app, team_id: int) -> None:
    with app.test_request_context():
        head = accounts.create_user(
            "lee",
            password=DEMO_PASSWORD,
            role="team_manager",
            team="Children's services north",
            full_name="Lee Grant",
        )
        db.session.get(Team, team_id).parent_team_id = head.team_id
        db.session.commit()


def test_a_managers_manager_sees_each_team_as_its_manager_does(
    app,
    client,
    sign_in,
    team,  # noqa: F811
):
    """Pat: one task overdue and one form waiting for sign-off; Pat red for weeks and
    Sam amber (figures worked by hand in test_caseloads)."""
    _head_of(app, team)
    with app.test_request_context():
        pat = accounts.find("pat")
        case = db.session.scalars(select(Case).where(Case.reference == "CV-LOAD0")).one()
        tasks.create(
            case, title="Ring the school", source="one_off", due_on=TODAY - timedelta(days=3)
        )
        tasks.create(case, title="Not yet due", source="one_off", due_on=TODAY)
        version = library.latest_form_version("first_visit")
        db.session.add(
            Record(
                case_id=case.id,
                form_version_id=version.id,
                created_by_id=pat.id,
                status="awaiting_authorisation",
            )
        )
        db.session.commit()
    with time_machine.travel(TODAY, tick=False):
        sign_in("mo")
        own = client.get("/").get_data(as_text=True)
        assert "Teams reporting to you" not in own
        pat_row = re.search(r"<th scope=\"row\"[^>]*>Pat Okafor</th>(.*?)</tr>", own, re.S)
        assert [int(n) for n in re.findall(r">(\d+)<", pat_row.group(1))] == [0, 1]
        sign_out(client)

        sign_in("lee")
        home = client.get("/").get_data(as_text=True)
        assert "Teams reporting to you" in home
        row = re.search(
            r"Northfield children&#39;s social work team</a></th>(.*?)</tr>", home, re.S
        )
        cells = re.findall(r"numeric\">(\d+)</td>", row.group(1))
        assert cells == ["1", "0", "1"]  # overdue, visits overdue, waiting for sign-off
        assert "1 red" in row.group(1) and "1 amber" in row.group(1)
        assert "Pat Okafor in Northfield" in home  # sustained red, flagged

        with app.app_context():
            team_id = team
        view = client.get(f"/teams/{team_id}")
        assert view.status_code == 200
        page = view.get_data(as_text=True)
        workers = dict(re.findall(r"<th scope=\"row\"[^>]*>([^<]+)</th>(.*?)</tr>", page, re.S))
        assert set(workers) == {"Pat Okafor", "Sam Whitley"}
        assert re.findall(r"numeric\">(\d+)", workers["Pat Okafor"])[:2] == ["1", "1"]
        assert "112.5%" in workers["Pat Okafor"] and "105.9%" in workers["Sam Whitley"]
        assert "Pat Okafor is at 112.5% because 3 cases weigh 45 points" in page
        # Figures, not children: no case reference or child's name on the page.
        assert "CV-LOAD" not in page
        # Only a team reporting to Lee opens; the view is audited as a team view.
        assert client.get(f"/teams/{team_id + 1000}").status_code == 404
        with app.app_context():
            assert _last_audit_detail(app) == ("team_viewed", str(team_id))
        sign_out(client)

    sign_in("mo")
    assert client.get(f"/teams/{team_id}").status_code == 404  # their own team: not "above"


def _last_audit_detail(app):
    entry = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    return entry.action, str(entry.record_id)


def test_the_caseload_page_shows_the_heaviest_cases_and_leads_to_all_of_them(
    app,
    client,
    sign_in,
    team,  # noqa: F811
):
    """Pat's three seeded cases (18, 9 and 18 points) and twelve more of 2 points each."""
    with app.test_request_context():
        pat = accounts.find("pat")
        version = library.latest_pathway_version("mini")
        for n in range(12):
            case = Case(
                reference=f"CV-MORE{n:02}",
                pathway_version_id=version.id,
                team_id=pat.team_id,
                lead_worker_id=pat.id,
                opened_on=TODAY - timedelta(days=3),
            )
            db.session.add(case)
            db.session.flush()
            db.session.add(
                StageInstance(
                    case_id=case.id,
                    stage_id="s0",
                    status="open",
                    started_on=case.opened_on,
                    weight=2,
                )
            )
        db.session.commit()
        pat_id = pat.id
    with time_machine.travel(TODAY, tick=False):
        sign_in("mo")
        page = client.get("/caseloads/").get_data(as_text=True)
        assert "The 10 heaviest of 15." in page
        shown = list(dict.fromkeys(re.findall(r"CV-(?:LOAD|MORE)\d+", page)))
        assert shown[:3] == ["CV-LOAD0", "CV-LOAD2", "CV-LOAD1"]  # 18, 18, then 9 points
        assert len(set(shown) - {"CV-LOAD3", "CV-LOAD4"}) == 10  # Sam's two are Sam's
        assert len(_last_audit(app, "caseloads_viewed")) == 10 + 2  # and Sam's two
        every = client.get(f"/caseloads/workers/{pat_id}/cases").get_data(as_text=True)
        assert len(set(re.findall(r"CV-(?:LOAD|MORE)\d+", every))) == 15
        assert "Heaviest first: 15 cases" in every
        assert len(_last_audit(app, "caseloads_viewed")) == 15
        assert client.get(f"/caseloads/workers/{pat_id}/cases?page=x").status_code == 200


def test_each_person_sees_their_own_work_from_statements_built_once(
    app,
    client,
    sign_in,
    team,  # noqa: F811
):
    """The work list's and the manager's statements are built once per process with the
    person, team and day as parameters: one home after another, each shows that person's
    own work and no one else's, and moves with the day."""
    with app.test_request_context():
        accounts.create_user(
            "kim",
            password=DEMO_PASSWORD,
            role="team_manager",
            team="Eastfield",
            full_name="Kim Ade",
        )
        ash = accounts.create_user(
            "ash", password=DEMO_PASSWORD, role="practitioner", team="Eastfield", full_name="Ash Bo"
        )
        pat = accounts.find("pat")
        version = library.latest_pathway_version("mini")
        for worker, title in ((pat, "Ring the school"), (ash, "Ring the nursery")):
            reference = f"CV-{worker.username.upper()}"
            _led_case_with_a_task(worker, version, reference, title, TODAY + timedelta(days=2))
        db.session.commit()

    def home(who: str, day) -> str:
        with time_machine.travel(day, tick=False):
            sign_in(who)
            page = client.get("/").get_data(as_text=True)
            sign_out(client)
        return page

    later = TODAY + timedelta(days=3)  # both tasks overdue
    for _ in range(2):  # a second round: the statements now built, the answers the same
        for who, mine, theirs in (
            ("mo", "Ring the school", "Ring the nursery"),
            ("kim", "Ring the nursery", "Ring the school"),
        ):
            page = home(who, TODAY)
            assert mine in page and theirs not in page
            assert mine not in page.split('id="overdue"', 1)[1]  # due in two days
            page = home(who, later)
            assert mine in page.split('id="overdue"', 1)[1] and theirs not in page
        for who, mine, theirs in (
            ("pat", "Ring the school", "Ring the nursery"),
            ("ash", "Ring the nursery", "Ring the school"),
        ):
            page = home(who, TODAY)
            assert mine in page and theirs not in page

"""Weighted caseloads for a seeded team, against figures worked by hand."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine

from casework.accounts import service as accounts
from casework.caseloads import service as caseloads
from casework.caseloads import weighing
from casework.extensions import db
from casework.library import service as library
from casework.models import Case, CaseComplexity, StageInstance
from tests.casework.conftest import sign_out

MINI = Path(__file__).parent / "mini_library"
TODAY = date(2026, 12, 7)


@pytest.fixture
def team(app, demo_users, tmp_path):
    """Pat: full time, three cases open for ten weeks, 45 points. Sam: newly qualified
    with a 2-point reduction, two cases opened 20 days ago, 36 points."""
    root = tmp_path / "library"
    shutil.copytree(MINI, root)
    with app.test_request_context():
        library.sync(root)
        version = library.latest_pathway_version("mini")
        pat, sam = accounts.find("pat"), accounts.find("sam")
        caseloads.set_capacity(sam, weighing.Capacity(37, True, 2, "union representative"))
        long_ago, lately = TODAY - timedelta(weeks=10), TODAY - timedelta(days=20)
        plan = [
            (pat, long_ago, [4, 3, 2], 3),  # 9 points, highly complex: x2 = 18
            (pat, long_ago, [4, 2], 2),  # 6 points, complex: x1.5 = 9
            (pat, long_ago, [3, 3, 3, 3, 3, 3], 1),  # 18
            (sam, lately, [4, 4, 4, 4, 2], 1),  # 18
            (sam, lately, [3, 3, 3, 3, 3, 3], 1),  # 18
        ]
        for n, (worker, started, weights, tier) in enumerate(plan):
            case = Case(
                reference=f"CV-LOAD{n}",
                pathway_version_id=version.id,
                team_id=worker.team_id,
                lead_worker_id=worker.id,
                opened_on=started,
            )
            db.session.add(case)
            db.session.flush()
            for k, weight in enumerate(weights):
                db.session.add(
                    StageInstance(
                        case_id=case.id,
                        stage_id=f"s{k}",
                        status="open",
                        started_on=started,
                        weight=weight,
                    )
                )
            if tier > 1:
                db.session.add(CaseComplexity(case_id=case.id, tier=tier))
        # A stage finished before the history began weighs nothing.
        db.session.add(
            StageInstance(
                case_id=case.id,
                stage_id="old",
                status="completed",
                started_on=long_ago,
                completed_on=TODAY - timedelta(weeks=9),
                weight=4,
            )
        )
        db.session.commit()
        return pat.team_id


def test_the_team_matches_the_figures_worked_by_hand(app, team):
    with app.test_request_context():
        loads = {load.worker.full_name: load for load in caseloads.team_loads(team, TODAY)}
    pat, sam = loads["Pat Okafor"], loads["Sam Whitley"]
    # Pat: 18 + 9 + 18 = 45 points against 40 available: 112.5%, red, eight weeks running.
    assert (pat.cases, pat.weight, pat.available, pat.percent) == (3, 45, 40, 112.5)
    assert pat.colour == "red" and pat.sustained_red
    assert pat.explanation == (
        "Pat Okafor is at 112.5% because 3 cases weigh 45 points (2 weighted up for "
        "complexity) against 40 available: 40 points for a full-time caseload, at 37 of "
        "37 hours."
    )
    # Sam: 36 points against 36 - 2 = 34: 105.9%, amber; nothing before 20 days ago.
    assert (sam.cases, sam.weight, sam.available, sam.percent) == (2, 36, 34, 105.9)
    assert sam.colour == "amber" and not sam.sustained_red
    assert [w.percent for w in sam.history] == [0.0] * 5 + [105.9] * 3
    assert [w.colour for w in sam.history[-4:]] == ["blue", "amber", "amber", "amber"]
    assert "less 2 for reductions (union representative)" in sam.explanation
    assert "newly qualified worker's protected caseload" in sam.explanation


def test_red_is_sustained_only_after_four_weeks_running():
    assert not weighing.sustained_red([120, 120, 120])
    assert not weighing.sustained_red([120, 120, 105, 120, 120])
    assert weighing.sustained_red([90, 111, 111, 111, 111])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (94.9, "blue"),
        (95, "green"),
        (100, "green"),
        (100.1, "amber"),
        (110, "amber"),
        (110.1, "red"),
    ],
)
def test_the_default_thresholds(value, expected):
    assert weighing.colour(value) == expected


def test_thresholds_are_configurable(app):
    thresholds = weighing.Thresholds.from_config({"CASELOAD_THRESHOLDS": {"red_above": 105}})
    assert weighing.colour(106, thresholds) == "red"


def test_sustained_red_is_flagged_to_the_managers_manager(app, team, client, sign_in):
    from casework.demo import DEMO_PASSWORD
    from casework.models import Team

    with app.test_request_context():
        head = accounts.create_user(
            "lee",
            password=DEMO_PASSWORD,
            role="team_manager",
            team="Children's services north",
            full_name="Lee Grant",
        )
        db.session.get(Team, team).parent_team_id = head.team_id
        db.session.commit()
    with time_machine.travel(TODAY, tick=False):
        sign_in("lee")
        page = client.get("/caseloads/").get_data(as_text=True)
        assert "Teams reporting to you" in page
        assert (
            "Pat Okafor in Northfield children&#39;s social work team has been red for four "
            "weeks running" in page
        )
        assert "Sam Whitley in Northfield" not in page  # amber, not sustained red
        sign_out(client)
        sign_in("mo")
        own = client.get("/caseloads/").get_data(as_text=True)
        assert "Pat Okafor has been red for four weeks running" in own
        assert "Teams reporting to you" not in own

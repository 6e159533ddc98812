"""Which stages count as visits for "cases with no visit within their timescale": the
ones the pathway marks (completed by a case note type that says when it is a visit),
whatever their ids say."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

from casework.accounts import service as accounts
from casework.extensions import db
from casework.library import service as library
from casework.models import Case, StageInstance
from casework.pathway import overdue, team_figures_service

MINI = Path(__file__).parent / "mini_library"
SHIPPED_NOTES = Path(__file__).resolve().parents[2] / "form_library" / "home_visit.yaml"
TODAY = date(2026, 12, 7)

# Seeing the child is the visit, though its id never says so; "visit_planning" is
# paperwork whose id mentions a visit.
SEEING = """\
id: seeing
version: 1
title: Seeing the child
purpose: >-
  A pathway whose visit stage is named for what it is, not "visit".
owner: Test working group
events:
  - id: referral_received
    label: Referral received
stages:
  - id: see_the_child
    title: See the child
    form: first_visit
    completed_by_notes: [home_visit]
    done_by: [practitioner]
    weight: 1
    due:
      from: {event: referral_received}
      working_days: 5
  - id: visit_planning
    title: Plan the next steps
    form: plan
    done_by: [practitioner]
    weight: 1
    due:
      from: {event: referral_received}
      working_days: 5
triggers:
  - id: open_see_the_child
    on: {case_opened: true}
    start: see_the_child
  - id: open_planning
    on: {case_opened: true}
    start: visit_planning
"""


def test_a_visit_is_the_stage_the_pathway_marks_not_one_whose_id_says_visit(
    app, demo_users, tmp_path
):
    root = tmp_path / "library"
    shutil.copytree(MINI, root)
    shutil.copy(SHIPPED_NOTES, root / "form_library" / "home_visit.yaml")
    (root / "pathways" / "seeing.yaml").write_text(SEEING)
    with app.test_request_context():
        report = library.sync(root)
        assert "seeing" in " ".join(report.published)
        pat, mo = accounts.find("pat"), accounts.find("mo")
        case = Case(
            reference="CV-SEE1",
            pathway_version_id=library.latest_pathway_version("seeing").id,
            team_id=pat.team_id,
            lead_worker_id=pat.id,
            opened_on=TODAY - timedelta(days=20),
        )
        db.session.add(case)
        db.session.flush()
        for stage_id in ("see_the_child", "visit_planning"):
            db.session.add(
                StageInstance(
                    case_id=case.id,
                    stage_id=stage_id,
                    status="open",
                    started_on=case.opened_on,
                    due_on=TODAY - timedelta(days=3),
                    weight=1,
                )
            )
        db.session.commit()

        late = overdue.visits_overdue(mo, TODAY)
        assert [(i.case.reference, i.title) for i in late] == [("CV-SEE1", "See the child")]
        assert overdue.visits_overdue_count(mo, TODAY) == 1
        figures = team_figures_service.team_figures([pat.team_id], TODAY)[pat.team_id]
        assert (figures.overdue, figures.visits_overdue) == (2, 1)
        # Not yet due: no visit is overdue.
        assert overdue.visits_overdue(mo, TODAY - timedelta(days=3)) == []

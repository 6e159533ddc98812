"""The work list, the manager's home (with who is overdue and visits) and the caseload
view over a large PostgreSQL database, each as a ratio to /healthz in the same run.

Run: .venv/bin/python -m bench.bench_automation --postgres URL
         [--cases 100000 --records 1000000 --tasks 500000] [--repeat 50]

The database must be empty. The demo team (Pat, Sam, Mo) holds 500 cases; the rest
belong to other teams, as a council's would. Rows are made in SQL (generate_series),
so the seed takes seconds per million rows. Timing is one user, in process, through the
Flask test client (the full request: session, queries, template, audit write); p50 and
p95 over ``--repeat`` requests after one warm-up. Concurrent load: bench/run.py.
"""

from __future__ import annotations

import argparse
import statistics
import time

from sqlalchemy import text

TEAM_CASES = 500


def _seed(db, cases: int, records: int, tasks: int) -> None:
    q = lambda sql, **kw: db.session.execute(text(sql), kw)  # noqa: E731
    ids = dict(q("SELECT username, id FROM users").all())
    team = q("SELECT team_id FROM users WHERE username = 'pat'").scalar()
    pv = q("SELECT min(id) FROM pathway_versions").scalar()
    fv = q("SELECT min(id) FROM form_versions").scalar()
    other_teams = max(cases // TEAM_CASES - 1, 1)
    q(
        "INSERT INTO teams (name, created_at) SELECT 'Bench team ' || g, now() "
        "FROM generate_series(1, :n) g",
        n=other_teams,
    )
    first_other = q("SELECT min(id) FROM teams WHERE name LIKE 'Bench team %'").scalar()
    q(
        """INSERT INTO cases (reference, pathway_version_id, team_id, lead_worker_id,
               opened_on, restricted, created_at)
           SELECT 'B-' || g, :pv,
                  CASE WHEN g <= :team_cases THEN :team ELSE :first + (g % :others) END,
                  CASE WHEN g <= :team_cases THEN (CASE WHEN g % 2 = 0 THEN :pat ELSE :sam END)
                  END,
                  current_date - (g % 400), false, now()
           FROM generate_series(1, :n) g""",
        pv=pv,
        team_cases=TEAM_CASES,
        team=team,
        first=first_other,
        others=other_teams,
        pat=ids["pat"],
        sam=ids["sam"],
        n=cases,
    )
    q(
        """INSERT INTO people (case_id, is_subject, role, first_name, last_name, disabilities)
           SELECT id, true, 'child', 'Child', 'Bench ' || id, '[]' FROM cases"""
    )
    q(
        """INSERT INTO stage_instances (case_id, stage_id, status, started_on, due_on,
               completed_on, weight)
           SELECT c.id, s.stage, s.status, c.opened_on, c.opened_on + 20,
                  CASE WHEN s.status = 'completed' THEN c.opened_on + 10 END, 2
           FROM cases c CROSS JOIN (VALUES ('contact_referral', 'completed'),
                                           ('cin_visit', 'open')) s(stage, status)"""
    )
    q(
        """INSERT INTO records (case_id, form_version_id, status, answers, prefill_sources,
               unmapped_answers, revision, created_by_id, created_at, updated_at)
           SELECT 1 + (g % :cases) + (SELECT min(id) FROM cases) - 1, :fv, 'completed',
                  '{}', '{}', '{}', 1, :pat, now(), now()
           FROM generate_series(1, :n) g""",
        cases=cases,
        fv=fv,
        pat=ids["pat"],
        n=records,
    )
    q(
        """INSERT INTO tasks (case_id, title, owner_id, due_on, status, source, created_at)
           SELECT c.id, 'Bench task ' || g, c.lead_worker_id, c.opened_on + (g % 30),
                  CASE WHEN g % 3 = 0 THEN 'open' ELSE 'done' END, 'one_off', now()
           FROM generate_series(1, :n) g
           JOIN cases c ON c.id = (SELECT min(id) FROM cases) + (g % :cases)""",
        n=tasks,
        cases=cases,
    )
    db.session.commit()
    q("ANALYZE")
    db.session.commit()


def _time(client, path: str, repeat: int) -> tuple[float, float]:
    client.get(path)
    took = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        took.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    took.sort()
    return statistics.median(took), took[max(int(len(took) * 0.95) - 1, 0)]


def _signed_in(app, username: str):
    import re

    from casework.demo import DEMO_PASSWORD

    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/sign-in", data={"csrf_token": token, "username": username, "password": DEMO_PASSWORD}
    )
    return client


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", required=True)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--tasks", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    from casework import create_app, database, demo
    from casework.extensions import db
    from casework.library import service as library

    database.upgrade(args.postgres)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": args.postgres,
            "SECRET_KEY": "bench",
            "CONVIVIAL_ENV": "test",
            "DOCUMENTS_RENDER_AHEAD": "off",
        }
    )
    with app.test_request_context():
        demo.seed()
        library.sync(app.config["LIBRARY_PATH"])
        start = time.perf_counter()
        _seed(db, args.cases, args.records, args.tasks)
        print(f"Seeded in {time.perf_counter() - start:.0f} s", flush=True)
    rows = []
    base = None
    for label, user, path in [
        ("baseline: /healthz", None, "/healthz"),
        ("practitioner work list", "pat", "/"),
        ("manager's home (work list, overdue, visits)", "mo", "/"),
        ("caseload view (8 weeks)", "mo", "/caseloads/"),
    ]:
        client = _signed_in(app, user) if user else app.test_client()
        p50, p95 = _time(client, path, args.repeat)
        base = base or p95
        rows.append(f"| {label} | {p50:.1f} | {p95:.1f} | {p95 / base:.1f} |")
        print(rows[-1], flush=True)


if __name__ == "__main__":
    main()

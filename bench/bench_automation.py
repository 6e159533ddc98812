"""The work list, the manager's home and the caseload view over a large database, each
as a ratio to a bare route (a static GOV.UK page) measured in the same run.

Run (see bench/README.md):

    .venv/bin/python -m bench.bench_automation                       # small, on SQLite
    .venv/bin/python -m bench.bench_automation --postgres URL \\
        --cases 100000 --records 1000000 --tasks 500000              # the issue's size

The database must be empty. The demo team (Pat, Sam, Mo) holds 500 of the cases; the
rest belong to other teams of 500 cases each, as a council's would; three of those
report to the demo's manager's manager (Val) with the demo team. Rows are made in SQL, a
statement a table (INSERT ... SELECT over generate_series on PostgreSQL, a recursive series on
SQLite), never an ORM object a row. Each case has five stages (three done, two open,
one a visit), ``records`` spread over its stages and ``tasks`` (a third open).

Then the real service is started (gunicorn, ``--workers`` x ``--threads``, as
`convivial serve`) with one extra route, the baseline, and each page is fetched over
HTTP by one signed-in user in turn (``--repeat`` times after a warm-up) and then by
``--connections`` threads at once (each its own keep-alive connection, for
``--seconds``). p50 and p95 in ms, and p95 as a ratio to the baseline's p95 in the
same phase.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from sqlalchemy import text

from bench.automation_app import BASELINE
from bench.service import free_port, signed_in_cookie

ROOT = Path(__file__).resolve().parent.parent
TEAM_CASES = 500
STAGES = [  # (stage id, completed?, weight)
    ("contact_referral", True, 1),
    ("child_and_family_assessment", True, 3),
    ("strategy_discussion", True, 2),
    ("cin_plan", False, 3),
    ("cin_visit", False, 2),
]


def _series(dialect: str) -> str:
    if dialect == "postgresql":
        return "generate_series(1, :n) AS g(x)"
    return (
        "(WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < :n) "
        "SELECT x FROM s) AS g"
    )


def _days_ago(dialect: str, expr: str) -> str:
    if dialect == "postgresql":
        return f"(current_date - ({expr}))"
    return f"date('now', '-' || ({expr}) || ' days')"


def _plus_days(dialect: str, day: str, expr: str) -> str:
    if dialect == "postgresql":
        return f"({day} + ({expr}))"
    return f"date({day}, '+' || ({expr}) || ' days')"


def _seed(db, cases: int, records: int, tasks: int) -> None:
    dialect = db.engine.dialect.name
    series = _series(dialect)
    q = lambda sql, **kw: db.session.execute(text(sql), kw)  # noqa: E731
    ids = dict(q("SELECT username, id FROM users").all())
    team = q("SELECT team_id FROM users WHERE username = 'pat'").scalar()
    head = q("SELECT team_id FROM users WHERE username = 'val'").scalar()
    pv = q("SELECT min(id) FROM pathway_versions").scalar()
    fv = q("SELECT min(id) FROM form_versions").scalar()
    now = "CURRENT_TIMESTAMP"
    others = max(cases // TEAM_CASES - 1, 1)
    q(
        f"INSERT INTO teams (name, created_at) SELECT 'Bench team ' || x, {now} FROM {series}",
        n=others,
    )
    first = q("SELECT min(id) FROM teams WHERE name LIKE 'Bench team %'").scalar()
    # The demo team (already) and three others report to Val's team.
    q("UPDATE teams SET parent_team_id = :head WHERE id = :team", head=head, team=team)
    q(
        "UPDATE teams SET parent_team_id = :head WHERE id BETWEEN :a AND :b",
        head=head,
        a=first,
        b=first + 2,
    )
    q(
        f"""INSERT INTO cases (reference, pathway_version_id, team_id, lead_worker_id,
               opened_on, restricted, created_at)
           SELECT 'B-' || x, :pv,
                  CASE WHEN x <= :tc THEN :team ELSE :first + (x % :others) END,
                  CASE WHEN x <= :tc THEN (CASE WHEN x % 2 = 0 THEN :pat ELSE :sam END) END,
                  {_days_ago(dialect, "x % 400")}, false, {now}
           FROM {series}""",
        pv=pv,
        tc=TEAM_CASES,
        team=team,
        first=first,
        others=others,
        pat=ids["pat"],
        sam=ids["sam"],
        n=cases,
    )
    q(
        """INSERT INTO people (case_id, is_subject, role, first_name, last_name, disabilities)
           SELECT id, true, 'child', 'Child', 'Bench ' || id, '[]' FROM cases
           WHERE reference LIKE 'B-%'"""
    )
    stages = " UNION ALL ".join(
        f"SELECT {n} AS n, '{s}' AS stage, {'true' if done else 'false'} AS done, {w} AS w"
        for n, (s, done, w) in enumerate(STAGES)
    )
    opened = "c.opened_on"
    q(
        f"""INSERT INTO stage_instances (case_id, stage_id, status, started_on, due_on,
               completed_on, weight)
           SELECT c.id, s.stage, CASE WHEN s.done THEN 'completed' ELSE 'open' END,
                  {_plus_days(dialect, opened, "s.n * 10")},
                  {_plus_days(dialect, opened, "s.n * 10 + 20 + (c.id * 7) % 400")},
                  CASE WHEN s.done THEN {_plus_days(dialect, opened, "s.n * 10 + 9")} END,
                  s.w
           FROM cases c CROSS JOIN ({stages}) s WHERE c.reference LIKE 'B-%'"""
    )
    # Records spread over the stages; the open stages' newest are drafts, some waiting
    # for sign-off, a few returned.
    per_stage = max(-(-records // (cases * len(STAGES))), 1)
    q(
        f"""INSERT INTO records (case_id, stage_instance_id, form_version_id, status, answers,
               prefill_sources, unmapped_answers, revision, created_by_id, created_at,
               updated_at)
           SELECT si.case_id, si.id, :fv,
                  CASE WHEN si.status = 'completed' OR g.x < :per THEN 'completed'
                       WHEN si.id % 5 = 0 THEN 'awaiting_authorisation'
                       WHEN si.id % 11 = 0 THEN 'returned' ELSE 'draft' END,
                  '{{}}', '{{}}', '{{}}', 1, COALESCE(c.lead_worker_id, :other), {now}, {now}
           FROM stage_instances si JOIN cases c ON c.id = si.case_id
           CROSS JOIN {series.replace(":n", ":per")}
           WHERE c.reference LIKE 'B-%'
           ORDER BY si.id, g.x LIMIT :n""",
        fv=fv,
        per=per_stage,
        other=ids["alex"],
        n=records,
    )
    per_case = max(-(-tasks // cases), 1)
    q(
        f"""INSERT INTO tasks (case_id, title, owner_id, due_on, status, source, created_at)
           SELECT c.id, 'Bench task ' || g.x, c.lead_worker_id,
                  {_plus_days(dialect, opened, "(c.id + g.x * 37) % 420")},
                  CASE WHEN (c.id + g.x) % 3 = 0 THEN 'open' ELSE 'done' END, 'one_off', {now}
           FROM cases c CROSS JOIN {series.replace(":n", ":per")}
           WHERE c.reference LIKE 'B-%'
           ORDER BY c.id, g.x LIMIT :n""",
        per=per_case,
        n=tasks,
    )
    db.session.commit()
    q("ANALYZE")
    db.session.commit()


def _prepare(url: str, sizes: tuple[int, int, int]) -> None:
    from casework import create_app, database, demo
    from casework.accounts import service as accounts
    from casework.extensions import db
    from casework.library import service as library

    database.upgrade(url)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "CONVIVIAL_ENV": "test",
            "DOCUMENTS_RENDER_AHEAD": "off",
        }
    )
    with app.test_request_context():
        demo.seed()
        library.sync(app.config["LIBRARY_PATH"])
        # Whoever records on the other teams' cases.
        accounts.create_user(
            "alex",
            password=demo.DEMO_PASSWORD,
            role="practitioner",
            team="Bench team elsewhere",
            full_name="Alex Other",
        )
        start = time.perf_counter()
        _seed(db, *sizes)
        print(f"Seeded {sizes} in {time.perf_counter() - start:.0f} s", flush=True)


def serve(url: str, workers: int, threads: int, root: Path = ROOT):
    """bench/automation_app.py of the checkout at ``root`` (this one by default) on ``url``:
    (process, base URL, instance folder) once it answers."""
    instance = tempfile.mkdtemp(prefix="convivial-bench-")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CONVIVIAL_ENV": "development",
        "CONVIVIAL_INSTANCE": instance,
        "SECRET_KEY": "bench-secret-key",
        "SIGN_IN_THROTTLE_FAILURES": "1000000",
        "DOCUMENTS_RENDER_AHEAD": "off",
        # That checkout's own code, not the one installed in the virtual environment.
        "PYTHONPATH": str(root),
    }
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.automation_app", str(port), str(workers), str(threads)],
        env=env,
        cwd=root,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1).read()  # noqa: S310
            return process, base, instance
        except OSError:
            time.sleep(0.3)
    process.terminate()
    shutil.rmtree(instance, ignore_errors=True)
    raise RuntimeError(f"the service of {root} did not start within 120 s")


def _get(conn: http.client.HTTPConnection, path: str, cookie: str | None) -> float:
    start = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    body = response.read()
    took = (time.perf_counter() - start) * 1000
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status} {body[:200]!r}")
    return took


def percentile(took: list[float], q: float) -> float:
    took = sorted(took)
    return took[min(int(len(took) * q), len(took) - 1)]


def _one_user(base, path, cookie, repeat):
    conn = http.client.HTTPConnection(base.removeprefix("http://"), timeout=120)
    _get(conn, path, cookie)
    return [_get(conn, path, cookie) for _ in range(repeat)]


def _concurrent(base, path, cookies, connections, seconds):
    took: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def run(n):
        conn = http.client.HTTPConnection(base.removeprefix("http://"), timeout=120)
        mine = []
        _get(conn, path, cookies[n])
        while time.monotonic() < stop:
            mine.append(_get(conn, path, cookies[n]))
        with lock:
            took.extend(mine)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return took


PAGES = [
    ("baseline: static GOV.UK page", None, BASELINE),
    ("practitioner work list (page 1)", "pat", "/"),
    ("manager's home (work list, overdue, visits)", "mo", "/"),
    ("caseload view (8 weeks)", "mo", "/caseloads/"),
    ("manager's manager's home (4 teams)", "val", "/"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="an empty PostgreSQL database (else SQLite)")
    parser.add_argument("--cases", type=int, default=2_000)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--seeded", action="store_true", help="the database was seeded by an earlier run"
    )
    args = parser.parse_args()
    sqlite = f"sqlite:///{tempfile.mkdtemp(prefix='convivial-bench-')}/bench.sqlite3"
    url = args.postgres or sqlite
    if not args.seeded:
        _prepare(url, (args.cases, args.records, args.tasks))

    from casework.demo import DEMO_PASSWORD

    process, base, instance = serve(url, args.workers, args.threads)
    try:
        print(
            "| Page | one user p50 | p95 | p95 / baseline | "
            f"{args.connections} connections p50 | p95 | p95 / baseline | requests/s |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        base_one = base_many = None
        sessions: dict = {None: [None] * args.connections}
        for label, user, path in PAGES:
            if user not in sessions:  # a session per connection, signed in once per user
                sessions[user] = [
                    signed_in_cookie(base, user, DEMO_PASSWORD) for _ in range(args.connections)
                ]
            cookies = sessions[user]
            one = _one_user(base, path, cookies[0], args.repeat)
            many = _concurrent(base, path, cookies, args.connections, args.seconds)
            base_one = base_one or percentile(one, 0.95)
            base_many = base_many or percentile(many, 0.95)
            print(
                f"| {label} | {statistics.median(one):.1f} | {percentile(one, 0.95):.1f} | "
                f"{percentile(one, 0.95) / base_one:.1f} | {statistics.median(many):.1f} | "
                f"{percentile(many, 0.95):.1f} | {percentile(many, 0.95) / base_many:.1f} | "
                f"{len(many) / args.seconds:.0f} |",
                flush=True,
            )
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(instance, ignore_errors=True)
        shutil.rmtree(Path(sqlite.removeprefix("sqlite:///")).parent, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Where one section GET spends its CPU, phase by phase, in process (issue 17's server
target). Run from the repository root on a throwaway database:

    python -m bench.profile_section [--requests 200] [--postgres URL] [--answered]

Prints CPU ms per request (``time.process_time``, so a busy neighbour's time is not
counted) of the section and of the bare route (/signed-out, bench_recording's baseline)
taken in turn, and their ratio; then each phase of the section's request, then the top
functions by own CPU time (``--sort cumulative``, ``--callers``/``--callees`` PATTERN).
CPU time still swells when the cores are shared, so compare the ratio between runs.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.process_cpu import postgres_seconds  # noqa: E402

# (label, module, attribute): wrapped to add their CPU time to the label's total
PHASES = [
    ("session and user load (Flask-Login user loader)", "casework.auth.sessions", "load"),
    ("access check (before_request)", "casework.access", "enforce"),
    ("forced password change (before_request)", "casework.auth.forced_change", "require_change"),
    ("record open (record, case, rule, form version)", "casework.records.routes", "_record_or_404"),
    ("form (and people if a question asks)", "casework.records.routes", "_context"),
    ("section shown (cached, or bound)", "renderer.screens.compiled", "CompiledForm.shown"),
    ("  of which bind, on a miss", "renderer.screens.compiled", "CompiledForm.bind"),
    ("render section page", "casework.records.section_page", "render"),
    ("  of which the templates", "casework.records.section_page", "render_template"),
    ("  of which the child's name", "casework.cases.service", "child_name"),
    ("audit entry committed (group commit)", "casework.audit", "record"),
    ("security headers (after_request)", "casework.security", "add_headers"),
    ("transaction ended (teardown)", "casework.transactions_service", "_end"),
    ("session removed (teardown)", "flask_sqlalchemy.extension", "SQLAlchemy._teardown_session"),
]


BARE = "/signed-out"  # issue 17's baseline: a static GOV.UK template, no database


def _wrap(totals, label, module, name):
    import importlib

    try:
        target = importlib.import_module(module)
    except ImportError:
        return
    *owners, name = name.split(".")  # "Class.method" wraps a method
    for owner in owners:
        target = getattr(target, owner)
    original = getattr(target, name, None)
    if original is None:
        return

    def timed(*args, **kwargs):
        start = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            totals[label] += time.process_time() - start

    setattr(target, name, timed)


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--postgres", default=None)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime", help="tottime or cumulative")
    parser.add_argument(
        "--answered", action="store_true", help="the record with realistic answers (else empty)"
    )
    parser.add_argument("--callees", default=None, help="a function name pattern to expand")
    parser.add_argument("--callers", default=None, help="a function name pattern: who calls it")
    parser.add_argument("--dump", default=None, help="write the profile here (pstats)")
    parser.add_argument(
        "--no-shown-cache",
        action="store_true",
        help="build the section's fields on every request (a page seen for the first time)",
    )
    return parser.parse_args()


def _section_path(client, answered: bool) -> str:
    """Signs pat in, starts the child and family assessment; the path of its biggest section."""
    from bench import recording_setup
    from casework.demo import DEMO_PASSWORD

    case_id, instance_id = recording_setup.prepare(cases=1, users=0)["stages"][0]
    csrf = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
    token = csrf.search(client.get("/sign-in").get_data(as_text=True)).group(1)
    client.post(
        "/sign-in", data={"csrf_token": token, "username": "pat", "password": DEMO_PASSWORD}
    )
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    token = csrf.search(page).group(1)
    started = client.post(
        f"/cases/{case_id}/stages/{instance_id}/record", data={"csrf_token": token}
    )
    record_id = int(re.search(r"/records/(\d+)", started.headers["Location"]).group(1))
    if answered:
        recording_setup.fill([record_id])
    return f"/records/{record_id}/sections/analysis"


def _timed(
    client, bare, path: str, requests: int, totals, postgres: bool
) -> tuple[dict[str, float], float]:
    """CPU ms per request of the section and of the bare route, taken in turn (a busy
    neighbour slows both alike, so their ratio moves less than either figure), and the
    section's median wall ms. The phases count the section's requests only. With a
    local PostgreSQL, also its CPU ms per section request ("postgres"; the bare route
    does not use the database)."""
    walls = []
    cpu = {"section": 0.0, "bare": 0.0}
    server_start = postgres_seconds() if postgres else None
    for _ in range(requests):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        middle = time.process_time()
        walls.append((time.perf_counter() - start_wall) * 1000)
        kept = dict(totals)
        bare.get(BARE)
        totals.update(kept)
        cpu["section"] += middle - start_cpu
        cpu["bare"] += time.process_time() - middle
    server_end = postgres_seconds() if postgres else None
    if server_start is not None and server_end is not None:
        cpu["postgres"] = server_end - server_start
    walls.sort()
    per = {k: v / requests * 1000 for k, v in cpu.items()}
    return per, walls[len(walls) // 2]


def _profile(client, path: str, args) -> None:
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(args.requests):
        client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    if args.dump:
        stats.dump_stats(args.dump)
    stats.sort_stats(args.sort).print_stats(args.top)
    if args.callees:
        stats.sort_stats("cumulative").print_callees(args.callees)
    if args.callers:
        stats.sort_stats("cumulative").print_callers(args.callers)


def main() -> None:
    args = _arguments()
    instance = tempfile.mkdtemp(prefix="convivial-profile-")
    url = args.postgres or f"sqlite:///{instance}/profile.sqlite3"
    os.environ.update(
        CONVIVIAL_ENV="development",
        CONVIVIAL_INSTANCE=instance,
        SECRET_KEY="profile-secret-key",
        DATABASE_URL=url,
        DOCUMENTS_RENDER_AHEAD="off",
    )
    import subprocess

    from bench.service import CONVIVIAL
    from casework import create_app

    for command in (["init-db"], ["demo"]):
        subprocess.run(CONVIVIAL + command, check=True, capture_output=True)
    totals: dict[str, float] = defaultdict(float)
    for label, module, name in PHASES:
        _wrap(totals, label, module, name)
    app = create_app()
    if args.no_shown_cache:
        from renderer.screens.shown import ShownCache

        app.jinja_env.globals["screens_shown"] = ShownCache(size=0)
    client, bare = app.test_client(), app.test_client()  # bare stays signed out
    path = _section_path(client, args.answered)
    for _ in range(5):
        assert client.get(path).status_code == 200
        assert bare.get(BARE).status_code == 200
    gc.collect()
    gc.freeze()  # as each worker of `convivial serve` does once warmed (casework/server.py)
    totals.clear()
    per, wall = _timed(client, bare, path, args.requests, totals, bool(args.postgres))
    whole, base = per["section"], per["bare"]
    print(
        f"section GET {path}: {whole:.2f} ms CPU per request, median {wall:.2f}"
        " ms wall (test client, not profiled)"
    )
    print(
        f"bare route GET {BARE}: {base:.2f} ms CPU per request; section / bare: {whole / base:.1f}"
    )
    if "postgres" in per:
        server = per["postgres"]
        print(
            f"PostgreSQL's own CPU per section request: {server:.2f} ms; "
            f"(section + PostgreSQL) / bare: {(whole + server) / base:.1f}"
        )
    print("  (record open includes the audit entry; access check includes the user load)")
    for label, *_ in PHASES:
        print(f"  {label}: {totals[label] / args.requests * 1000:.2f} ms")
    _profile(client, path, args)


if __name__ == "__main__":
    main()

"""Recording screens under load, as ratios to a bare route (/signed-out: a static GOV.UK
template, no database) measured in the same run.

    python bench/bench_recording.py [--postgres URL] [--seconds 10] [--connections 16]
                                    [--rounds 3]

The service runs under gunicorn (2 workers, as `convivial serve`) on SQLite, and also on
PostgreSQL when --postgres (or BENCH_POSTGRES_URL) names an empty database. Load comes
from wrk in a second process. Scenarios, on the largest shipped form (the child and family
assessment) and its biggest section (the one whose empty page has the most bytes):

- the section page with no answers, and with realistic answers to the whole form;
- the record's contents page (every section's status computed from those answers);
- the baseline again, signed in (what the session check every signed-in page pays, and
  the header, add): a second baseline, and a last table of each record page's ratio to
  it (issue 17's option (b));
- autosave: POST the section with Accept: application/json, one changing answer (the
  section's first free-text box), a fresh save key and the last acknowledged revision,
  on N connections, each connection its own practitioner and record (so no conflicts
  are expected: any 409 is counted as an error).

The GET scenarios run in rounds (--rounds, 3 by default): the baseline, then each page,
and again. A page's ratio is to its own round's baseline, and the round with the median
ratio is printed, with the range of the rounds' ratios beside it; a round counts only if
the page and its baseline both ran with an even spread (below). This machine's speed
drifts by tens of percent over minutes, and a baseline measured once, minutes before a
page, carried that drift into the page's ratio.

A second table gives each scenario's service time one request at a time, in-process
(Flask's test client on the same database: median ms and SQL statements per request),
which a busy neighbour on the machine disturbs much less than the load figures.

Each GET row also gives the CPU one request cost, read from /proc while wrk ran
(bench/process_cpu.py): the service's processes, PostgreSQL's (when it is the database),
and wrk's own apart, with the ratio of service + PostgreSQL to the baseline's in the same
round. Requests per second swing with whatever else the host runs; the CPU a request
costs moves much less, and without wrk's share it is what the server alone would spend.

The last column is how wrk's connections were spread over the two workers half-way through
each scenario (bench/worker_spread.py): at 16:0 one core serves everything and the same code
measures two to three times slower, so compare ratios of runs with even spreads. A GET
scenario whose connections land wider than 9:7 is started again (up to five tries; the
column says which try was kept); autosave runs once, as its connections carry revisions.

Every record page view writes an audit row (case-record views are audited by design), so
the GET scenarios are not read-only either.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import recording_client as rc  # noqa: E402
from bench.process_cpu import cost_cell  # noqa: E402
from bench.recording_load import drive, drive_autosave, even, warm_up  # noqa: E402
from bench.service import running_service  # noqa: E402
from casework.demo import DEMO_PASSWORD  # noqa: E402

BARE = "baseline: /signed-out (static GOV.UK template)"
SIGNED_IN_BARE = "signed in: /signed-out with a session (same template)"


def _median_row(label: str, name: str, runs: list, baselines: list) -> str:
    """A page's row over the rounds: the median round by ratio (its requests/s and
    latencies), the ratios' range beside it when there were several, the CPU a request
    cost (median round by CPU ratio), every spread. ``runs`` and ``baselines`` are
    (ratio, figures, spread, cost) a round.

    Only rounds where both the page and its baseline ran with the connections spread
    evenly (within 9:7, after the retries) are counted: at 16:0 one core serves every
    request and the figure measures that race, not the code. Uneven rounds are still
    listed, and if every round was uneven all are counted and the row says so."""
    pairs = [
        (run, base)
        for run, base in zip(runs, baselines, strict=True)
        if even(run[2]) and even(base[2])
    ]
    even_rounds = len(pairs)
    pairs = pairs or list(zip(runs, baselines, strict=True))
    ordered = sorted((run for run, _ in pairs), key=lambda run: run[0])
    ratio, f, *_ = ordered[len(ordered) // 2]
    shown = f"{ratio:.3f}"
    if len(ordered) > 1:
        shown += f" ({ordered[0][0]:.3f}-{ordered[-1][0]:.3f})"
    shown += f", {even_rounds} of {len(runs)} rounds even" if even_rounds else ", no round even"
    errors = sum(run[1].errors for run in runs)
    spreads = ", ".join(run[2] for run in runs)
    cost = cost_cell([(run[3], base[3]) for run, base in pairs])
    return (
        f"| {label} | {name} | {f.requests_per_second:,.0f} | {shown} | {cost} "
        f"| {f.p50_ms:.1f} | {f.p99_ms:.1f} | {errors} | {spreads} |"
    )


def row(label: str, name: str, rps: float, baseline: float, p50: float, p99: float, errors, at):
    return (
        f"| {label} | {name} | {rps:,.0f} | {rps / baseline:.3f} | | {p50:.1f} | {p99:.1f} "
        f"| {errors} | {at} |"
    )


def run(
    database_url: str | None, label: str, seconds: int, connections: int, rounds: int = 3
) -> tuple[list[str], list[str], list[str]]:
    """The load table's rows, the service-time table's rows and the pages' ratios to the
    signed-in baseline, for one database."""
    rows, times, against = [], [], []
    with running_service(database_url) as (base, url):
        fixtures = rc.prepare(url, cases=connections + 2, users=connections)
        pat = rc.Browser(base).sign_in("pat", DEMO_PASSWORD)
        empty, filled = (pat.start_record(*stage) for stage in fixtures["stages"][:2])
        section, size = rc.biggest_section(pat, empty)
        savers = []
        for username, stage in zip(fixtures["users"], fixtures["stages"][2:], strict=True):
            browser = rc.Browser(base).sign_in(username, DEMO_PASSWORD)
            savers.append((browser, browser.start_record(*stage)))
        rc.fill(url, [filled] + [record for _, record in savers])
        filled_size = len(pat.get(f"/records/{filled}/sections/{section}").encode())

        gets = [
            # (scenario, path, sent with the practitioner's session cookie)
            # issue 17's baseline: a bare route rendering a static GOV.UK template (the
            # signed-out page: the page template, no form, no database)
            (BARE, "/signed-out", False),
            ("/healthz (no template)", "/healthz", False),
            # The same page sent with the practitioner's session: what being signed in
            # adds to every page (the session check, for revocation and idle timeout; the
            # header's name and menu), with no child data and no audit entry. The
            # signed-in baseline the team was asked about on issue 17 (option b).
            (SIGNED_IN_BARE, "/signed-out", True),
            (
                f"section '{section}', empty ({size / 1024:.0f} KB)",
                f"/records/{empty}/sections/{section}",
                True,
            ),
            (
                f"section '{section}', realistic answers ({filled_size / 1024:.0f} KB)",
                f"/records/{filled}/sections/{section}",
                True,
            ),
            ("record contents page (realistic answers)", f"/records/{filled}", True),
        ]
        # Each round runs the baseline and then every page; a page's ratio is taken to its
        # own round's baseline, and the median of the rounds is printed. This machine's
        # speed drifts by tens of percent over minutes (a shared host): a baseline measured
        # once, minutes before the page, carried that drift into the ratio.
        measured: dict[str, list] = {name: [] for name, *_ in gets}
        for turn in range(rounds):
            baseline = None
            for name, url_path, signed_in in gets:
                cookie = pat.cookie if signed_in else None
                if turn == 0:
                    warm_up(base, url_path, cookie)
                f, at, cost = drive(
                    base + url_path,
                    seconds=seconds,
                    connections=connections,
                    cookie=cookie,
                    postgres=database_url is not None,
                )
                baseline = baseline or f.requests_per_second
                measured[name].append((f.requests_per_second / baseline, f, at, cost))
        for name, runs in measured.items():
            rows.append(_median_row(label, name, runs, measured[BARE]))
            print(rows[-1], flush=True)
        record_pages = [name for name, _, signed_in in gets if name != SIGNED_IN_BARE and signed_in]
        for name in record_pages:
            ratios = [
                s[1].requests_per_second / p[1].requests_per_second
                for s, p in zip(measured[SIGNED_IN_BARE], measured[name], strict=True)
            ]
            against.append(
                f"| {label} | {name} | {statistics.median(ratios):.2f}x "
                f"({min(ratios):.2f}-{max(ratios):.2f}) |"
            )
        baseline = statistics.median(run[1].requests_per_second for run in measured[BARE])

        # the answer typed into: the section's first free-text box
        page = pat.get(f"/records/{empty}/sections/{section}")
        field = re.search(r'<textarea[^>]* name="([a-z0-9_]+)"', page).group(1)
        clients = []
        for browser, record in savers:
            path = f"/records/{record}/sections/{section}"
            state = rc.page_state(browser.get(path))
            clients.append(
                {
                    "path": path,
                    "cookie": browser.cookie,
                    "csrf": state.csrf_token,
                    "field": field,
                    "revision": state.revision,
                }
            )
        drive_autosave(base, clients, 2, nonce=f"warm{time.time_ns()}")
        time.sleep(3)  # saves still in flight when wrk stopped land before we read revisions
        for client, (browser, record) in zip(clients, savers, strict=True):
            path = f"/records/{record}/sections/{section}"
            client["revision"] = rc.page_state(browser.get(path)).revision
        f = drive_autosave(base, clients, seconds, nonce=f"run{time.time_ns()}")
        errors = f["errors"]
        if f["conflicts"]:
            errors = f"{errors} ({f['conflicts']} unexpected 409s)"
        rows.append(
            row(
                label,
                f"autosave POST, {connections} records, one per connection",
                f["requests_per_second"],
                baseline,
                f["p50_us"] / 1000,
                f["p99_us"] / 1000,
                errors,
                f["spread"],
            )
        )
        print(rows[-1], flush=True)

        paths = {
            "baseline: /healthz": "/healthz",
            "section, empty": f"/records/{empty}/sections/{section}",
            "section, realistic answers": f"/records/{filled}/sections/{section}",
            "record contents page": f"/records/{filled}",
        }
        measured = rc.service_times(
            url, "pat", list(paths.values())[1:], (paths["section, realistic answers"], field)
        )
        autosave = measured.pop(next(k for k in measured if k.startswith("autosave")))
        for name, path in paths.items():
            times.append(
                f"| {label} | {name} | {measured[path]['ms']:.1f} | "
                f"{measured[path]['statements']:.0f} |"
            )
        times.append(
            f"| {label} | autosave POST | {autosave['ms']:.1f} | {autosave['statements']:.0f} |"
        )
    return rows, times, against


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL"))
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--rounds", type=int, default=3, help="baseline-then-pages rounds; the median is printed"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("bench_recording.py needs wrk (Debian: apt-get install wrk)")

    print(
        f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {args.seconds}s x {args.connections} connections, "
        f"{args.rounds} rounds"
    )
    print(
        "| database | scenario | requests/s | ratio to baseline (median round; range) "
        "| CPU ms a request: service + PostgreSQL (wrk); ratio of service + PostgreSQL "
        "to baseline (median; range) "
        "| p50 ms | p99 ms | errors | connections per worker, each round |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    _, times, against = run(None, "SQLite", args.seconds, args.connections, args.rounds)
    if args.postgres:
        more = run(args.postgres, "PostgreSQL", args.seconds, args.connections, args.rounds)
        times, against = times + more[1], against + more[2]
    print(
        "\nThe record pages against the signed-in baseline (/signed-out with a session: the "
        "same template, the session check, no child data), slower by (median round; range):\n"
    )
    print("| database | scenario | times slower |")
    print("|---|---|---:|")
    print("\n".join(against))
    print(
        "\nService time, one request at a time in-process (Flask test client, median of 20; "
        "statements = SQL statements per request through SQLAlchemy; a page view's audit "
        "entry is written on the driver's own cursor and not counted: two round trips on "
        "PostgreSQL, casework/auditing/group.py)\n"
    )
    print("| database | scenario | ms | statements |")
    print("|---|---|---:|---:|")
    print("\n".join(times))


if __name__ == "__main__":
    main()

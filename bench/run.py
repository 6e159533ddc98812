"""Service benchmarks: each page's throughput as a ratio to the baseline route.

    python bench/run.py [--postgres URL] [--seconds 10] [--connections 16]

The service runs under gunicorn (2 workers, as `convivial serve`) on SQLite, and on
PostgreSQL when --postgres (or BENCH_POSTGRES_URL) names an empty database. Load comes
from a second process (wrk if installed). The baseline is /healthz, the smallest route
the same app serves, measured in the same run, so the ratios compare like with like on
whatever machine runs them.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import drive  # noqa: E402
from bench.service import running_service, signed_in_cookie  # noqa: E402
from casework.demo import DEMO_PASSWORD  # noqa: E402

SCENARIOS = [
    ("baseline: /healthz", "/healthz", None),
    ("sign-in page (form + template)", "/sign-in", None),
    ("practitioner home (session + template)", "/", "pat"),
    ("team manager home (session + query)", "/", "mo"),
    ("auditor home (50 audit rows)", "/", "aud"),
    ("team manager caseloads (8 weeks per worker)", "/caseloads/", "mo"),
]


def run(database_url: str | None, label: str, seconds: int, connections: int) -> list[str]:
    rows = []
    with running_service(database_url) as (base, _):
        baseline = None
        for name, path, user in SCENARIOS:
            cookie = signed_in_cookie(base, user, DEMO_PASSWORD) if user else None
            drive(base + path, seconds=1, connections=connections, cookie=cookie)  # warm up
            figures = drive(base + path, seconds=seconds, connections=connections, cookie=cookie)
            baseline = baseline or figures.requests_per_second
            rows.append(
                f"| {label} | {name} | {figures.requests_per_second:,.0f} | "
                f"{figures.requests_per_second / baseline:.2f} | {figures.p50_ms:.1f} | "
                f"{figures.p99_ms:.1f} | {figures.errors} |"
            )
            print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL"))
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()

    print(
        f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {args.seconds}s x {args.connections} connections"
    )
    print("| database | page | requests/s | ratio to baseline | p50 ms | p99 ms | errors |")
    print("|---|---|---:|---:|---:|---:|---:|")
    run(None, "SQLite", args.seconds, args.connections)
    if args.postgres:
        run(args.postgres, "PostgreSQL", args.seconds, args.connections)


if __name__ == "__main__":
    main()

"""One page of two checkouts' services, asked of each in turn: a before/after under the
same machine load.

On a machine shared with other work, two end-to-end runs minutes apart differ by more
than most changes do. Here both services run at once (each as bench/automation_app.py
runs it: gunicorn, 2 workers x 4 threads) on the same database, and one user asks the
page of each alternately, one request at a time, so both see the same load.

    python bench/paired.py --before /tmp/base-checkout \\
        --postgres postgresql://postgres@127.0.0.1:54777/bench --user mo --path / --requests 400

``--before`` is another checkout of the repository (``git archive <commit> | tar -x``);
the database must suit both (seeded by bench/bench_automation.py).
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_automation import percentile, serve  # noqa: E402
from bench.service import signed_in_cookie  # noqa: E402
from casework.demo import DEMO_PASSWORD  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True, help="the other checkout's folder")
    parser.add_argument("--postgres", required=True)
    parser.add_argument("--user", default="mo")
    parser.add_argument("--path", default="/")
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    roots = {"before": Path(args.before).resolve(), "after": ROOT}
    started = {name: serve(args.postgres, 2, 4, root) for name, root in roots.items()}
    try:
        connections, cookies = {}, {}
        for name, (_, base, _) in started.items():
            cookies[name] = signed_in_cookie(base, args.user, DEMO_PASSWORD)
            connections[name] = http.client.HTTPConnection(base.removeprefix("http://"), timeout=60)

        def get(name: str) -> float:
            start = time.perf_counter()
            connections[name].request("GET", args.path, headers={"Cookie": cookies[name]})
            response = connections[name].getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{name}: {args.path} answered {response.status}")
            return (time.perf_counter() - start) * 1000

        for name in started:
            for _ in range(10):
                get(name)
        load = os.getloadavg()[0]
        took: dict[str, list[float]] = {name: [] for name in started}
        for n in range(args.requests):
            for name in ("before", "after") if n % 2 else ("after", "before"):
                took[name].append(get(name))
        print(f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
        for name, values in took.items():
            p50, p95, p99 = (percentile(values, q) for q in (0.5, 0.95, 0.99))
            print(f"{name}: p50 {p50:.1f}  p95 {p95:.1f}  p99 {p99:.1f} ms ({len(values)})")
    finally:
        for process, _, instance in started.values():
            process.terminate()
            process.wait(timeout=30)
            shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()

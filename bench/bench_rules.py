"""How long typical form rules take to evaluate on the server.

Run: .venv/bin/python -m bench.bench_rules
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from renderer.definitions.rules import evaluate

CASES = Path(__file__).resolve().parents[1] / "tests" / "rules" / "cases.json"


def main(rounds: int = 200) -> None:
    cases = json.loads(CASES.read_text(encoding="utf-8"))["cases"]
    started = time.perf_counter()
    for _ in range(rounds):
        for case in cases:
            evaluate(case["rule"], case["data"])
    elapsed = time.perf_counter() - started
    count = rounds * len(cases)
    print(f"{count} evaluations in {elapsed:.3f}s: {elapsed / count * 1e6:.1f} µs each")


if __name__ == "__main__":
    main()

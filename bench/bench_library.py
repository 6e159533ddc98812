"""Benchmark: load and check the whole shipped library, cold and warm.

    .venv/bin/python bench/bench_library.py [--repeats N]

Cold = a fresh Python process each time (schemas compiled, caches empty); the time
is measured inside that process around load_library, so interpreter start-up is
excluded. Warm = repeated loads in one process (compiled validators cached). The
baseline is plain `yaml.safe_load` of the same files, measured in the same run, so
the ratio is comparable across machines. Prints a markdown snippet for
bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from renderer.definitions import load_library  # noqa: E402

COLD = """
import json, sys, time
sys.path.insert(0, {root!r})
start = time.perf_counter()
from renderer.definitions import load_library
imported = time.perf_counter()
result = load_library({root!r})
done = time.perf_counter()
assert not result.errors, result.errors
print(json.dumps({{"import": imported - start, "load": done - imported}}))
"""


def files() -> list[Path]:
    return sorted((ROOT / "form_library").glob("*.yaml")) + sorted(
        (ROOT / "pathways").glob("*.yaml")
    )


def timed(fn, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    n = parser.parse_args().repeats
    paths = files()
    texts = [p.read_text(encoding="utf-8") for p in paths]
    size_kb = sum(len(t.encode()) for t in texts) / 1024

    baseline = timed(lambda: [yaml.safe_load(t) for t in texts], n)
    baseline_c = timed(lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts], n)

    cold_load, cold_import = [], []
    for _ in range(n):
        out = subprocess.run(
            [sys.executable, "-c", COLD.format(root=str(ROOT))],
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(out.stdout)
        cold_load.append(figures["load"])
        cold_import.append(figures["import"])

    result = load_library(ROOT)  # warm-up: compiles and caches the validators
    assert not result.errors, result.errors
    warm = timed(lambda: load_library(ROOT), n)

    base = statistics.median(baseline)

    def row(name, samples, note=""):
        med = statistics.median(samples)
        return f"| {name} | {med * 1000:.0f} ms | {med / base:.2f}x | {note} |"

    print(
        f"## Library load ({len(result.forms)} forms, {len(result.pathways)} pathways, "
        f"{len(paths)} files, {size_kb:.0f} KB)"
    )
    print()
    print(
        f"Python {platform.python_version()}, {platform.machine()}, median of {n} runs, "
        f"`bench/bench_library.py`. Ratio is to the baseline measured in the same run."
    )
    print()
    print("| what | median | vs baseline | note |")
    print("|---|---|---|---|")
    print(row("baseline: `yaml.safe_load` of every file", baseline, "parse only, no checks"))
    print(row("`yaml.load(CSafeLoader)` of every file", baseline_c, "libyaml, parse only"))
    print(
        row(
            "cold `load_library` (fresh process)",
            cold_load,
            f"plus {statistics.median(cold_import) * 1000:.0f} ms to import the package",
        )
    )
    print(
        row(
            "warm `load_library` (validators cached)",
            warm,
            "YAML + limits + schema + cross-checks + model",
        )
    )


if __name__ == "__main__":
    main()

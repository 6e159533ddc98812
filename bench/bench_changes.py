"""Benchmark: diff, apply and three-way merge of the whole child protection pathway.

The pathway and each of its forms are edited twice, as two councils might: relabels,
a field moved between sections, fields added and removed, a timescale changed. The
benchmark times diff (base -> ours), apply of that diff, and merge of both councils'
edits, over the pathway plus all its forms; and export + checked read of a bundle.

    .venv/bin/python bench/bench_changes.py [--repeat N]

Results are recorded in docs/changes.md ("Benchmarks").
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from designer.changes import (  # noqa: E402
    Library,
    apply_operations,
    diff,
    export_bundle,
    merge,
    publish,
    read_bundle,
    read_yaml,
    same,
)


def load_pathway() -> dict[str, tuple[str, dict]]:
    pathway = read_yaml((ROOT / "pathways" / "child_protection.yaml").read_bytes())
    docs = {pathway["id"]: ("pathway", pathway)}
    for stage in pathway["stages"]:
        if stage.get("form"):
            path = ROOT / "form_library" / f"{stage['form']}.yaml"
            docs[stage["form"]] = ("form", read_yaml(path.read_bytes()))
    return docs


def edit_form(doc: dict, who: str) -> dict:
    doc = copy.deepcopy(doc)
    sections = doc["sections"]
    first, last = sections[0], sections[-1]
    labelled = next(f for f in first["fields"] if "label" in f)
    if who == "ours":
        labelled["label"] += " (our wording)"
        if len(first["fields"]) > 1:
            last["fields"].append(first["fields"].pop(1))
        first["fields"].insert(0, {"id": "ours_extra", "type": "text", "label": "Ours"})
    else:
        labelled["label"] += " (their wording)"
        last["fields"][0]["hint"] = "Their new hint"
        last["fields"].append({"id": "theirs_extra", "type": "long_text", "label": "Theirs"})
        removable = [f for f in sections[len(sections) // 2]["fields"] if not f.get("statutory")]
        if len(sections[len(sections) // 2]["fields"]) > 1 and removable:
            sections[len(sections) // 2]["fields"].remove(removable[-1])
    return doc


def edit_pathway(doc: dict, who: str) -> dict:
    doc = copy.deepcopy(doc)
    if who == "ours":
        doc["parameters"][0]["default"] += 1
        doc["stages"].append(doc["stages"].pop(0))
    else:
        doc["stages"][-1]["title"] += " (theirs)"
        doc["labels"] = dict(doc.get("labels") or {}, worries="What worries everyone?")
    return doc


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    docs = load_pathway()
    fields = sum(
        1 for kind, d in docs.values() if kind == "form" for s in d["sections"] for _ in s["fields"]
    )
    edits = {
        k: (
            kind,
            d,
            (edit_form if kind == "form" else edit_pathway)(d, "ours"),
            (edit_form if kind == "form" else edit_pathway)(d, "theirs"),
        )
        for k, (kind, d) in docs.items()
    }
    print(f"child_protection: 1 pathway, {len(docs) - 1} forms, {fields} top-level fields")

    def all_diffs():
        return {k: diff(base, ours, kind) for k, (kind, base, ours, _) in edits.items()}

    ms, diffs = timed(all_diffs, args.repeat)
    print(f"diff (base -> ours), whole pathway: {ms:.1f} ms, {sum(map(len, diffs.values()))} ops")

    ms, built = timed(lambda: {k: diff({}, d, kind) for k, (kind, d) in docs.items()}, args.repeat)
    print(
        f"diff from nothing (full history entry): {ms:.1f} ms, {sum(map(len, built.values()))} ops"
    )

    def all_applies():
        return {
            k: apply_operations(base, diffs[k], kind) for k, (kind, base, _, _) in edits.items()
        }

    ms, applied = timed(all_applies, args.repeat)
    assert all(same(applied[k], e[2]) for k, e in edits.items())
    print(f"apply (diff applied to base), whole pathway: {ms:.1f} ms")

    def all_merges():
        return {
            k: merge(base, ours, theirs, kind) for k, (kind, base, ours, theirs) in edits.items()
        }

    ms, merged = timed(all_merges, args.repeat)
    soft = sum(len(r.soft) for r in merged.values())
    hard = sum(len(r.pending) for r in merged.values())
    print(f"three-way merge, whole pathway: {ms:.1f} ms ({soft} soft, {hard} hard conflicts)")

    with tempfile.TemporaryDirectory() as tmp:
        lib = Path(tmp) / "lib"
        for k, (kind, _doc) in docs.items():
            folder = lib / ("pathways" if kind == "pathway" else "form_library")
            folder.mkdir(parents=True, exist_ok=True)
            src = ROOT / folder.name / f"{k}.yaml"
            (folder / f"{k}.yaml").write_bytes(src.read_bytes())
        start = time.perf_counter()
        publish(Library(lib), None, rationale="Benchmark", author="bench", date="2026-11-23")
        elapsed = (time.perf_counter() - start) * 1000
        print(f"publish version 1 of all 10 definitions: {elapsed:.0f} ms")
        out = Path(tmp) / "b.zip"
        ms, _ = timed(lambda: export_bundle(Library(lib), "child_protection", out, council="B"), 1)
        print(f"export bundle: {ms:.0f} ms ({out.stat().st_size} bytes)")
        ms, _ = timed(lambda: read_bundle(out), args.repeat)
        print(f"read and check bundle (all checks): {ms:.0f} ms")


if __name__ == "__main__":
    main()

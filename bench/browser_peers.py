"""Convivial's recording pages against Form.io, SurveyJS and static GOV.UK, in one Chromium run.

    python bench/browser_peers.py [--anchor DIR] [--work DIR] [--runs 3] [--warmup 1]
                                  [--profiles no-throttle,4x-cpu] [--pages ...]

The peer pages and the harness are the team's measurement kit (--anchor, by default
shared/perf-anchor beside the repository; its README says what each figure is). This
script calls it, it does not copy it: `setup_site.sh WORK` fetches the peers' exact packages with
`npm pack` into --work (a folder outside the repository; nothing fetched is committed)
and builds their pages; then the service runs here on a fresh SQLite database with the
150-question form published from the kit's YAML, a child and family assessment record
filled with realistic answers and a 150-question record; then the kit's `measure_all.py`
loads every page cold in fresh browser contexts, alternating pages in each round, with
no throttling and with 4x CPU throttling, and types 50 characters into each form.

Prints every figure as a ratio to the peers' (and writes runs.jsonl and summary.json
under --work/results).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import recording_client as rc  # noqa: E402
from bench.service import running_service  # noqa: E402
from casework.demo import DEMO_PASSWORD  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PERF_PATHWAY = "perf_150_pathway"
PERF_STAGE = "perf_150_stage"


def setup_peers(anchor: Path, work: Path) -> None:
    if (work / "site" / "govuk.html").exists():
        return
    subprocess.run(["bash", str(anchor / "setup_site.sh"), str(work)], check=True)


def publish_perf_form(anchor: Path, database_url: str) -> None:
    library = Path(tempfile.mkdtemp(prefix="convivial-perf-library-"))
    (library / "form_library").mkdir()
    (library / "pathways").mkdir()
    shutil.copy(anchor / "perf_150.yaml", library / "form_library" / "perf_150.yaml")
    shutil.copy(anchor / "perf_150_pathway.yaml", library / "pathways" / "perf_150_pathway.yaml")
    subprocess.run(
        [sys.executable, "-m", "casework", "sync-library", "--library", str(library)],
        env=rc.service_env(database_url),
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def open_perf_case() -> dict:
    """Run in the service's environment: a case on the 150-question pathway, stage open."""
    from sqlalchemy import select

    from casework import create_app
    from casework.accounts import service as accounts
    from casework.cases import service as cases_service
    from casework.extensions import db
    from casework.models import StageInstance
    from casework.pathway import service as pathway_service

    app = create_app()
    with app.test_request_context():
        case = cases_service.open_case(
            accounts.find("pat"),
            pathway_id=PERF_PATHWAY,
            child=cases_service.NewChild(
                first_name="Sam", last_name="Perf", date_of_birth=date(2016, 1, 1)
            ),
            referral_received=date.today(),
        )
        instance = db.session.scalar(
            select(StageInstance).where(
                StageInstance.case_id == case.id, StageInstance.stage_id == PERF_STAGE
            )
        )
        if instance is None:  # the pathway's trigger did not open it
            stage = pathway_service.pathway_of(case).stages_by_id[PERF_STAGE]
            instance = pathway_service.start_stage(case, stage, date.today())
        db.session.commit()
        return {"case": case.id, "instance": instance.id}


def storage_state(browser: rc.Browser, base: str, path: Path) -> None:
    host = re.sub(r"^https?://", "", base).split(":")[0]
    cookies = [
        {
            "name": c.name,
            "value": c.value,
            "domain": host,
            "path": c.path or "/",
            "expires": -1,
            "httpOnly": True,
            "secure": False,
            "sameSite": "Lax",
        }
        for c in browser.jar
    ]
    path.write_text(json.dumps({"cookies": cookies, "origins": []}))


def typing_target(html: str) -> str:
    """The first long-text box of a section: where the harness types."""
    found = re.search(r'<textarea[^>]*\bid="([^"]+)"', html)
    if not found:
        raise RuntimeError("the largest section has no long-text question to type into")
    return "#" + found.group(1)


def convivial_pages(base: str, database_url: str) -> dict:
    browser = rc.Browser(base).sign_in("pat", DEMO_PASSWORD)
    prepared = rc.prepare(database_url, cases=1)
    case_id, instance_id = prepared["stages"][0]
    real = browser.start_record(case_id, instance_id)
    rc.fill(database_url, [real])
    section, _ = rc.biggest_section(browser, real)
    real_html = browser.get(f"/records/{real}/sections/{section}")
    fields = len(set(re.findall(r'data-field="([a-z0-9_]+)"', real_html)))
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--open-perf-case"],
        env=rc.service_env(database_url),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    perf = json.loads(out.strip().splitlines()[-1])
    perf_record = browser.start_record(perf["case"], perf["instance"])
    return {
        "browser": browser,
        "conv_real": {
            "url": f"{base}/records/{real}/sections/{section}",
            "mode": "sel",
            "sel": ".convivial-field[data-field]",
            "n": fields,
            "sentinel": ".convivial-saved",
            "typing_sel": typing_target(real_html),
            "conv": True,
        },
        "conv_150": {
            "url": f"{base}/records/{perf_record}/sections/all_questions",
            "mode": "q150",
            "typing": "q076",
            "sentinel": ".convivial-saved",
            "conv": True,
        },
    }


# --- the figures --------------------------------------------------------------------


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def figures(runs: list[dict]) -> dict:
    """Per (profile, page): the medians the issue's targets name."""
    out = {}
    for profile in sorted({r["profile"] for r in runs}):
        for page in sorted({r["page"] for r in runs}):
            rs = [r for r in runs if r["profile"] == profile and r["page"] == page]
            if not rs:
                continue

            def m(get, rs=rs):
                vals = []
                for r in rs:
                    with contextlib.suppress(KeyError, TypeError, ZeroDivisionError):
                        vals.append(get(r))
                return median(vals)

            def js_wire(r):
                return sum(
                    q.get("wire", 0)
                    for q in r["net"]["list"]
                    if q.get("type") == "Script" or (q.get("mime") or "").endswith("javascript")
                )

            out[f"{profile}|{page}"] = {
                "wire_kb": m(lambda r: r["net"]["bytes_wire"] / 1024),
                "js_wire_kb": m(lambda r: js_wire(r) / 1024),
                "requests_cold": m(lambda r: r["net"]["requests"]),
                "requests_warm": m(lambda r: r["warm"]["net"]["n_network"]),
                "questions_ready_ms": m(lambda r: r["domReady"]),
                "longest_task_ms": m(lambda r: r["maxLongTaskMs"]),
                "heap_gc_mb": m(lambda r: r["heap_gc_mb"]),
                "script_per_key_ms": m(
                    lambda r: r["typing"]["script_ms"] / r["typing"]["input_events"]
                ),
                "autosave_ms": m(lambda r: r["autosave"]["last_key_to_saved_ms"]),
            }
    return out


LABELS = {
    "wire_kb": "KB over the wire, cold (as served)",
    "js_wire_kb": "of which JavaScript, KB",
    "requests_cold": "requests, cold",
    "requests_warm": "requests over the network, warm second visit",
    "questions_ready_ms": "all questions in the page, ms",
    "longest_task_ms": "longest main-thread task, ms",
    "heap_gc_mb": "JS heap after GC, MB",
    "script_per_key_ms": "script per keystroke, ms",
    "autosave_ms": "last key until 'Saved', ms",
}
PEERS = ("formio", "surveyjs", "govuk")


def paired_ratios(runs: list[dict]) -> dict:
    """Per (profile, our page, peer): the median over rounds of that round's ratio of "all
    questions in the page". A round loads every page one after another, so a busy moment
    slows both sides of its ratio alike: steadier than the ratio of two medians, which is
    why it is printed beside it."""
    ready = {(r["profile"], r["round"], r["page"]): r.get("domReady") for r in runs}
    out = {}
    for profile, rnd, ours in ready:
        if not ours.startswith("conv"):
            continue
        for peer in PEERS:
            a, b = ready.get((profile, rnd, ours)), ready.get((profile, rnd, peer))
            if a and b:
                out.setdefault(f"{profile}|{ours}|{peer}", []).append(a / b)
    return {k: statistics.median(v) for k, v in out.items()}


def report(figs: dict, paired: dict | None = None) -> str:
    lines = []
    profiles = sorted({k.split("|")[0] for k in figs})
    for profile in profiles:
        pages = [k.split("|")[1] for k in figs if k.startswith(profile + "|")]
        ours = [p for p in pages if p.startswith("conv")]
        peers = [p for p in PEERS if p in pages]
        lines.append(f"\n## {profile}\n")
        head = (
            "| figure | "
            + " | ".join(pages)
            + " | "
            + " | ".join(f"{o} / {p}" for o in ours for p in peers)
        )
        lines.append(head + " |")
        lines.append("|---" * (1 + len(pages) + len(ours) * len(peers)) + "|")
        for key, label in LABELS.items():
            row = [figs[f"{profile}|{p}"][key] for p in pages]
            if all(v is None for v in row):
                continue
            cells = ["-" if v is None else f"{v:,.1f}" for v in row]
            ratios = []
            for o in ours:
                for p in peers:
                    a, b = figs[f"{profile}|{o}"][key], figs[f"{profile}|{p}"][key]
                    ratios.append("-" if a is None or not b else f"{a / b:.2f}x")
            lines.append(f"| {label} | " + " | ".join(cells + ratios) + " |")
            if key == "questions_ready_ms" and paired:
                each = [paired.get(f"{profile}|{o}|{p}") for o in ours for p in peers]
                lines.append(
                    "| the same, median of each round's ratio | "
                    + " | ".join(["-"] * len(pages) + [f"{r:.2f}x" if r else "-" for r in each])
                    + " |"
                )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--anchor", default=str(Path(__file__).resolve().parents[2] / "shared" / "perf-anchor")
    )
    parser.add_argument("--work", default=None, help="outside the repository (default: a temp dir)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--profiles", default="no-throttle,4x-cpu")
    parser.add_argument("--pages", default="formio,surveyjs,govuk,conv_real,conv_150")
    parser.add_argument("--open-perf-case", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.open_perf_case:
        print(json.dumps(open_perf_case()))
        return
    anchor = Path(args.anchor).resolve()
    work = Path(args.work or tempfile.mkdtemp(prefix="convivial-peers-")).resolve()
    if ROOT in work.parents or work == ROOT:
        raise SystemExit("--work must be outside the repository: nothing fetched is committed")
    setup_peers(anchor, work)
    with running_service(None) as (base, database_url):
        publish_perf_form(anchor, database_url)
        pages = convivial_pages(base, database_url)
        state = work / "state-practitioner.json"
        storage_state(pages.pop("browser"), base, state)
        sys.path.insert(0, str(work))
        os.environ["CONVIVIAL_URL"] = base
        os.environ["CONVIVIAL_STATE"] = str(state)
        import measure_all  # the kit's harness, copied into --work by setup_site.sh

        measure_all.CONV = base
        measure_all.STATE = str(state)
        measure_all.PAGES.update(pages)
        out = work / "results"
        sys.argv = [
            "measure_all.py",
            "--runs", str(args.runs),
            "--warmup", str(args.warmup),
            "--out", str(out),
            "--profiles", args.profiles,
            "--pages", args.pages,
        ]  # fmt: skip
        asyncio.run(measure_all.main())
    runs = [json.loads(line) for line in (out / "runs.jsonl").read_text().splitlines()[1:]]
    measured = [r for r in runs if not r.get("warmup")]
    figs = figures(measured)
    (out / "summary.json").write_text(json.dumps(figs, indent=2))
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"\nload average at the end: {load}")
    print(report(figs, paired_ratios(measured)))


if __name__ == "__main__":
    main()

"""Benchmark: family documents for the largest record, as HTML and as PDF, drawn and
served from the cache.

    .venv/bin/python bench/bench_documents.py [--repeats N] [--engine chromium|weasyprint]

The largest record is the shipped form with the most fields (the child and family
assessment), every field answered by the sample generator (renderer/samples): "full"
uses 400 characters of the family's story per long answer and 3 items in every list;
"stress" uses 5,000 characters per long answer and 10 items per list. For each:
building the document's HTML (family filter, sentences, scale picture, the sandboxed
layout and the allow-list), drawing the PDF (the service's engine, or --engine
chromium|weasyprint; "cold"), its pages and size.
The baseline is the PDF of a one-paragraph page, measured in the same run, so the
ratio is comparable across machines.

Then the full record through the real service: a Flask app on a fresh SQLite database
(migrated), the shipped library published, cases with their people, the record
completed in each, and a signed-in practitioner downloading the family PDF with Flask's
test client. A record's first download is a miss (build, draw, store: "cold"); every
later one is served from the PDF cache (casework/documents/cache.py): "warm". Each
request's time includes the sign-in check, the access check, the audit entry and
building the HTML (needed to know the key). Render-ahead is off here, so the misses
can be timed; with it on, a submitted record's first download is warm too.

Prints a markdown snippet for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from renderer.definitions import load_library  # noqa: E402
from renderer.documents import Person, make_document, pdf_bytes  # noqa: E402
from renderer.documents.pdf import ENGINES, engine_in_use, renderer_version, use_engine  # noqa: E402
from renderer.samples import Sampler, make_family  # noqa: E402

BUDGET_HTML_SECONDS = 0.25
BUDGET_PDF_MS_PER_PAGE = 80
BUDGET_PDF_BYTES = 200_000
BUDGET_WARM_MS = 100
FAMILY = make_family(7, today=date(2026, 11, 23))


def answers(form, people, *, items: int, chars: int) -> dict:
    """Every field answered by the sample generator, lists and long answers padded out."""
    triples = [(p.id, p.name, (p.relationship or "").lower() or None) for p in people]
    sampler = Sampler(FAMILY, today=date(2026, 11, 23), people=triples, items=items, length=chars)
    return sampler.answers(form, every_field=True)


def tree_cpu(pid: int | None = None) -> float:
    """CPU seconds of a process (this one unless given) and of every process below it:
    with the Chromium engine the drawing is done by the browser's processes, which are
    children of the printer's thread, not of the main one."""
    pid = pid or os.getpid()
    tick = os.sysconf("SC_CLK_TCK")
    parents, spent = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        # Its own time and that of its children that have ended (a browser's renderer
        # for a page may end with the page, taking the page's layout time with it).
        spent[int(entry.name)] = sum(int(f) for f in fields[11:15]) / tick
    total, pending = 0.0, [pid]
    while pending:
        p = pending.pop()
        total += spent.get(p, 0.0)
        pending.extend(child for child, parent in parents.items() if parent == p)
    return total


def timed(func, repeats: int) -> tuple[float, float, object]:
    """Median wall-clock and CPU seconds (CPU time is steady on a shared machine), CPU of
    this process and its children (Chromium's, when it draws)."""
    walls, cpus, result = [], [], None
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), tree_cpu()
        result = func()
        cpus.append(tree_cpu() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls), statistics.median(cpus), result


def page_count(pdf: bytes) -> int:
    try:
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True).stdout
    except FileNotFoundError:
        return 0
    match = re.search(rb"^Pages:\s+(\d+)", info, re.M)
    return int(match.group(1)) if match else 0


def served(form, answers_for, repeats: int) -> dict:
    """The full record's family PDF through the service: first downloads (misses: each
    of a record in its own case, so each HTML is new), then downloads from the cache.
    A download of another record first warms the app up (the form's model, templates).
    CPU of this process (client and app: one process) and its children (the browser)."""
    from casework import create_app, database, demo
    from casework.accounts import service as accounts
    from casework.cases import service as cases
    from casework.documents import cache
    from casework.documents.service import people_of
    from casework.extensions import db
    from casework.library import service as library
    from casework.models import Record
    from casework.models.time import utcnow

    url = f"sqlite:///{tempfile.mkdtemp(prefix='convivial-bench-docs-')}/bench.sqlite3"
    database.upgrade(url)
    app = create_app(
        {
            "CONVIVIAL_ENV": "test",
            "SECRET_KEY": "bench-secret-key",
            "SQLALCHEMY_DATABASE_URI": url,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "LIBRARY_PATH": str(ROOT),
            "DOCUMENTS_RENDER_AHEAD": "off",  # the first downloads are the misses we time
        }
    )
    record_ids = []
    with app.test_request_context():
        demo.seed()
        library.sync(ROOT)
        pat = accounts.find("pat")
        version = library.latest_form_version(form.id)
        for n in range(repeats + 1):
            case = cases.open_case(
                pat,
                pathway_id=library.latest_pathways()[0].pathway_id,
                # A name of its own: the same answers about the same child would be the
                # same document, and so a hit.
                child=cases.NewChild(f"Ruby{'y' * n}", "Lane", date(2019, 5, 1)),
                referral_received=date.today() - timedelta(days=20),
            )
            cases.add_person(case, role="parent", first_name="Amy", last_name="Lane")
            record = Record(
                case_id=case.id,
                form_version_id=version.id,
                status="completed",
                answers=answers_for(people_of(case)),
                revision=1,
                created_by_id=pat.id,
                submitted_at=utcnow(),
            )
            db.session.add(record)
            db.session.commit()
            record_ids.append(record.id)

    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/sign-in", data={"csrf_token": token, "username": "pat", "password": demo.DEMO_PASSWORD}
    )

    def download(record_id: int) -> bytes:
        response = client.get(f"/records/{record_id}/document/family.pdf")
        assert response.status_code == 200, response.status_code
        return response.data

    download(record_ids.pop(0))  # warming up, not timed
    renders = cache.counts.renders
    misses = iter(record_ids)
    miss_wall, miss_cpu, pdf = timed(lambda: download(next(misses)), repeats)
    assert cache.counts.renders == renders + repeats
    warm_repeats = max(repeats, 5) * 4
    warm_wall, warm_cpu, again = timed(lambda: download(record_ids[-1]), warm_repeats)
    assert again == pdf and cache.counts.renders == renders + repeats, "the warm path drew"
    return {
        "miss_cpu": miss_cpu,
        "miss_wall": miss_wall,
        "warm_cpu": warm_cpu,
        "warm_wall": warm_wall,
        "pages": page_count(pdf),
        "size": len(pdf),
        "warm_repeats": warm_repeats,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        help="draw with this engine (default: the service's choice, Chromium when installed)",
    )
    args = parser.parse_args()
    if args.engine:
        os.environ["PDF_ENGINE"] = args.engine  # the service's app reads it too
        use_engine(args.engine)
    engine = engine_in_use()[0]
    forms = load_library([ROOT / "form_library"]).forms
    form = max(forms.values(), key=lambda f: len(f.all_fields()))
    child, mother = FAMILY.child, FAMILY.mother
    people = [Person("1", child.full_name, "Child"), Person("2", mother.full_name, "Parent")]
    history = {
        f.id: [{"date": f"2026-0{m}-01", "answer": {"ratings": [
            {"rater": "worker", "score": m}, {"rater": "parent", "score": m + 2}]}}
            for m in range(3, 9)]
        for f in form.all_fields() if f.type == "scale"
    }  # fmt: skip
    pdf_bytes("<html lang=en><p>Hi.</p></html>")  # loading the engine: not the baseline
    _, baseline, _ = timed(lambda: pdf_bytes("<html lang=en><p>Hi.</p></html>"), args.repeats)
    rows = []
    ok = True
    for label, items, chars in (("full", 3, 400), ("stress", 10, 5000)):
        filled = answers(form, people, items=items, chars=chars)
        _, html_s, doc = timed(
            lambda a=filled: make_document(
                form, a, people, audience="family", today=date(2026, 11, 23), history=history
            ),
            args.repeats,
        )
        pdf_wall, pdf_s, pdf = timed(doc.pdf, args.repeats)
        pages = page_count(pdf)
        rows.append(
            (label, len(doc.html), html_s, pdf_s, pdf_wall, pages, len(pdf), pdf_s / baseline)
        )
        if label == "full":
            ok = (
                html_s < BUDGET_HTML_SECONDS
                and pdf_s * 1000 / max(pages, 1) < BUDGET_PDF_MS_PER_PAGE
            )
            ok = ok and len(pdf) < BUDGET_PDF_BYTES
    service = served(
        form,
        lambda case_people: answers(form, case_people, items=3, chars=400),
        args.repeats,
    )
    ok = ok and service["warm_cpu"] * 1000 < BUDGET_WARM_MS
    print(f"## Documents (`bench/bench_documents.py`, {date.today().isoformat()})\n")
    print(
        f"Largest record: `{form.id}` ({len(form.all_fields())} fields), family version. "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, median of "
        f"{args.repeats}, CPU time of this process and its children (the browser's, with "
        f"Chromium; wall time also shown for the PDF). Engine: {engine} "
        f"(`{renderer_version()}`). Baseline: a one-paragraph PDF, {baseline * 1000:.0f} ms."
        f"\n"
    )
    print(
        "| record | HTML chars | HTML build (CPU) | PDF cold (CPU) | PDF cold (wall) | pages | "
        "ms per page | PDF size | PDF / baseline |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for label, chars, html_s, pdf_s, wall, pages, size, ratio in rows:
        print(
            f"| {label} | {chars:,} | {html_s * 1000:.0f} ms | {pdf_s * 1000:.0f} ms | "
            f"{wall * 1000:.0f} ms | {pages} | {pdf_s * 1000 / max(pages, 1):.0f} | "
            f"{size / 1024:.0f} KB | {ratio:.1f}x |"
        )
    print(
        f"\nThe full record's family PDF through the service (Flask test client, signed in, "
        f"SQLite; {service['pages']} pages, {service['size'] / 1024:.0f} KB):\n"
    )
    print("| download | CPU | wall | CPU / baseline |")
    print("|---|---|---|---|")
    print(
        f"| cold (cache miss: build, draw, store; median of {args.repeats}) | "
        f"{service['miss_cpu'] * 1000:.0f} ms | "
        f"{service['miss_wall'] * 1000:.0f} ms | {service['miss_cpu'] / baseline:.1f}x |"
    )
    print(
        f"| warm (from the cache, median of {service['warm_repeats']}) | "
        f"{service['warm_cpu'] * 1000:.1f} ms | {service['warm_wall'] * 1000:.1f} ms | "
        f"{service['warm_cpu'] / baseline:.2f}x |"
    )
    print(
        f"\nBudget (full record): HTML under {BUDGET_HTML_SECONDS * 1000:.0f} ms, PDF under "
        f"{BUDGET_PDF_MS_PER_PAGE} ms per page, PDF under {BUDGET_PDF_BYTES // 1000} KB without "
        f"uploaded images, a download from the cache under {BUDGET_WARM_MS} ms: "
        f"{'met' if ok else 'NOT MET'}."
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

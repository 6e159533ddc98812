"""Practitioners autosaving at once, then a check from the database that nothing was lost.

    python bench/load_autosave.py [--postgres URL] [--duration 60] [--practitioners 50]
                                  [--pairs 4] [--seed 1]

The service runs under gunicorn (2 workers) on SQLite, and also on PostgreSQL when
--postgres (or BENCH_POSTGRES_URL) names an empty database. Each simulated practitioner
signs in with their own account and session and types into the "What we found out"
section of a child and family assessment, autosaving every 1-2 s. Most have a record
each; --pairs pairs share one record, one answer of which both of them edit, so their
saves meet conflicts.

A simulated browser behaves as an autosave script should with this service's protocol:
- it posts only the answer that changed, with the revision its page reflects and a fresh
  save key; after a dropped connection it retries with the same key;
- on a 409 it shows both values and the practitioner keeps the other person's (the
  refused value was never acknowledged);
- when the acknowledged revision shows that someone else saved in between, it reloads the
  section to see their answers before it adopts that revision (the JSON reply carries
  only this save's outcome, not other people's answers).

Afterwards, from the database:
- lost updates: each answer's stored value must be the last value acknowledged for it
  (the applied save with the highest revision);
- silent overwrites: each applied save's record_saves.previous must be the value the
  saving practitioner had seen, so no one wrote over an answer they had never seen;
- order: each practitioner's acknowledged revisions strictly increase; per record, the
  saves that changed something have revisions 1..N without gaps or repeats, the record's
  revision is N, every acknowledged save key is in record_saves once with the revision
  and fields acknowledged, each save's previous values chain from the save before, and
  replaying record_saves in revision order gives the stored answers;
- errors: any response other than 200, or 409 on a record nobody shares.
Prints counts and latency percentiles; exits 1 if anything was lost or out of order or
any request failed.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import random
import re
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import recording_client as rc  # noqa: E402
from bench.autosave_checks import HEADER, Ack, Client, report, stored_answers, verify  # noqa: E402
from bench.service import running_service  # noqa: E402
from casework.demo import DEMO_PASSWORD  # noqa: E402

SECTION = "what_we_found"
SECTION_FIELDS = (
    "health_development",
    "education_learning",
    "emotional_behaviour",
    "identity",
    "family_social_relationships",
    "basic_care",
    "emotional_warmth_stability",
    "family_history",
    "housing_money_work",
    "community_support",
    "parents_views",
    "where_family_disagrees",
)
SOLO_FIELDS = ("health_development", "education_learning", "emotional_behaviour", "basic_care")
PAIR_OWN_FIELDS = (("health_development", "identity"), ("education_learning", "basic_care"))
SHARED_FIELD = "family_history"
TYPED = (
    "Lily was at the door when we arrived and showed me her drawings. Her mother said the "
    "week had been better; the school agreed."
)
WORDS = TYPED.split()


class Practitioner:
    """One simulated browser on the section page.

    whole_section=False (the default): posts only the answer typed, and reloads the page
    when someone else saved in between (see the module docstring). whole_section=True
    mirrors casework/static/js/autosave.mjs as it is: every answer on the page with the
    "_section" marker, adopting the revision of each reply without reloading.
    """

    def __init__(self, base: str, client: Client, cookie: str, nonce: str, whole_section: bool):
        self.base, self.client, self.nonce = base, client, nonce
        self.whole_section = whole_section
        self.path = f"/records/{client.record}/sections/{SECTION}"
        self.connection = rc.Connection(base, cookie)
        self.count = 0
        self.load_page()

    def load_page(self) -> None:
        status, body = self.connection.request("GET", self.path)
        if status != 200:
            raise RuntimeError(f"section page answered {status}")
        page = body.decode()
        state = rc.page_state(page)
        self.csrf, self.revision = state.csrf_token, state.revision
        self.values = {f: textarea(page, f) for f in SECTION_FIELDS}

    def post(self, body: dict) -> tuple[int, bytes, float] | None:
        """POST, retrying a dropped connection with the same key; None if never answered."""
        c = self.client
        for attempt in range(3):
            start = time.perf_counter()
            try:
                status, reply = self.connection.request("POST", self.path, body, json_reply=True)
            except OSError as exc:
                c.errors.append(f"{type(exc).__name__}: {exc}")
                c.retries += 1
                time.sleep(0.5 * (attempt + 1))
                continue  # same key: the service replays the first result if it was saved
            latency = (time.perf_counter() - start) * 1000
            c.latencies.append(latency)
            return status, reply, latency
        return None

    def type_and_save(self) -> None:
        c = self.client
        self.count += 1
        if c.shared and c.rng.random() < 0.5:
            name = SHARED_FIELD
        else:
            name = c.rng.choice([f for f in c.fields if f != SHARED_FIELD])
        words = " ".join(c.rng.choice(WORDS) for _ in range(c.rng.randint(3, 8)))
        value = (self.values[name] + f" [{c.username} #{self.count}] {words}").strip()
        seen = dict(self.values)
        sent = {**self.values, name: value} if self.whole_section else {name: value}
        marker = {"_section": SECTION} if self.whole_section else {}
        body = {
            "csrf_token": self.csrf,
            "revision": self.revision,
            "save_key": f"{self.nonce}-{c.number}-{self.count}",
            **marker,
            **sent,
        }
        answered = self.post(body)
        if answered is None:
            self.load_page()  # never acknowledged: start again from what the service has
            return
        status, reply, latency = answered
        if status not in (200, 409) or (status == 409 and not c.shared):
            c.errors.append(f"HTTP {status}: {reply[:200]!r}")
            self.load_page()
            return
        result = json.loads(reply)
        c.acks.append(
            Ack(
                c.number,
                c.record,
                body["save_key"],
                sent,
                seen,
                status,
                # The revision the save was stored as; "revision" is the one the page
                # bases its next save on, which stays older when colleagues saved in
                # between (casework/records/saving.py, SaveResult.page_revision).
                result.get("latest_revision", result["revision"]),
                result["applied"],
                result["conflicts"],
                result["replayed"],
                latency,
            )
        )
        self.values[name] = value
        for field_id, both in result["conflicts"].items():
            self.values[field_id] = both["theirs"] or ""  # the practitioner keeps theirs
        expected = self.revision + (1 if result["applied"] else 0)
        if not self.whole_section and (result["revision"] != expected or result["conflicts"]):
            c.refreshes += 1
            self.load_page()  # someone else saved in between: see their answers first
        else:
            self.revision = result["revision"]


def textarea(page: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]* name="{name}"[^>]*>\n?(.*?)</textarea>', page, re.S)
    return html.unescape(match.group(1)) if match else ""


def simulate(base, clients: list[Client], cookies: dict, seconds: float, whole: bool) -> list:
    nonce = f"load{time.time_ns()}"
    browsers = [Practitioner(base, c, cookies[c.username], nonce, whole) for c in clients]
    deadline = time.monotonic() + seconds

    def run(browser: Practitioner) -> None:
        rng = browser.client.rng
        time.sleep(rng.uniform(0, 2))  # not all at once
        while time.monotonic() < deadline:
            try:
                browser.type_and_save()
            except Exception as exc:  # noqa: BLE001 - counted, and the run goes on
                browser.client.errors.append(f"{type(exc).__name__}: {exc}")
            time.sleep(rng.uniform(1, 2))

    threads = [threading.Thread(target=run, args=(b,)) for b in browsers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return browsers


def run(database_url: str | None, label: str, args) -> bool:
    with running_service(database_url) as (base, url):
        solo = args.practitioners - 2 * args.pairs
        fixtures = rc.prepare(url, cases=solo + args.pairs, users=args.practitioners)
        usernames, stages = fixtures["users"], fixtures["stages"]
        rng = random.Random(args.seed)
        cookies, clients = {}, []
        for n, username in enumerate(usernames):
            browser = rc.Browser(base).sign_in(username, DEMO_PASSWORD)
            cookies[username] = browser.cookie
            shared = n >= solo
            stage = stages[solo + (n - solo) // 2] if shared else stages[n]
            record = browser.start_record(*stage)  # the second of a pair opens the same one
            fields = (*PAIR_OWN_FIELDS[(n - solo) % 2], SHARED_FIELD) if shared else SOLO_FIELDS
            clients.append(Client(n, username, record, fields, shared, random.Random(rng.random())))
        initial = stored_answers(url)

        started = time.monotonic()
        browsers = simulate(base, clients, cookies, args.duration, args.client == "whole-section")
        elapsed = time.monotonic() - started
        problems = verify(url, clients, initial)

    reconnects = sum(b.connection.reconnects for b in browsers)
    return report(label, clients, problems, elapsed, reconnects, args.pairs)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL"))
    parser.add_argument("--duration", type=float, default=60, help="seconds (default 60)")
    parser.add_argument("--practitioners", type=int, default=50)
    parser.add_argument("--pairs", type=int, default=4, help="pairs sharing a record")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--client",
        choices=("changed-fields", "whole-section"),
        default="changed-fields",
        help="how the simulated browser autosaves (see Practitioner); default changed-fields",
    )
    args = parser.parse_args()
    if args.practitioners < 2 * args.pairs:
        parser.error("--pairs needs two practitioners each")

    print(
        f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {args.duration:g}s, autosave every 1-2 s, "
        f"{args.client} client"
    )
    print(HEADER)
    print("|---|" + "---:|" * 16)
    good = run(None, "SQLite", args)
    if args.postgres:
        good = run(args.postgres, "PostgreSQL", args) and good
    sys.exit(0 if good else 1)


if __name__ == "__main__":
    main()

"""Fixtures for the recording benchmarks, made through the service layer.

Run by the benchmarks as a subprocess with the service's environment (DATABASE_URL...):

    python -m bench.recording_setup prepare --cases 16 --users 50
        practitioner accounts bench01..bench50 (demo password, the demo team), and child
        in need cases with the people a real assessment names, each with its child and
        family assessment stage open; prints JSON {"users": [...], "stages": [[case, stage
        instance], ...]}
    python -m bench.recording_setup fill RECORD_ID...
        stores realistic answers to every section of the child and family assessment
    python -m bench.recording_setup time --user pat [--autosave PATH FIELD] PATH...
        service time of each page (and of an autosave), one request at a time, in this
        process through Flask's test client: median ms and SQL statements per request;
        prints JSON

The records themselves are started over HTTP by the benchmarks, as a practitioner would.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta

FORM = "child_and_family_assessment"
PATHWAY = "child_in_need"
TEAM = "Northfield children's social work team"

FAMILY_SEED = 11  # one fictional family from renderer/samples, the same every run


def realistic_answers(form, people: list[tuple[str, str, str]], today: date) -> dict:
    """Answers a practitioner might have typed into the whole assessment: the sample
    generator's, with long answers of a few sentences (about 450 characters)."""
    from renderer.samples import Sampler, make_family

    family = make_family(FAMILY_SEED, today=today)
    sampler = Sampler(
        family, today=today, referral=today - timedelta(days=20), people=people, length=450
    )
    return sampler.answers(form)


def prepare(cases: int, users: int) -> dict:
    from casework import create_app, demo
    from casework.accounts import service as accounts
    from casework.demo import DEMO_PASSWORD
    from casework.extensions import db
    from casework.pathway import service as pathway_service
    from renderer.samples import make_family

    app = create_app()
    with app.test_request_context():
        usernames = []
        for n in range(1, users + 1):
            username = f"bench{n:02d}"
            if accounts.find(username) is None:
                accounts.create_user(
                    username,
                    password=DEMO_PASSWORD,
                    role="practitioner",
                    team=TEAM,
                    full_name=f"Bench Practitioner {n}",
                )
            usernames.append(username)
        worker = accounts.find("pat")
        family = make_family(FAMILY_SEED, today=date.today())
        stages = []
        for _ in range(cases):
            case = demo.open_family_case(worker, PATHWAY, family, date.today() - timedelta(days=20))
            stage = pathway_service.pathway_of(case).stages_by_id[FORM]
            instance = pathway_service.start_stage(case, stage, date.today())
            db.session.commit()
            stages.append([case.id, instance.id])
    return {"users": usernames, "stages": stages}


def fill(record_ids: list[int]) -> None:
    from casework import create_app
    from casework.extensions import db
    from casework.models import Record
    from casework.records import service as records

    app = create_app()
    with app.app_context():
        for record_id in record_ids:
            record = db.session.get(Record, record_id)
            people = [(str(p.id), p.full_name, p.role) for p in record.case.people]
            form = records.form_of(record)
            answers = realistic_answers(form, people, date.today())
            record.answers = {**record.answers, **answers}
        db.session.commit()


def service_times(username: str, paths: list[str], autosave: list[str] | None, repeat: int) -> dict:
    import re
    import statistics
    import time

    from sqlalchemy import event

    from casework import create_app
    from casework.demo import DEMO_PASSWORD
    from casework.extensions import db

    app = create_app()
    client = app.test_client()
    csrf = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
    token = csrf.search(client.get("/sign-in").get_data(as_text=True)).group(1)
    client.post(
        "/sign-in", data={"csrf_token": token, "username": username, "password": DEMO_PASSWORD}
    )
    statements = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *_: statements.append(1))

    def timed(request) -> dict:
        request()  # compile and cache first
        times = []
        statements.clear()
        for _ in range(repeat):
            start = time.perf_counter()
            request()
            times.append((time.perf_counter() - start) * 1000)
        return {"ms": statistics.median(times), "statements": len(statements) / repeat}

    def get(path):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    results = {path: timed(lambda path=path: get(path)) for path in ["/healthz", *paths]}
    if autosave:
        path, field = autosave
        page = client.get(path).get_data(as_text=True)
        state = {
            "csrf_token": csrf.search(page).group(1),
            "revision": re.search(r'name="revision" value="(\d+)"', page).group(1),
        }

        def save():
            state["save_key"] = f"time-{time.time_ns()}"
            response = client.post(
                path,
                data={**state, field: f"Typed at {time.time_ns()}"},
                headers={"Accept": "application/json"},
            )
            assert response.status_code == 200, response.get_data()
            state["revision"] = response.json["revision"]

        results["autosave " + path] = timed(save)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("prepare")
    p.add_argument("--cases", type=int, required=True)
    p.add_argument("--users", type=int, default=0)
    f = commands.add_parser("fill")
    f.add_argument("record_ids", type=int, nargs="+")
    t = commands.add_parser("time")
    t.add_argument("--user", required=True)
    t.add_argument("--repeat", type=int, default=20)
    t.add_argument("--autosave", nargs=2, metavar=("PATH", "FIELD"))
    t.add_argument("paths", nargs="*")
    args = parser.parse_args()
    if args.command == "prepare":
        json.dump(prepare(args.cases, args.users), sys.stdout)
    elif args.command == "fill":
        fill(args.record_ids)
    else:
        json.dump(service_times(args.user, args.paths, args.autosave, args.repeat), sys.stdout)


if __name__ == "__main__":
    main()

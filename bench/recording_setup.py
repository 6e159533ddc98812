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

PEOPLE = [
    # (role, first, last, relationship detail)
    ("parent", "Kerry", "Marsh", "Mother"),
    ("parent", "Dean", "Marsh", "Father"),
    ("sibling", "Tyler", "Marsh", None),
    ("grandparent", "Irene", "Marsh", "Maternal grandmother"),
    ("professional", "Anita", "Shah", "Class teacher, Northfield Primary"),
    ("professional", "Graham", "Wells", "Health visitor"),
]


def _paragraph(topic: str, sentences: int = 4) -> str:
    lines = [
        f"{topic}: Lily told me about this when I visited on Tuesday afternoon, with her "
        "mother in the next room.",
        "Her mother agreed with most of it but said the last month has been harder because "
        "of the change in her shifts and the move from the flat on Station Road.",
        "The school and the health visitor describe the same pattern: good weeks, then a few "
        "days when Lily arrives late, tired and hungry.",
        "I have not yet spoken to her father about this; he is working away until the 14th "
        "and has agreed to a phone call on his return.",
        "What we do not yet know is how often this happens when no professional is around.",
    ]
    return " ".join(lines[:sentences])


def realistic_answers(people: dict[str, str], today: date) -> dict:
    """Answers a practitioner might have typed into the whole assessment."""
    mum, dad, brother, gran, teacher, hv = (people[p[1]] for p in PEOPLE)
    day = today - timedelta(days=20)

    def iso(days_ago: int) -> str:
        return (today - timedelta(days=days_ago)).isoformat()

    statements = [
        {
            "statement": _paragraph("What happened", 2),
            "who_said": who,
            "when": iso(days),
            "source": "Home visit",
        }
        for who, days in (("Kerry (mother)", 12), ("Lily", 9), ("Ms Shah (school)", 6))
    ]
    return {
        "child_name": "Lily Marsh",
        "child_date_of_birth": "2017-05-09",
        "child_address": "Flat 3, 27 Canal Street, Northfield, NF2 4QT",
        "child_school": "Northfield Primary School",
        "child_ethnicity": "White British",
        "child_language": "English",
        "interpreter_needed": "no",
        "child_disabilities": ["comm_communication", "ld_learning"],
        "household_members": [
            {
                "household_person": mum,
                "household_relationship": "parent",
                "household_parental_responsibility": "yes",
            },
            {
                "household_person": brother,
                "household_relationship": "sibling",
                "household_parental_responsibility": "no",
            },
        ],
        "important_people_elsewhere": [
            {"important_person": dad, "important_person_why": "Sees her every other weekend"},
            {"important_person": gran, "important_person_why": "Collects her from school"},
        ],
        "referral_date": day.isoformat(),
        "assessment_start_date": (day + timedelta(days=1)).isoformat(),
        "child_seen_date": (day + timedelta(days=3)).isoformat(),
        "child_seen_alone": "yes",
        "people_spoken_to": [
            {"spoken_to_name": name, "spoken_to_date": iso(days), "spoken_to_how": how}
            for name, days, how in (
                ("Kerry Marsh, mother", 15, "home_visit"),
                ("Anita Shah, class teacher", 11, "phone"),
                ("Graham Wells, health visitor", 8, "office"),
            )
        ],
        "past_45_working_days": "no",
        "childs_words": {
            "variant": "three_houses",
            "worries": "When mum and Dean shout. When there is no food for breakfast.",
            "good_things": "Nana Irene, swimming on Saturdays, my cat Biscuit.",
            "dreams": "A bedroom of my own and mum not being sad.",
            "facilitated_by": "Social worker, at school, with her teacher present",
            "consent_to_share": "yes",
        },
        "day_in_the_life": _paragraph("A day in Lily's life", 5),
        "child_not_able_to_say": _paragraph("What we saw", 2),
        **{
            field_id: _paragraph(topic, 4)
            for field_id, topic in (
                ("health_development", "Health"),
                ("education_learning", "Learning"),
                ("emotional_behaviour", "Feelings and behaviour"),
                ("identity", "Identity"),
                ("family_social_relationships", "Relationships"),
                ("basic_care", "Basic care"),
                ("emotional_warmth_stability", "Warmth and stability"),
                ("family_history", "Family history"),
                ("housing_money_work", "Housing and money"),
                ("community_support", "Community"),
                ("parents_views", "What Kerry told us"),
                ("where_family_disagrees", "Disagreement"),
            )
        },
        "professional_views": [
            {
                "professional_person": person,
                "professional_view": _paragraph("View", 3),
                "professional_view_confidential": "no",
                "professional_confidential_view": None,
            }
            for person in (teacher, hv)
        ],
        "confidential_professional_information": _paragraph("Police intelligence", 2),
        "past_harm": statements,
        "complicating_factors": statements[:2],
        "existing_strengths": statements,
        "existing_safety": statements[1:],
        "analysis_summary": _paragraph("Analysis", 5),
        "impact_on_child": _paragraph("Impact", 4),
        "safety_scale": {
            "ratings": [
                {"rater": rater, "score": score, "why": _paragraph("Why", 1), "next_step": None}
                for rater, score in (("worker", 4), ("manager", 4), ("parent", 7), ("child", 6))
            ]
        },
        "assessment_factors": [
            "factor_1b_alcohol_parent",
            "factor_3b_domestic_abuse_parent",
            "factor_4b_mental_health_parent",
            "factor_16a_neglect",
        ],
        "primary_need": "n1_abuse_or_neglect",
        "danger_statements": [
            {
                "who_is_worried": "Social worker, school and health visitor",
                "behaviour": "Kerry and Dean shout and push each other when they have been "
                "drinking, with Lily in the room.",
                "what_could_happen": "Lily could be hurt, and could keep growing up scared.",
                "impact_on_child": "Lily does not sleep and comes to school hungry and tired.",
                "disagreements": "Dean says it has only happened once.",
            }
        ],
        "safety_goals": [
            {
                "parents_will": "Make sure an adult who is sober looks after Lily every evening.",
                "child_will_experience": "Calm evenings, tea and a proper bedtime.",
                "professionals_will_see": "Lily on time and rested at school.",
                "for_how_long": "6 months",
            }
        ],
        "bottom_lines": [
            {"bottom_line": "No drinking when caring for Lily.", "bottom_line_why": "Safety"},
        ],
        "next_steps": [
            {
                "step_what": "Family network meeting",
                "step_who": gran,
                "step_by_when": (today + timedelta(days=14)).isoformat(),
                "step_status": "not_started",
            },
            {
                "step_what": "Referral to the domestic abuse service",
                "step_who": mum,
                "step_by_when": (today + timedelta(days=7)).isoformat(),
                "step_status": "in_progress",
            },
        ],
        "safety_network": [
            {
                "network_person": gran,
                "network_role": "Has Lily every Thursday night and at weekends",
                "network_knows_worries": "yes",
                "network_phone": "07700 900123",
            },
            {
                "network_person": teacher,
                "network_role": "Checks in with Lily each morning",
                "network_knows_worries": "yes",
                "network_phone": None,
            },
        ],
        "recommendation": "child_in_need_plan",
        "recommendation_reason": _paragraph("Reason", 3),
        "family_response": _paragraph("Family response", 2),
    }


def prepare(cases: int, users: int) -> dict:
    from casework import create_app
    from casework.accounts import service as accounts
    from casework.cases import service as cases_service
    from casework.demo import DEMO_PASSWORD
    from casework.extensions import db
    from casework.pathway import service as pathway_service

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
        stages = []
        for n in range(cases):
            case = cases_service.open_case(
                worker,
                pathway_id=PATHWAY,
                child=cases_service.NewChild(
                    first_name="Lily", last_name=f"Marsh-{n}", date_of_birth=date(2017, 5, 9)
                ),
                referral_received=date.today() - timedelta(days=20),
            )
            for role, first, last, detail in PEOPLE:
                cases_service.add_person(
                    case, role=role, first_name=first, last_name=last, relationship_detail=detail
                )
            stage = pathway_service.pathway_of(case).stages_by_id[FORM]
            instance = pathway_service.start_stage(case, stage, date.today())
            db.session.commit()
            stages.append([case.id, instance.id])
    return {"users": usernames, "stages": stages}


def fill(record_ids: list[int]) -> None:
    from casework import create_app
    from casework.extensions import db
    from casework.models import Record

    app = create_app()
    with app.app_context():
        for record_id in record_ids:
            record = db.session.get(Record, record_id)
            people = {p.first_name: str(p.id) for p in record.case.people}
            record.answers = {**record.answers, **realistic_answers(people, date.today())}
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

"""The demo check: `convivial demo` data a social worker would believe.

The demo is seeded once for this module (the shipped library, every pathway at every
stage) and read back from the database: the people on each case, each record's
answers, each stage's dates.
"""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest

from casework import create_app, demo
from tests.conftest import TEST_CONFIG, _empty_postgres

ROOT = Path(__file__).resolve().parents[2]
# A UK-style address: "[Flat n, ]number Street Name, Town, postcode".
ADDRESS = re.compile(
    r"^(Flat \d+, )?\d+ [A-Z][a-z']+( [A-Z][a-z']+)*, [A-Z][a-z]+, "
    r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$"
)
DRAMA_PHONE = re.compile(r"^(01632 960\d{3}|07700 900\d{3})$")
SEX = {"f_female": "Female", "m_male": "Male"}


@dataclass
class Seen:
    """One demo case as read back."""

    child: dict
    people: list[dict]
    worker: str
    records: list = field(default_factory=list)  # (form, answers)
    stages: list = field(default_factory=list)  # (stage id, status, started, due)


def _person(p) -> dict:
    return {
        "id": str(p.id),
        "name": p.full_name,
        "role": p.role,
        "relationship": p.relationship_detail,
        "gender": p.gender,
        "born": p.date_of_birth,
        "address": p.address,
        "phone": p.phone,
    }


@pytest.fixture(scope="module")
def demo_cases(migrated_database, tmp_path_factory) -> list[Seen]:
    if migrated_database["kind"] == "postgresql":
        url = migrated_database["url"]
        _empty_postgres(url)  # the next test's database_url empties it again
    else:
        path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
        shutil.copy(migrated_database["path"], path)
        url = f"sqlite:///{path}"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    from casework.extensions import db
    from casework.models import Case, Record, StageInstance
    from casework.records import service as records

    with app.test_request_context():
        demo.seed()
        assert demo.seed_cases(str(ROOT)) > 20
        seen = {}
        for case in db.session.scalars(db.select(Case)):
            seen[case.id] = Seen(
                _person(case.child),
                [_person(p) for p in case.people if not p.is_subject],
                case.lead_worker.username,
            )
        for record in db.session.scalars(db.select(Record)):
            seen[record.case_id].records.append((records.form_of(record), dict(record.answers)))
        for i in db.session.scalars(db.select(StageInstance)):
            seen[i.case_id].stages.append((i.stage_id, i.status, i.started_on, i.due_on))
        db.session.remove()
        db.engine.dispose()
    return list(seen.values())


def _texts(form, answers: dict):
    """(question, text) for every text answer of a record, list items included."""
    for f in form.all_fields():
        if f.type in ("text", "long_text") and isinstance(answers.get(f.id), str):
            yield f.id, answers[f.id]
        if f.type == "repeating_group" and isinstance(answers.get(f.id), list):
            for item in answers[f.id]:
                for sub in f.fields:
                    if sub.type in ("text", "long_text") and isinstance(item.get(sub.id), str):
                        yield sub.id, item[sub.id]


def test_no_two_questions_of_a_record_share_an_answer(demo_cases):
    checked = 0
    for case in demo_cases:
        for form, answers in case.records:
            questions = defaultdict(set)
            for question, text in _texts(form, answers):
                questions[text].add(question)
                checked += 1
            shared = {text: q for text, q in questions.items() if len(q) > 1}
            assert not shared, (form.id, shared)
    assert checked > 300


def test_every_record_answers_in_words_not_three_sentences(demo_cases):
    long_answers = {
        text
        for case in demo_cases
        for form, answers in case.records
        for f in form.all_fields()
        if f.type == "long_text" and isinstance(text := answers.get(f.id), str)
    }
    assert len(long_answers) > 150


def _person_agrees(child: dict, people: list[dict], p: dict) -> None:
    born = child["born"]
    if p["role"] == "parent":
        years = (born - p["born"]).days / 365.25
        assert 16 <= years <= 50, (child["name"], p["name"], years)
        assert p["gender"] == {"Mother": "Female", "Father": "Male"}[p["relationship"]]
    if p["role"] == "grandparent":
        parents = [q["born"] for q in people if q["role"] == "parent"]
        assert all((q - p["born"]).days > 16 * 365 for q in parents), p["name"]
    if p["role"] == "sibling":
        assert abs((p["born"] - born).days) >= 300, (child["name"], p["name"])
        assert p["gender"] == {"Brother": "Male", "Sister": "Female"}[p["relationship"]]
    if p["phone"]:
        assert DRAMA_PHONE.match(p["phone"]), p["phone"]


def test_each_persons_gender_age_and_relationships_agree(demo_cases):
    for case in demo_cases:
        child, people = case.child, case.people
        born = child["born"]
        assert child["gender"] in ("Female", "Male")
        assert not any(p["role"] == "child" for p in people), "one child per case"
        for p in people:
            _person_agrees(child, people, p)
        roles = {p["id"]: p["role"] for p in people} | {child["id"]: "child"}
        for form, answers in case.records:
            if "child_sex" in answers:
                assert SEX[answers["child_sex"]] == child["gender"], form.id
            if "child_name" in answers:
                assert answers["child_name"] == child["name"], form.id
            if "child_date_of_birth" in answers:
                assert answers["child_date_of_birth"] == born.isoformat(), form.id
            for item in answers.get("household_members") or []:
                said = item.get("household_relationship")
                person = roles.get(item.get("household_person"))
                assert person != "child", "the child is not in their own household list"
                if said in ("parent", "sibling", "grandparent"):
                    assert person == said, (form.id, item)


def test_addresses_look_like_addresses(demo_cases):
    addresses = [case.child["address"] for case in demo_cases]
    addresses += [p["address"] for case in demo_cases for p in case.people if p["address"]]
    addresses += [
        answers[f.id]
        for case in demo_cases
        for form, answers in case.records
        for f in form.all_fields()
        if "address" in f.id
        and f.type in ("text", "long_text")
        and isinstance(answers.get(f.id), str)
    ]
    assert len(addresses) > 50
    for address in addresses:
        assert ADDRESS.match(address), address


def test_stages_are_spread_over_past_weeks_with_due_soon_and_overdue(demo_cases):
    today = date.today()
    started = [s[2] for case in demo_cases for s in case.stages]
    assert len(set(started)) > 10 and min(started) <= today - timedelta(weeks=4)
    assert max(started) <= today
    # Each practitioner's home page shows work overdue, due soon and due later.
    for worker in {case.worker for case in demo_cases}:
        due = [
            s[3]
            for case in demo_cases
            if case.worker == worker
            for s in case.stages
            if s[1] == "open" and s[3]
        ]
        overdue = [d for d in due if d < today]
        soon = [d for d in due if today <= d <= today + timedelta(days=7)]
        later = [d for d in due if d > today + timedelta(days=7)]
        assert overdue and soon and later, (worker, len(overdue), len(soon), len(later))
    dated = [
        answers[f.id]
        for case in demo_cases
        for form, answers in case.records
        for f in form.all_fields()
        if f.type == "date" and isinstance(answers.get(f.id), str)
    ]
    assert len(set(dated)) > 20
    assert sum(d == today.isoformat() for d in dated) < len(dated) / 10


def test_dates_fall_in_order_around_each_case(demo_cases):
    today = date.today().isoformat()
    for case in demo_cases:
        born = case.child["born"].isoformat()
        for form, answers in case.records:
            for f in form.all_fields():
                value = answers.get(f.id)
                if f.type != "date" or not isinstance(value, str):
                    continue
                assert value >= born, (form.id, f.id, value)
                if f.not_in_future:
                    assert value <= today, (form.id, f.id, value)
                earlier = answers.get(f.not_before_field) if f.not_before_field else None
                if isinstance(earlier, str):
                    assert value >= earlier, (form.id, f.id, value, earlier)
            if "concern_date" in answers and "discussion_date" in answers:
                assert answers["concern_date"] <= answers["discussion_date"]


def test_person_answers_name_people_on_the_case_in_roles_the_question_allows(demo_cases):
    picked = 0
    for case in demo_cases:
        roles = {p["id"]: p["role"] for p in case.people} | {case.child["id"]: "child"}
        for form, answers in case.records:
            for f, value in _person_answers(form, answers):
                for pid in value if isinstance(value, list) else [value]:
                    assert pid in roles, (form.id, f.id, pid)
                    assert not f.roles or roles[pid] in f.roles, (form.id, f.id, roles[pid])
                    picked += 1
    assert picked > 100


def _person_answers(form, answers: dict):
    for f in form.all_fields():
        value = answers.get(f.id)
        if f.type == "person" and value:
            yield f, value
        if f.type == "repeating_group" and isinstance(value, list):
            for item in value:
                for sub in f.fields:
                    if sub.type == "person" and item.get(sub.id):
                        yield sub, item[sub.id]


def test_the_demo_has_notes_and_a_seen_child_counts_as_the_visit(demo_cases):
    visits = [
        case
        for case in demo_cases
        if any(form.id == "home_visit" and a.get("child_seen") == "yes" for form, a in case.records)
    ]
    calls = [case for case in demo_cases if any(f.id == "phone_call" for f, _ in case.records)]
    assert visits and len(calls) >= 5
    for case in visits:
        # The visit that was due is done, and the next one is due from the visit's day.
        done = {s[0] for s in case.stages if s[1] == "completed" and "visit" in s[0]}
        again = {s[0] for s in case.stages if s[1] == "open" and s[3] and s[3] > date.today()}
        assert done & again, case.stages
    assert any("child_protection_visit" in {s[0] for s in case.stages} for case in visits)

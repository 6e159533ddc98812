"""The sample-answer generator: coherent families, an answer that fits each question."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from renderer.definitions import load_library
from renderer.samples import Sampler, make_family
from renderer.samples.families import NURSERIES, PRIMARY, SECONDARY
from renderer.screens import compile_form
from tests.screens.conftest import make_form

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 23)
DRAMA_PHONE = re.compile(r"^(01632 960\d{3}|07700 900\d{3})$")
POSTCODE = re.compile(r", [A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$")
FORMS = load_library([ROOT / "form_library"]).forms


def _people(family):
    return [(f"p{n}", m.full_name, m.role) for n, m in enumerate(family.members, 1)]


def test_the_same_seed_gives_the_same_family_and_answers():
    form = FORMS["child_and_family_assessment"]
    first = Sampler(make_family(5, today=TODAY), today=TODAY).answers(form)
    again = Sampler(make_family(5, today=TODAY), today=TODAY).answers(form)
    other = Sampler(make_family(6, today=TODAY), today=TODAY).answers(form)
    assert first == again
    assert first["child_name"] != other["child_name"]


@pytest.mark.parametrize("seed", range(60))
def test_a_family_hangs_together(seed):
    family = make_family(seed, today=TODAY)
    child, mother, father = family.child, family.mother, family.father
    sibling, nan = family.get("sibling"), family.get("grandparent")
    for parent in (mother, father):
        assert 19 <= (child.date_of_birth - parent.date_of_birth).days / 365.25 <= 45
    assert abs((sibling.date_of_birth - child.date_of_birth).days) >= 455
    assert (
        sibling.date_of_birth < TODAY
        and (sibling.date_of_birth - mother.date_of_birth).days > 16 * 365
    )
    assert (mother.date_of_birth - nan.date_of_birth).days > 18 * 365
    assert mother.gender == "female" and father.gender == "male" and nan.gender == "female"
    assert sibling.relationship == {"male": "Brother", "female": "Sister"}[sibling.gender]
    assert family.sex_option == {"male": "m_male", "female": "f_female"}[child.gender]
    assert POSTCODE.search(family.address) and re.match(r"^(Flat \d, )?\d+ ", family.address)
    for member in family.members:
        assert member.phone is None or DRAMA_PHONE.match(member.phone), member.phone
    age = child.age_on(TODAY)
    schools = NURSERIES if age < 4 else PRIMARY if age < 11 else SECONDARY
    assert family.school in schools, (age, family.school)


@pytest.mark.parametrize("form_id", sorted(FORMS))
def test_every_shipped_form_gets_answers_that_pass_its_checks(form_id):
    form = FORMS[form_id]
    family = make_family(len(form_id), today=TODAY)
    people = _people(family)
    answers = Sampler(family, today=TODAY, people=people).answers(form)
    errors = compile_form(form).check(answers, today=TODAY, people=people)
    # Cross-field validations are the demo walk's to meet; nothing else may fail.
    ruled = {f.id for f in form.all_fields() if f.validations}
    assert {key.split("-")[0] for key in errors} <= ruled, errors


def test_answers_follow_what_the_question_asks():
    family = make_family(3, today=TODAY)
    people = _people(family)
    referral = TODAY - timedelta(days=30)
    sampler = Sampler(family, today=TODAY, referral=referral, people=people)
    a = sampler.answers(FORMS["contact_referral"])
    assert a["child_name"] == family.child.full_name
    assert a["child_date_of_birth"] == family.child.date_of_birth.isoformat()
    assert a["child_address"] == family.address
    assert a["contact_date"] == referral.isoformat()
    assert DRAMA_PHONE.match(a["referrer_contact"])
    assert a["referrer_name"] in {m.full_name for m in family.professionals}
    who = {p: role for p, _, role in people}
    assert all(who[i["household_person"]] != "child" for i in a["household_members"])
    s = Sampler(family, today=TODAY, referral=referral, people=people).answers(
        FORMS["strategy_discussion"]
    )
    assert referral.isoformat() <= s["discussion_date"] <= TODAY.isoformat()
    assert s["concern_date"] <= s["discussion_date"]
    words = Sampler(family, today=TODAY, people=people).answers(
        FORMS["child_and_family_assessment"]
    )
    said = words["childs_words"]
    # The child's words are a child's: short, first person or about mum and dad, no jargon.
    assert all(len(said[k]) < 120 for k in ("worries", "good_things", "dreams"))
    assert not re.search(r"significant harm|section 47|assessment", " ".join(said.values()), re.I)


def test_an_unrecognised_question_gets_a_plausible_answer_of_its_type():
    form = make_form(
        {"id": "zorbit", "type": "text", "label": "Glimmer"},
        {"id": "quaxle", "type": "long_text", "label": "Frobnication"},
        {"id": "wibble", "type": "date", "label": "Wobble", "not_in_future": True},
        {"id": "snark", "type": "number", "label": "Snark", "min": 2, "max": 9, "integer": True},
        {
            "id": "boojum",
            "type": "single_choice",
            "label": "Boojum",
            "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
        },  # fmt: skip
        {"id": "jub", "type": "person", "label": "Jubjub"},
    )
    family = make_family(9, today=TODAY)
    people = _people(family)
    a = Sampler(family, today=TODAY, people=people).answers(form)
    assert isinstance(a["zorbit"], str) and 0 < len(a["zorbit"]) <= 120
    assert isinstance(a["quaxle"], str) and len(a["quaxle"].split()) > 8
    assert a["quaxle"] != a["zorbit"]
    assert date.fromisoformat(a["wibble"]) <= TODAY
    assert 2 <= a["snark"] <= 9 and isinstance(a["snark"], int)
    assert a["boojum"] in ("a", "b")
    assert a["jub"] in {p for p, _, role in people if role != "child"}
    assert compile_form(form).check(a, today=TODAY, people=people) == {}


def test_hidden_questions_are_left_empty_and_every_field_answers_them():
    form = FORMS["strategy_discussion"]
    family = make_family(2, today=TODAY)
    plain = Sampler(family, today=TODAY).answers(form)
    full = Sampler(family, today=TODAY).answers(form, every_field=True)
    assert plain["parents_informed"] == "yes" and "why_not_informed" not in plain
    assert "why_not_informed" in full

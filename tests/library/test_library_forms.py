"""Content properties of the shipped forms that a council working group relies on."""

from __future__ import annotations

from pathlib import Path

import pytest

from renderer.definitions import field_types

CHANGE_LOG = Path(__file__).resolve().parents[2] / "change_log"

CHILD_PROTECTION_FORMS = [
    "contact_referral",
    "strategy_discussion",
    "section_47_enquiry",
    "child_and_family_assessment",
    "social_work_report_to_conference",
    "initial_child_protection_conference",
    "core_group_review",
    "review_child_protection_conference",
    "child_protection_visit",
]
CHILD_IN_NEED_FORMS = ["cin_assessment_outcome", "cin_plan", "cin_review"]
EARLY_HELP_FORMS = ["early_help_assessment", "family_plan", "early_help_review"]
CHILDREN_IN_CARE_FORMS = ["care_plan", "looked_after_review", "statutory_visit_child_in_care"]
CASE_NOTE_TYPES = ["home_visit", "office_visit", "phone_call", "meeting", "information_received"]
ALL_FORMS = (
    CHILD_PROTECTION_FORMS
    + CHILD_IN_NEED_FORMS
    + EARLY_HELP_FORMS
    + CHILDREN_IN_CARE_FORMS
    + CASE_NOTE_TYPES
)

# Forms where the child's own words must be captured in the form itself.
FORMS_WITH_CHILDS_WORDS = [
    "section_47_enquiry",
    "child_and_family_assessment",
    "social_work_report_to_conference",
    "initial_child_protection_conference",
    "core_group_review",
    "review_child_protection_conference",
    "child_protection_visit",
    "cin_plan",
    "cin_review",
    "early_help_assessment",
    "family_plan",
    "early_help_review",
    "care_plan",
    "looked_after_review",
    "statutory_visit_child_in_care",
]

# Decisions a manager (or conference chair) signs off.
FORMS_WITH_MANAGER_SIGN_OFF = [
    "contact_referral",
    "strategy_discussion",
    "section_47_enquiry",
    "child_and_family_assessment",
    "initial_child_protection_conference",
    "review_child_protection_conference",
    "cin_assessment_outcome",
    "cin_plan",
    "cin_review",
    "care_plan",
    "looked_after_review",
]

# The language's field types, from its schema: a new type must be used by a shipped form.
ALL_FIELD_TYPES = set(field_types())


def test_the_library_holds_exactly_the_shipped_forms(forms):
    assert sorted(forms) == sorted(ALL_FORMS)


@pytest.mark.parametrize("form_id", ALL_FORMS)
def test_form_has_purpose_owner_and_output(forms, form_id):
    form = forms[form_id]
    # Every published version has its change set, so the version is how many there are.
    assert form.version == len(list((CHANGE_LOG / form_id).glob("*.yaml")))
    assert len(form.purpose.split()) >= 15, "purpose should say why the form exists"
    assert form.owner.endswith("working group")
    assert form.output is not None and form.output.title
    assert form.output.introduction
    assert form.summary_for_family


@pytest.mark.parametrize("form_id", FORMS_WITH_CHILDS_WORDS)
def test_form_holds_the_childs_own_words(forms, form_id):
    types = [f.type for f in forms[form_id].all_fields()]
    assert "childs_words" in types


@pytest.mark.parametrize("form_id", ALL_FORMS)
def test_every_form_keeps_some_information_professional_only(forms, form_id):
    private = [f.id for f in forms[form_id].all_fields() if not f.share_with_family]
    assert private, f"{form_id} holds third-party information but shares everything"


@pytest.mark.parametrize("form_id", ALL_FORMS)
def test_analysis_is_kept_apart_from_description(forms, form_id):
    """Each form has a section of its own for analysis ("What we think")."""
    form = forms[form_id]
    analysis = [s for s in form.sections if s.id == "analysis"]
    if form_id in (
        "contact_referral",
        "strategy_discussion",
        "child_and_family_assessment",
        "section_47_enquiry",
        "social_work_report_to_conference",
        "initial_child_protection_conference",
        "review_child_protection_conference",
        "child_protection_visit",
        "cin_review",
        "early_help_assessment",
        "early_help_review",
        "looked_after_review",
        "statutory_visit_child_in_care",
    ):
        assert analysis, f"{form_id} needs a separate analysis section"
        assert any(f.type == "long_text" and f.required for f in analysis[0].fields)


@pytest.mark.parametrize("form_id", FORMS_WITH_MANAGER_SIGN_OFF)
def test_decisions_are_signed_off(forms, form_id):
    form = forms[form_id]
    assert form.authorisation_role == "team_manager"
    signoffs = [f for f in form.all_fields() if f.type == "manager_authorisation"]
    assert len(signoffs) == 1 and signoffs[0].required


def test_every_field_type_of_the_language_is_used(forms):
    used = {f.type for form in forms.values() for f in form.all_fields()}
    assert used == ALL_FIELD_TYPES


def test_form_sizes_are_realistic(forms):
    def size(form):
        return len([f for f in form.all_fields() if f.type != "guidance"])

    for big in ("child_and_family_assessment", "initial_child_protection_conference"):
        assert 40 <= size(forms[big]) <= 80, big
    for form_id in set(ALL_FORMS) - {
        "child_and_family_assessment",
        "initial_child_protection_conference",
        *CASE_NOTE_TYPES,
    }:
        assert 10 <= size(forms[form_id]) <= 40, form_id
    for form_id in CASE_NOTE_TYPES:  # a note is written on a phone straight after the contact
        assert 5 <= size(forms[form_id]) <= 12, form_id


def test_safety_map_columns_in_the_child_protection_forms(forms):
    for form_id in (
        "child_and_family_assessment",
        "initial_child_protection_conference",
        "social_work_report_to_conference",
    ):
        form = forms[form_id]
        section_ids = {s.id for s in form.sections}
        assert {"worries", "working_well"} <= section_ids, form_id
        by_id = form.fields_by_id
        for statement in (
            "past_harm",
            "complicating_factors",
            "existing_strengths",
            "existing_safety",
        ):
            assert by_id[statement].type == "statement_list", (form_id, statement)
        assert by_id["bottom_lines"].type == "repeating_group"


@pytest.mark.parametrize(
    "form_id",
    [
        "child_and_family_assessment",
        "social_work_report_to_conference",
        "initial_child_protection_conference",
        "core_group_review",
        "review_child_protection_conference",
    ],
)
def test_danger_statements_link_to_a_safety_goal_and_a_scale(forms, form_id):
    by_id = forms[form_id].fields_by_id
    dangers = [f for f in by_id.values() if f.type == "danger_statement"]
    assert len(dangers) == 1
    danger = dangers[0]
    assert danger.max_items == 3, "usually no more than three danger statements"
    assert by_id[danger.safety_goal].type == "safety_goal"
    scale = by_id[danger.scale]
    assert scale.type == "scale"
    zero, ten = scale.anchors
    assert zero and ten
    assert len(scale.raters) >= 2, "a scale is rated by several people"


def test_next_steps_say_what_who_and_by_when(forms):
    for form_id in (
        "child_and_family_assessment",
        "initial_child_protection_conference",
        "core_group_review",
    ):
        group = forms[form_id].fields_by_id["next_steps"]
        assert group.type == "repeating_group"
        assert [f.id for f in group.fields][:3] == ["step_what", "step_who", "step_by_when"]
        assert [f.type for f in group.fields][2] == "date"


def test_safety_network_is_people(forms):
    for form_id in (
        "child_and_family_assessment",
        "social_work_report_to_conference",
        "core_group_review",
    ):
        group = forms[form_id].fields_by_id["safety_network"]
        assert group.fields[0].type == "person"
        phone = {f.id: f for f in group.fields}["network_phone"]
        assert not phone.share_with_family


def test_show_if_where_it_helps(forms):
    officer = forms["strategy_discussion"].fields_by_id["police_officer"]
    assert officer.show_if == {"==": [{"var": "police_present"}, "yes"]}
    assert officer.required_if == officer.show_if
    delay = forms["child_and_family_assessment"].fields_by_id["reasons_for_delay"]
    assert delay.required_if == {"==": [{"var": "past_45_working_days"}, "yes"]}


def test_every_validation_explains_itself(forms):
    count = 0
    for form in forms.values():
        for f in form.all_fields():
            for v in f.validations:
                count += 1
                assert v.message and v.description, (form.id, f.id)
    assert count >= 10


def test_confidential_third_party_information_is_never_shared(forms):
    cases = {
        "contact_referral": ["referrer_name", "referrer_contact", "police_information"],
        "strategy_discussion": [
            "police_intelligence",
            "health_information",
            "victim_or_witness_details",
        ],
        "child_and_family_assessment": ["confidential_professional_information"],
        "initial_child_protection_conference": ["police_information", "part_exclusion_reason"],
        "care_plan": ["placement_address"],
    }
    for form_id, field_ids in cases.items():
        for field_id in field_ids:
            assert not forms[form_id].fields_by_id[field_id].share_with_family, (form_id, field_id)


def test_calculated_fields_give_the_answers_the_working_group_expects(forms):
    from renderer.definitions.rules import evaluate

    nfa = forms["contact_referral"].fields_by_id["referral_nfa"].calculation
    assert evaluate(nfa, {"referral_decision": "no_further_action"}) == "true"
    assert evaluate(nfa, {"referral_decision": "child_and_family_assessment"}) == "false"

    not_required = forms["section_47_enquiry"].fields_by_id["icpc_not_required"].calculation
    assert evaluate(not_required, {"enquiry_outcome": "conference_needed"}) == "false"
    assert evaluate(not_required, {"enquiry_outcome": "not_substantiated"}) == "true"

    timescale = forms["looked_after_review"].fields_by_id["review_timescale"].calculation
    assert "20 working days" in evaluate(timescale, {"review_number": 1})
    assert "3 months" in evaluate(timescale, {"review_number": 2})
    assert "6 months" in evaluate(timescale, {"review_number": 5})

    total = forms["early_help_assessment"].fields_by_id["score_total"]
    scores = {
        "score_home_life": 3,
        "score_health": 4,
        "score_school": 5,
        "score_money_housing": 6,
        "score_relationships": 7,
    }
    assert evaluate(total.calculation, scores) == 25
    assert evaluate(total.show_if, scores)
    assert not evaluate(total.show_if, {"score_home_life": 3})


def test_category_of_abuse_options_are_the_same_wherever_it_is_asked(forms):
    places = [
        ("section_47_enquiry", "proposed_category"),
        ("social_work_report_to_conference", "recommended_category"),
        ("initial_child_protection_conference", "initial_category"),
        ("review_child_protection_conference", "latest_category"),
    ]
    option_sets = {forms[f].fields_by_id[x].option_ids for f, x in places}
    assert len(option_sets) == 1


@pytest.mark.parametrize("form_id", CASE_NOTE_TYPES)
def test_every_note_type_asks_what_each_contact_needs(forms, form_id):
    form = forms[form_id]
    assert form.kind == "case_note" and form.note_date == "contact_date"
    by_id = form.fields_by_id
    assert by_id["contact_date"].type == "date" and by_id["contact_date"].required
    assert by_id["present"].type == "person" and by_id["present"].multiple
    assert by_id["child_seen"].type == "yes_no"
    assert by_id["child_seen_alone"].show_if  # asked once we know the child was seen
    assert by_id["childs_words"].type == "long_text"
    assert by_id["next_steps"].required
    # Only a home visit with the child seen counts as the statutory visit.
    assert (form.visit_when is not None) == (form_id == "home_visit")

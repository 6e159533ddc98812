"""The shipped pathways: forms exist, statutory timescales match timescales.md, and
pre-filling is a deliberate per-field decision."""

from __future__ import annotations

import pytest

PATHWAY_FORMS = {
    "child_protection": {
        "contact_referral",
        "strategy_discussion",
        "section_47_enquiry",
        "child_and_family_assessment",
        "social_work_report_to_conference",
        "initial_child_protection_conference",
        "core_group_review",
        "review_child_protection_conference",
        "child_protection_visit",
    },
    "child_in_need": {
        "contact_referral",
        "child_and_family_assessment",
        "cin_assessment_outcome",
        "cin_plan",
        "cin_review",
    },
    "early_help": {"early_help_assessment", "family_plan", "early_help_review"},
    "children_in_care": {"care_plan", "looked_after_review", "statutory_visit_child_in_care"},
}


def _amount(pathway, amount):
    """(value, national) of a due amount, resolving a parameter to its default."""
    if amount.parameter is None:
        return amount.value, True
    param = {p.id: p for p in pathway.parameters}[amount.parameter]
    return param.default, param.national


def _due(pathway, stage_id):
    due = pathway.stages_by_id[stage_id].due
    value, national = _amount(pathway, due.amount)
    return (due.from_kind, due.from_id, due.unit, value, national)


def test_the_four_pathways_ship(pathways):
    assert sorted(pathways) == sorted(PATHWAY_FORMS)


@pytest.mark.parametrize("pathway_id", sorted(PATHWAY_FORMS))
def test_pathway_uses_the_expected_forms_all_in_the_library(pathways, forms, pathway_id):
    pathway = pathways[pathway_id]
    used = {s.form for s in pathway.stages if s.form}
    assert used == PATHWAY_FORMS[pathway_id]
    assert used <= set(forms)


def test_every_shipped_form_is_used_by_a_pathway(pathways, forms):
    used = {s.form for p in pathways.values() for s in p.stages if s.form}
    # Case note types are recorded outside any stage (a visit note may complete one).
    assert used == {i for i, f in forms.items() if f.kind != "case_note"}


# (from kind, from id, unit, amount, national) for each stage, from timescales.md
CHILD_PROTECTION_TIMESCALES = {
    "contact_referral": ("event", "referral_received", "working_days", 1, True),
    "strategy_discussion": ("event", "concern_of_significant_harm", "working_days", 1, False),
    "child_and_family_assessment": ("event", "referral_received", "working_days", 45, True),
    # Working Together counts 15 working days from the strategy discussion itself.
    "initial_child_protection_conference": (
        "event",
        "strategy_discussion_held",
        "working_days",
        15,
        True,
    ),
    "section_47_enquiry": ("event", "strategy_discussion_held", "working_days", 10, False),
    "first_core_group": (
        "stage_completed",
        "initial_child_protection_conference",
        "working_days",
        10,
        True,
    ),
    "first_review_conference": (
        "stage_completed",
        "initial_child_protection_conference",
        "months",
        3,
        True,
    ),
    "review_conference": ("stage_started", "review_conference", "months", 6, True),
}

CHILD_IN_NEED_TIMESCALES = {
    "contact_referral": ("event", "referral_received", "working_days", 1, True),
    "child_and_family_assessment": ("event", "referral_received", "working_days", 45, True),
}

CHILDREN_IN_CARE_TIMESCALES = {
    "care_plan": ("event", "placement_started", "working_days", 10, True),
    "first_placement_visit": ("event", "placement_started", "days", 7, True),
    "statutory_visit": ("stage_started", "statutory_visit", "weeks", 6, True),
    "long_term_placement_visit": ("stage_started", "long_term_placement_visit", "months", 3, True),
    "first_looked_after_review": ("event", "became_looked_after", "working_days", 20, True),
    "second_looked_after_review": (
        "stage_completed",
        "first_looked_after_review",
        "months",
        3,
        True,
    ),
    "looked_after_review": ("stage_started", "looked_after_review", "months", 6, True),
}


@pytest.mark.parametrize(
    "pathway_id, table",
    [
        ("child_protection", CHILD_PROTECTION_TIMESCALES),
        ("child_in_need", CHILD_IN_NEED_TIMESCALES),
        ("children_in_care", CHILDREN_IN_CARE_TIMESCALES),
    ],
)
def test_statutory_timescales_match_the_table(pathways, pathway_id, table):
    pathway = pathways[pathway_id]
    for stage_id, expected in table.items():
        assert _due(pathway, stage_id) == expected, stage_id


def test_child_protection_visits_are_a_local_choice_within_the_national_range(pathways):
    kind, ident, unit, value, national = _due(
        pathways["child_protection"], "child_protection_visit"
    )
    assert (unit, national) == ("working_days", False)
    assert 10 <= value <= 30  # every 10 working days to 6 weeks


def test_local_timescales_are_parameters_a_council_can_change(pathways):
    local = {
        (p_id, param.id)
        for p_id, p in pathways.items()
        for param in p.parameters
        if not param.national
    }
    assert ("child_protection", "strategy_discussion_working_days") in local
    assert ("child_protection", "core_group_interval_working_days") in local
    assert ("child_in_need", "cin_visit_working_days") in local
    assert ("early_help", "early_help_assessment_working_days") in local
    for pathway in pathways.values():
        for param in pathway.parameters:
            assert param.description, (pathway.id, param.id)


def test_every_due_rule_states_its_counting_convention(pathways):
    for pathway in pathways.values():
        for stage in pathway.stages:
            if stage.due is None:
                continue
            raw = next(s for s in pathway.source["stages"] if s["id"] == stage.id)["due"]
            assert raw.get("counting") == "start_day_excluded", (pathway.id, stage.id)
            assert raw.get("regions") == "england", (pathway.id, stage.id)


def test_every_stage_of_every_shipped_pathway_has_a_clock(pathways):
    """The enquiry has no national clock, but a due date on screen: this council's own."""
    undated = [(p.id, s.id) for p in pathways.values() for s in p.stages if s.due is None]
    assert undated == []


def test_every_event_is_recorded_by_a_case_or_a_date_answer(pathways):
    """An event nobody records leaves its stages without a due date for ever."""
    for pathway in pathways.values():
        for event in pathway.events:
            if event.id == "referral_received":  # recorded when the case is opened
                continue
            stage = pathway.stages_by_id[event.recorded_by_stage]
            assert stage.form, (pathway.id, event.id)


def test_the_enquiry_starts_when_the_strategy_discussion_is_submitted(pathways):
    cp = {t.id: t for t in pathways["child_protection"].transitions}
    assert cp["strategy_to_enquiry"].fires_on == "submitted"
    assert cp["strategy_to_assessment"].fires_on == "completed"


def test_triggers_cover_every_kind_an_age_a_date_answered_and_a_deadline(pathways):
    kinds = {t.on_kind for p in pathways.values() for t in p.triggers}
    assert kinds == {"case_opened", "stage_completed", "date_reached", "deadline_approaching"}
    at_16 = [t for t in pathways["children_in_care"].triggers if t.on_child_age_years == 16]
    assert len(at_16) == 1 and "pathway plan" in at_16[0].task.title
    cp = {t.id: t for t in pathways["child_protection"].triggers}
    review = cp["first_review_date_coming"]
    assert (review.on_answer_stage, review.on_answer_field, review.on_days_before) == (
        "initial_child_protection_conference",
        "review_conference_date",
        10,
    )
    soon = cp["initial_conference_soon"]
    assert (soon.on_stage, soon.on_days_before) == ("initial_child_protection_conference", 3)
    cic = {t.on_stage for t in pathways["children_in_care"].triggers}
    assert {"first_looked_after_review", "looked_after_review"} <= cic


def test_transitions_are_decided_by_the_deciding_form(pathways):
    cp = {t.id: t for t in pathways["child_protection"].transitions}
    assert cp["strategy_to_enquiry"].when == {
        "==": [{"var": "strategy_discussion.decision"}, "section_47"]
    }
    assert cp["conference_to_first_core_group"].when == {
        "==": [
            {"var": "initial_child_protection_conference.conference_decision"},
            "child_protection_plan",
        ]
    }


# --- pre-filling is a per-field design decision -------------------------------------


def _prefills(pathway):
    for stage in pathway.stages:
        for p in stage.prefill:
            yield stage, p


def test_deliberately_not_prefilled_fields_say_why(pathways):
    none = [
        (p_id, s.id, p)
        for p_id, pw in pathways.items()
        for s, p in _prefills(pw)
        if p.mode == "none"
    ]
    assert len(none) >= 20
    for p_id, s_id, p in none:
        assert p.note and len(p.note.split()) >= 3, (p_id, s_id, p.field)


def test_childs_words_scores_and_analysis_are_never_copied(pathways, forms):
    fresh_types = {"childs_words", "scale"}
    for pathway in pathways.values():
        for stage, p in _prefills(pathway):
            target = forms[stage.form].fields_by_id[p.field]
            if target.type in fresh_types:
                assert p.mode == "none", (pathway.id, stage.id, p.field)
    # ...and every stage whose form holds the child's words says so explicitly
    for pathway in pathways.values():
        for stage in pathway.stages:
            if not stage.form:
                continue
            words = [f.id for f in forms[stage.form].all_fields() if f.type == "childs_words"]
            decided = {p.field: p.mode for p in stage.prefill}
            for field_id in words:
                assert decided.get(field_id) == "none", (pathway.id, stage.id)


def _carried_from(pathway, forms, stage_id: str, field_id: str) -> set[str]:
    """The earlier stages whose answer a stage's field starts from: its own pre-fill entry,
    or, with none, every earlier stage recording the case fact it reads."""
    stage = pathway.stages_by_id[stage_id]
    entry = {p.field: p for p in stage.prefill}.get(field_id)
    if entry is not None:
        return {entry.from_stage} if entry.mode == "copy_once" and entry.from_stage else set()
    fact = forms[stage.form].fields_by_id[field_id].reads_fact
    index = [s.id for s in pathway.stages].index(stage_id)
    return {
        s.id
        for s in pathway.stages[:index]
        if s.form and fact and any(f.records_fact == fact for f in forms[s.form].all_fields())
    }


def test_danger_statements_and_safety_goals_carry_forward(pathways, forms):
    cp = pathways["child_protection"]
    expected = {
        "social_work_report_to_conference": "child_and_family_assessment",
        "initial_child_protection_conference": "social_work_report_to_conference",
        "first_core_group": "initial_child_protection_conference",
    }
    for stage_id, source in expected.items():
        for field_id in ("danger_statements", "safety_goals"):
            assert source in _carried_from(cp, forms, stage_id, field_id), (stage_id, field_id)


def test_the_safety_plan_carries_into_reviews(pathways):
    cp = pathways["child_protection"].stages_by_id
    for stage_id in ("core_group_review", "first_review_conference", "review_conference"):
        p = {p.field: p for p in cp[stage_id].prefill}["safety_plan"]
        assert p.mode == "copy_once" and p.from_field == "safety_plan"


def test_child_details_prefill_from_the_case(pathways, forms):
    """The child's name comes from the case: a pre-fill entry, or the case fact (which the
    case record holds until a form corrects it)."""
    for pathway in pathways.values():
        for stage in pathway.stages:
            if not stage.form:
                continue
            names = [p for p in stage.prefill if p.field == "child_name"]
            if names:
                assert names[0].from_case == "child.full_name", (pathway.id, stage.id)
            else:
                field = forms[stage.form].fields_by_id["child_name"]
                assert field.reads_fact == "child.full_name", (pathway.id, stage.id)


def test_caseload_weights_are_set(pathways):
    for pathway in pathways.values():
        for stage in pathway.stages:
            raw = next(s for s in pathway.source["stages"] if s["id"] == stage.id)
            assert "weight" in raw and raw["weight"] > 0, (pathway.id, stage.id)
    cp = pathways["child_protection"].stages_by_id
    assert cp["child_and_family_assessment"].weight > cp["child_protection_visit"].weight


def test_shipped_files_are_in_canonical_form(library):
    """Files are written as the designer writes them, so a council's diff shows only real
    change (docs/language.md, "Canonical form and hashing")."""
    from pathlib import Path

    from renderer.definitions.serialise import dump_definition

    for kind, items in (("form", library.forms), ("pathway", library.pathways)):
        for item in items.values():
            text = Path(item.file).read_text(encoding="utf-8")
            assert text == dump_definition(item.source, kind), item.file


def test_the_shipped_library_asks_nothing_twice_without_a_reason():
    import os

    from renderer.definitions.check import check_paths

    from .conftest import ROOT

    here = os.getcwd()
    os.chdir(ROOT)
    try:
        report = check_paths()
    finally:
        os.chdir(here)
    assert [str(p) for p in report.problems if p.code == "CV911"] == []


def test_later_forms_start_from_what_earlier_stages_hold_not_one_named_stage(pathways, forms):
    cp = pathways["child_protection"]
    # The report is written before the assessment is finished: it starts from the
    # strategy discussion and the enquiry, not only the assessment.
    for field_id in ("past_harm", "complicating_factors", "existing_strengths", "existing_safety"):
        assert "strategy_discussion" in _carried_from(
            cp, forms, "social_work_report_to_conference", field_id
        )
    for field_id in ("parents_views", "recommended_category", "reason_for_conference"):
        assert "section_47_enquiry" in _carried_from(
            cp, forms, "social_work_report_to_conference", field_id
        ), field_id
    # The address corrected in the strategy discussion reaches the assessment.
    assert {"contact_referral", "strategy_discussion"} <= _carried_from(
        cp, forms, "child_and_family_assessment", "child_address"
    )

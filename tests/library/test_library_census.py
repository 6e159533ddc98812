"""Fields mapped to the Children in Need census cover the data items and code sets.

Option ids carry the census code (see docs/library.md, "Census codes"): the code is the
first word of the option id, or the second word when the first is `source` or `factor`
(codes that start with a digit), in capitals: `n1_abuse_or_neglect` -> N1,
`rc8_no_further_action_after_assessment` -> RC8, `source_3e_emergency_department` -> 3E,
`factor_21_no_factors` -> 21, `none_no_disability` -> NONE.
"""

from __future__ import annotations

import pytest

REQUIRED_ITEMS = {
    "CINreferralDate",
    "ReferralSource",
    "ReferralNFA",
    "PrimaryNeedCode",
    "AssessmentActualStartDate",
    "AssessmentAuthorisationDate",
    "AssessmentFactors",
    "S47ActualStartDate",
    "ICPCnotRequired",
    "DateOfInitialCPC",
    "CPPstartDate",
    "InitialCategoryOfAbuse",
    "LatestCategoryOfAbuse",
    "NumberOfPreviousCPP",
    "CPPreviewDate",
    "CPPendDate",
    "CINPlanStartDate",
    "CINPlanEndDate",
    "CINclosureDate",
    "ReasonForClosure",
    "Disability",
    "Sex",
    "UPN",
    "ExpectedPersonBirthDate",
}

CODE_SETS = {
    "ReferralSource": {
        "1A",
        "1B",
        "1C",
        "1D",
        "2A",
        "2B",
        "3A",
        "3B",
        "3C",
        "3D",
        "3E",
        "3F",
        "4",
        "5A",
        "5B",
        "5C",
        "5D",
        "6",
        "7",
        "8",
        "9",
        "10",
    },
    "PrimaryNeedCode": {f"N{i}" for i in range(10)},
    "ReasonForClosure": {f"RC{i}" for i in range(1, 10)},
    "InitialCategoryOfAbuse": {"NEG", "PHY", "SAB", "EMO", "MUL"},
    "LatestCategoryOfAbuse": {"NEG", "PHY", "SAB", "EMO", "MUL"},
    "Disability": {
        "NONE",
        "MOB",
        "HAND",
        "PC",
        "INC",
        "COMM",
        "LD",
        "HEAR",
        "VIS",
        "BEH",
        "CON",
        "AUT",
        "DDA",
    },
    "Sex": {"M", "F", "U"},
}


def census_code(option_id: str) -> str:
    words = option_id.split("_")
    return (words[1] if words[0] in ("source", "factor") else words[0]).upper()


def _census_fields(forms):
    for form in forms.values():
        for f in form.all_fields():
            if f.statutory and f.statutory[0] == "cin_census":
                yield form, f


def test_census_fields_cover_the_data_items(forms):
    items = {f.statutory[1] for _, f in _census_fields(forms)}
    assert items >= REQUIRED_ITEMS, sorted(REQUIRED_ITEMS - items)


@pytest.mark.parametrize("item", sorted(CODE_SETS))
def test_code_set_options_map_to_every_census_code(forms, item):
    fields = [(form.id, f) for form, f in _census_fields(forms) if f.statutory[1] == item]
    assert fields, item
    for form_id, f in fields:
        codes = [census_code(o.id) for o in f.options]
        assert len(codes) == len(set(codes)), (form_id, f.id)
        assert set(codes) == CODE_SETS[item], (form_id, f.id)
        for o in f.options:
            assert len(o.label.split()) >= 1 and o.label.upper() != census_code(o.id), (
                "labels are plain words, not codes"
            )


def test_assessment_factors_use_current_codes_with_no_factors_standing_alone(forms):
    field = forms["child_and_family_assessment"].fields_by_id["assessment_factors"]
    codes = {census_code(o.id) for o in field.options}
    assert {"16A", "17A", "18B", "18C", "19B", "19C", "21", "22A", "23A", "24A"} <= codes
    assert not {"18A", "19A"} & codes, "18A and 19A are superseded by 18B/18C and 19B/19C"
    assert census_code(field.exclusive_option) == "21"


def test_census_dates_are_dates_and_codes_are_choices(forms):
    for form, f in _census_fields(forms):
        item = f.statutory[1]
        if item.endswith("Date") and item != "AssessmentAuthorisationDate":
            assert f.type == "date", (form.id, f.id)
        if item in CODE_SETS:
            assert f.type in ("single_choice", "multiple_choice"), (form.id, f.id)
    authorisation = forms["child_and_family_assessment"].fields_by_id["manager_decision"]
    assert authorisation.type == "manager_authorisation"
    assert authorisation.statutory == ("cin_census", "AssessmentAuthorisationDate")


def test_closure_reason_is_only_asked_when_closing(forms):
    for form_id in ("cin_assessment_outcome", "cin_review"):
        f = forms[form_id].fields_by_id["reason_for_closure"]
        assert f.show_if is not None and f.required_if is not None

"""A transition's condition in the builder: several rows, all or any, and rules the
builder cannot show kept exactly as they are."""

from __future__ import annotations

import yaml

from designer.editor import service
from designer.editor.conditions.logic import Row, editable_rows, to_logic_by_row
from tests.designer.conftest import ROOT, post
from tests.designer.page_forms import form_values

FIELDS = {
    "a.decision": {
        "id": "a.decision",
        "type": "single_choice",
        "label": "A: Decision",
        "options": [{"id": "go", "label": "Go ahead"}, {"id": "stop", "label": "Stop"}],
    },
    "a.score": {"id": "a.score", "type": "number", "label": "A: Score"},
    "a.note": {"id": "a.note", "type": "text", "label": "A: Note"},
}


def test_two_rows_with_any_round_trip():
    rule = {
        "or": [
            {"==": [{"var": "a.decision"}, "go"]},
            {">=": [{"var": "a.score"}, 7]},
        ]
    }
    rows, combine = editable_rows(rule, FIELDS)
    assert combine == "any"
    assert rows == [Row("a.decision", "equals", "go"), Row("a.score", "at_least", "7")]
    assert to_logic_by_row(rows, combine, FIELDS, "when") == (rule, {})


def test_rules_the_builder_would_change_are_not_editable():
    number_as_text = {"==": [{"var": "a.score"}, "7"]}
    unknown_question = {"==": [{"var": "b.other"}, "x"]}
    nested = {"and": [{"or": [{"==": [{"var": "a.note"}, "x"]}]}, {"!!": [{"var": "a.note"}]}]}
    arithmetic = {">": [{"+": [{"var": "a.score"}, 1]}, 3]}
    for rule in (number_as_text, unknown_question, nested, arithmetic):
        assert editable_rows(rule, FIELDS, False) is None, rule
    assert editable_rows(None, FIELDS) == ([], "all")
    # "is one of" and "none of these" are the builder's own now.
    one_of = {"in": [{"var": "a.decision"}, ["go", "stop"]]}
    none_of = {"!": {"or": [{"==": [{"var": "a.note"}, "x"]}]}}
    assert editable_rows(one_of, FIELDS, False) == (
        [Row("a.decision", "one_of", values=["go", "stop"])],
        "all",
    )
    assert editable_rows(none_of, FIELDS, False) == ([Row("a.note", "equals", "x")], "none")


def test_each_incomplete_row_is_named_by_its_input():
    rows = [
        Row("a.decision", "equals", "Maybe"),
        Row(),
        Row("a.score", "more_than", ""),
        Row("a.note", "answered", ""),
    ]
    rule, errors = to_logic_by_row(rows, "all", FIELDS, "when")
    assert rule is None
    assert set(errors) == {"when-0-value", "when-2-value"}
    assert errors["when-0-value"].startswith("Condition 1: Choose one of the answers")
    _, errors = to_logic_by_row([Row("nope", "equals", "x")], "all", FIELDS, "when")
    assert set(errors) == {"when-0-field"}


# -- over HTTP ----------------------------------------------------------------------


def _draft(client) -> str:
    url = post(client, "/designer/pathways/child_protection/draft").headers["Location"]
    return url.rsplit("/", 1)[0]


def _document(app, base: str) -> dict:
    with app.app_context():
        return service.get(int(base.rsplit("/", 1)[1])).document


def test_add_a_transition_with_two_rows(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    new = f"{base}/transitions"
    page = client.get(new).get_data(as_text=True)
    assert 'name="when-0-field"' in page and "Add another condition" in page
    added = post(
        client,
        new,
        {
            "from": "section_47_enquiry",
            "to": "social_work_report_to_conference",
            "when-0-field": "section_47_enquiry.enquiry_outcome",
            "when-0-comparison": "equals",
            "when-0-value": "conference_needed",
            "when-1-field": "strategy_discussion.joint_with_police",
            "when-1-comparison": "answered",
            "when-2-field": "",
            "when-combine": "any",
            "description": "Either way, a report.",
        },
        page=new,
    )
    assert added.status_code == 302, added.get_data(as_text=True)[-3000:]
    transition = _document(app, base)["transitions"][-1]
    assert transition["when"] == {
        "or": [
            {"==": [{"var": "section_47_enquiry.enquiry_outcome"}, "conference_needed"]},
            {"!!": [{"var": "strategy_discussion.joint_with_police"}]},
        ]
    }
    overview = client.get(f"{base}/pathway").get_data(as_text=True)
    assert "or ‘Strategy discussion: " in overview  # the condition in words


def test_a_missing_answer_comes_back_next_to_its_row_with_nothing_lost(client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    new = f"{base}/transitions"
    response = post(
        client,
        new,
        {
            "from": "section_47_enquiry",
            "to": "social_work_report_to_conference",
            "when-0-field": "section_47_enquiry.enquiry_outcome",
            "when-0-comparison": "equals",
            "when-0-value": "conference_needed",
            "when-1-field": "section_47_enquiry.enquiry_outcome",
            "when-1-comparison": "equals",
            "when-1-value": "Perhaps <b>",
            "description": "Kept <i>",
        },
        page=new,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#when-1-value"' in page and "Condition 2: Choose one of the answers" in page
    assert 'value="Kept &lt;i&gt;"' in page and "<i>" not in page.split("Kept", 1)[1][:20]
    # The first row's answer is still chosen, among the question's own answers.
    assert 'value="conference_needed" checked' in page


def test_saving_untouched_transition_pages_changes_nothing(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    before = _document(app, base)
    readonly = []
    for transition in before["transitions"]:
        url = f"{base}/transitions/{transition['id']}"
        page = client.get(url).get_data(as_text=True)
        if "more than the builder can show" in page:
            readonly.append(transition["id"])
        response = client.post(url, data=form_values(page))
        assert response.status_code == 302, (transition["id"], response.get_data(as_text=True))
    assert _document(app, base) == before
    # "Either of two answers" is the builder's own now: nothing is beyond it.
    assert readonly == []


def test_editing_a_transition_keeps_its_id_and_changes_its_condition(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    url = f"{base}/transitions/report_to_conference"
    values = form_values(client.get(url).get_data(as_text=True))
    values["when-0-field"] = "initial_child_protection_conference.previous_plans"
    values["when-0-comparison"] = "at_most"
    values["when-0-value"] = "5"
    values["when-1-field"] = "social_work_report_to_conference.report_shared_date"
    values["when-1-comparison"] = "answered"
    values["when-combine"] = "all"
    assert client.post(url, data=values).status_code == 302
    transition = next(
        t for t in _document(app, base)["transitions"] if t["id"] == "report_to_conference"
    )
    assert transition["when"] == {
        "and": [
            {"<=": [{"var": "initial_child_protection_conference.previous_plans"}, 5]},
            {"!!": [{"var": "social_work_report_to_conference.report_shared_date"}]},
        ]
    }
    original = yaml.safe_load((ROOT / "pathways" / "child_protection.yaml").read_text())
    assert (
        transition["description"]
        == next(t for t in original["transitions"] if t["id"] == "report_to_conference")[
            "description"
        ]
    )

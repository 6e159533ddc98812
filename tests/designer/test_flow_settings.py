"""Without YAML: whether a transition starts the next stage on submit or on sign-off,
and which date answer records an event; each said in words in the change log."""

from __future__ import annotations

from designer.changes import describe, diff
from designer.editor import service
from tests.designer.conftest import post
from tests.designer.page_forms import form_values


def _draft(client) -> str:
    url = post(client, "/designer/pathways/child_protection/draft").headers["Location"]
    return url.rsplit("/", 1)[0]


def _document(app, base: str) -> dict:
    with app.app_context():
        return service.get(int(base.rsplit("/", 1)[1])).document


def _transition(doc: dict, ident: str) -> dict:
    return next(t for t in doc["transitions"] if t["id"] == ident)


def test_a_transition_can_start_the_next_stage_on_submit_or_wait_for_sign_off(
    app, client, synced, sign_in
):
    sign_in("dee")
    base = _draft(client)
    before = _document(app, base)
    url = f"{base}/transitions/strategy_to_enquiry"
    page = client.get(url).get_data(as_text=True)
    assert "When does the next stage start?" in page
    values = form_values(page)
    assert values["fires_on"] == "submitted"  # as shipped
    values["fires_on"] = "completed"
    assert client.post(url, data=values).status_code == 302
    after = _document(app, base)
    assert "fires_on" not in _transition(after, "strategy_to_enquiry")
    sentences = [row["sentence"] for row in describe(diff(before, after, "pathway"), before, after)]
    assert sentences == [
        "'Child protection enquiry (section 47)' now waits until 'Strategy discussion' is "
        "signed off"
    ]

    other = f"{base}/transitions/strategy_to_assessment"
    values = form_values(client.get(other).get_data(as_text=True))
    values["fires_on"] = "submitted"
    assert client.post(other, data=values).status_code == 302
    assert _transition(_document(app, base), "strategy_to_assessment")["fires_on"] == "submitted"
    values = form_values(client.get(other).get_data(as_text=True))
    values["fires_on"] = "whenever"
    refused = client.post(other, data=values)
    assert refused.status_code == 400
    assert "Choose when the next stage starts" in refused.get_data(as_text=True)


def test_an_event_is_recorded_by_a_date_answer_chosen_from_a_list(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    url = f"{base}/events/concern_of_significant_harm"
    page = client.get(url).get_data(as_text=True)
    assert "Which answer records when it happened?" in page
    assert "Strategy discussion: When did we first have reasonable cause" in page
    values = form_values(page)
    assert values["recorded_by"] == "strategy_discussion.concern_date"
    # Saved untouched, nothing changes.
    before = _document(app, base)
    assert client.post(url, data=values).status_code == 302
    assert _document(app, base) == before

    values["recorded_by"] = "contact_referral.contact_date"
    assert client.post(url, data=values).status_code == 302
    event = next(
        e for e in _document(app, base)["events"] if e["id"] == "concern_of_significant_harm"
    )
    assert event["recorded_by"] == {"stage": "contact_referral", "field": "contact_date"}

    values["recorded_by"] = "strategy_discussion.decision"  # not a date
    refused = client.post(url, data=values)
    assert refused.status_code == 400
    assert "Choose a date question from the list" in refused.get_data(as_text=True)

    values = form_values(client.get(url).get_data(as_text=True))  # the draft's new revision
    assert values["recorded_by"] == "contact_referral.contact_date"
    values["recorded_by"] = ""
    assert client.post(url, data=values).status_code == 302
    event = next(
        e for e in _document(app, base)["events"] if e["id"] == "concern_of_significant_harm"
    )
    assert "recorded_by" not in event


def test_the_change_log_says_what_version_2_of_child_protection_changed_in_words():
    from designer.changes import Library
    from tests.designer.conftest import ROOT

    library = Library(ROOT)
    v1 = library.rebuild("child_protection", "pathway", 1)
    v2 = library.rebuild("child_protection", "pathway", 2)
    rows = describe(diff(v1, v2, "pathway"), v1, v2)
    sentences = [row["sentence"] for row in rows]
    assert (
        "'Child protection enquiry (section 47)' now starts as soon as 'Strategy discussion' "
        "is submitted, before it is signed off"
    ) in sentences
    assert (
        "Event 'Concern of significant harm' now starts its clocks from the date answered in "
        "'Strategy discussion' ('Concern date'), as soon as that answer is saved"
    ) in sentences
    recorded = next(r for r in rows if "Concern of significant harm" in r["sentence"])
    assert recorded["category"] == "timescale changed"

"""Triggers, events and timescale settings: read from their pages, edited as
operations, checked by the loader and shown next to what caused a problem."""

from __future__ import annotations

import re

import pytest
import yaml
from werkzeug.datastructures import MultiDict

from designer.editor import checking, service
from designer.editor.forms.operations import OperationRefused
from designer.editor.pathways import diagram, triggers
from designer.editor.pathways import operations as pathway_ops
from renderer.definitions import Problem
from tests.designer.conftest import ROOT, post
from tests.designer.page_forms import form_values


def _pathway() -> dict:
    return yaml.safe_load((ROOT / "pathways" / "child_protection.yaml").read_text())


def _dates(doc: dict) -> dict[str, str]:
    """The date questions of the pathway's stages, as the trigger page offers them."""
    out = {}
    for stage in doc["stages"]:
        if "form" not in stage:
            continue
        form = yaml.safe_load((ROOT / "form_library" / f"{stage['form']}.yaml").read_text())
        for section in form["sections"]:
            for field in section.get("fields") or []:
                if field.get("type") == "date":
                    out[f"{stage['id']}.{field['id']}"] = f"{stage['title']}: {field['label']}"
    return out


def _form(**values) -> MultiDict:
    data = MultiDict()
    for key, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            data.add(key.replace("_", "-", 1) if key.startswith("task_") else key, item)
    return data


# -- reading the page ---------------------------------------------------------------


def test_every_trigger_of_child_protection_reads_back_exactly_as_written():
    doc = _pathway()
    for trigger in doc["triggers"]:
        errors: dict = {}
        data = MultiDict(
            [
                (k, item)
                for k, v in triggers.shown(trigger).items()
                for item in (v if isinstance(v, list) else [v])
            ]
        )
        when = trigger["on"].get("when")
        read = triggers.from_form(data, trigger, doc, when, errors, dates=_dates(doc))
        assert read == trigger, trigger["id"]
        assert errors == {}


def test_a_new_trigger_gets_an_id_and_a_task_with_its_timescale():
    doc = _pathway()
    errors: dict = {}
    data = _form(
        on="date_reached",
        **{"on-age": "16"},
        does="task",
        task_title="Plan for leaving care",
        task_amount="3",
        task_unit="months",
        task_weight="0.5",
        description="Pathway planning starts at 16.",
    )
    trigger = triggers.from_form(data, None, doc, None, errors)
    assert errors == {}
    assert trigger == {
        "id": "plan_for_leaving_care",
        "on": {"date_reached": {"child_age_years": 16}},
        "task": {
            "title": "Plan for leaving care",
            "due": {"calendar": {"months": 3}},
            "weight": 0.5,
        },
        "description": "Pathway planning starts at 16.",
    }
    assert triggers.words(trigger, {}) == (
        "When the child turns 16: give the task ‘Plan for leaving care’ (due in 3 months)"
    )


def test_a_date_answered_and_a_deadline_approaching_are_made_and_said_in_plain_words():
    doc = _pathway()
    titles = {s["id"]: s["title"] for s in doc["stages"]}
    errors: dict = {}
    answered = triggers.from_form(
        _form(
            on="date_answered",
            **{"on-answer": "first_review_conference.next_review_date", "on-days": "10"},
            does="task",
            task_title="Write the review report",
        ),
        None,
        doc,
        None,
        errors,
        dates=_dates(doc),
    )
    assert errors == {}
    assert answered["on"] == {
        "date_reached": {
            "answer": {"stage": "first_review_conference", "field": "next_review_date"},
            "days_before": 10,
        }
    }
    labels = {("first_review_conference", "next_review_date"): "Date of the next review"}
    assert triggers.words(answered, titles, doc, labels) == (
        "10 days before the date in ‘Date of the next review’ (answered in ‘First review "
        "conference’): give the task ‘Write the review report’"
    )
    deadline = triggers.from_form(
        _form(
            on="deadline_approaching",
            **{"on-deadline": "initial_child_protection_conference", "on-days": "3"},
            does="task",
            task_title="Send the report",
        ),
        None,
        doc,
        None,
        errors,
    )
    assert errors == {}
    # The conference's timescale counts working days, so the days before do too.
    assert triggers.words(deadline, titles, doc) == (
        "3 working days before ‘Initial child protection conference’ is due: give the task "
        "‘Send the report’"
    )
    assert triggers.words(
        {
            "on": {"deadline_approaching": {"stage": "first_review_conference", "days_before": 1}},
            "task": {"title": "x"},
        },
        titles,
        doc,
    ).startswith("1 day before ‘First review conference’ is due")


@pytest.mark.parametrize(
    ("values", "key", "words"),
    [
        ({}, "on", "Choose what starts this"),
        ({"on": "date_answered", "on-answer": "contact_referral.nope"}, "on-answer", "date"),
        (
            {"on": "deadline_approaching", "on-deadline": "initial_child_protection_conference"},
            "on-days",
            "from 1 to 365",
        ),
        (
            {"on": "deadline_approaching", "on-deadline": "nope", "on-days": "2"},
            "on-deadline",
            "stage with a timescale",
        ),
        ({"on": "date_reached", "on-age": "40"}, "on-age", "from 0 to 25"),
        ({"on": "date_reached", "on-age": "sixteen"}, "on-age", "whole years"),
        ({"on": "stage_completed", "on-stage": "nope"}, "on-stage", "Choose the stage"),
        ({"on": "case_opened"}, "does", "Choose what happens"),
        ({"on": "case_opened", "does": "start", "start": ""}, "start", "stage to start"),
        ({"on": "case_opened", "does": "task"}, "task-title", "Enter the task"),
        (
            {"on": "case_opened", "does": "task", "task-title": "x", "task-weight": "lots"},
            "task-weight",
            "from 0 to 100",
        ),
        (
            {"on": "case_opened", "does": "task", "task-title": "x", "task-amount": "-2"},
            "task-amount",
            "whole number",
        ),
        (
            {"on": "case_opened", "does": "task", "task-title": "x", "task-setting": "nope"},
            "task-setting",
            "timescale settings",
        ),
    ],
)
def test_each_mistake_is_named_next_to_its_input(values, key, words):
    errors: dict = {}
    triggers.from_form(MultiDict(values), None, _pathway(), None, errors)
    assert words in errors[key]


# -- operations ---------------------------------------------------------------------


def test_trigger_event_and_setting_operations_are_pure_and_by_id():
    doc = _pathway()
    new = {
        "id": "at_sixteen",
        "on": {"date_reached": {"child_age_years": 16}},
        "task": {"title": "x"},
    }
    after = pathway_ops.apply(doc, {"op": "add_trigger", "trigger": new})
    assert after["triggers"][-1] == new and doc["triggers"][-1]["id"] != "at_sixteen"
    with pytest.raises(OperationRefused, match="already a trigger"):
        pathway_ops.apply(after, {"op": "add_trigger", "trigger": new})
    changed = pathway_ops.apply(
        after, {"op": "replace_trigger", "id": "at_sixteen", "trigger": dict(new, id="other")}
    )
    assert changed["triggers"][-1]["id"] == "at_sixteen"  # the id is the address
    gone = pathway_ops.apply(changed, {"op": "delete_trigger", "id": "at_sixteen"})
    assert [t["id"] for t in gone["triggers"]] == [t["id"] for t in doc["triggers"]]
    with pytest.raises(OperationRefused, match="no trigger"):
        pathway_ops.apply(doc, {"op": "delete_trigger", "id": "nope"})

    event = {"id": "plan_made", "label": "Plan made"}
    with_event = pathway_ops.apply(doc, {"op": "add_event", "event": event})
    assert pathway_ops.apply(with_event, {"op": "delete_event", "id": "plan_made"}) == doc
    assert pathway_ops.summary({"op": "add_event", "event": event}) == "Added event 'plan_made'"


def test_an_event_or_setting_a_timescale_uses_cannot_be_deleted():
    doc = _pathway()
    with pytest.raises(OperationRefused, match="Strategy discussion: change that first"):
        pathway_ops.apply(doc, {"op": "delete_parameter", "id": "strategy_discussion_working_days"})
    with pytest.raises(OperationRefused, match="Contact and referral"):
        pathway_ops.apply(doc, {"op": "delete_event", "id": "referral_received"})


def test_a_problem_in_a_trigger_is_located_on_that_trigger():
    doc = _pathway()
    problem = Problem("CV507", "names stage 'x'", path="triggers[2].start")
    located = checking.locate(doc, problem)
    assert located.item == ("trigger", "repeat_review_conference")
    assert located.anchor == "trigger-repeat_review_conference"
    result = checking.CheckResult(None, [located], [])
    assert result.for_item("trigger", "repeat_review_conference") == [located]
    assert result.for_form() == []


def test_the_diagram_says_which_trigger_starts_a_stage_in_words():
    svg = str(diagram.svg(_pathway()))
    assert "Started by trigger T1" in svg  # contact and referral, when a case is opened
    assert re.search(r"Started by trigger T2</text>", svg)
    words = diagram.triggers(_pathway())
    assert words[0] == {
        "number": "T1",
        "id": "open_contact",
        "words": "When a case is opened: start ‘Contact and referral’",
    }


# -- over HTTP ----------------------------------------------------------------------


def _draft(client) -> str:
    url = post(client, "/designer/pathways/child_protection/draft").headers["Location"]
    return url.rsplit("/", 1)[0]


def _document(app, base: str) -> dict:
    with app.app_context():
        return service.get(int(base.rsplit("/", 1)[1])).document


def test_add_edit_and_delete_a_trigger(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    new = f"{base}/triggers"
    page = client.get(new).get_data(as_text=True)
    assert "When this happens" in page and 'name="csrf_token"' in page
    added = post(
        client,
        new,
        {
            "on": "stage_completed",
            "on-stage": "section_47_enquiry",
            "when-0-field": "section_47_enquiry.enquiry_outcome",
            "when-0-comparison": "equals",
            "when-0-value": "conference_needed",
            "does": "start",
            "start": "social_work_report_to_conference",
            "description": "The report starts as soon as the enquiry says so.",
        },
        page=new,
    )
    assert added.status_code == 302, added.get_data(as_text=True)[-3000:]
    assert added.headers["Location"].endswith("#trigger-start_social_work_report_to_conference")
    trigger = _document(app, base)["triggers"][-1]
    assert trigger["on"]["when"] == {
        "==": [{"var": "section_47_enquiry.enquiry_outcome"}, "conference_needed"]
    }
    overview = client.get(f"{base}/pathway").get_data(as_text=True)
    assert "The report starts as soon as the enquiry says so." in overview

    edit = f"{base}/triggers/start_social_work_report_to_conference"
    values = form_values(client.get(edit).get_data(as_text=True))
    values["description"] = "Changed."
    assert client.post(edit, data=values).status_code == 302
    assert _document(app, base)["triggers"][-1]["description"] == "Changed."

    overview = client.get(f"{base}/pathway").get_data(as_text=True)
    delete = f"{base}/triggers/start_social_work_report_to_conference/delete"
    assert delete in overview
    assert post(client, delete, page=f"{base}/pathway").status_code == 302
    assert _document(app, base)["triggers"][-1]["id"] == "first_review_date_coming"


def test_a_mistake_comes_back_with_everything_typed_and_a_summary_linking_to_it(
    client, synced, sign_in
):
    sign_in("dee")
    base = _draft(client)
    new = f"{base}/triggers"
    response = post(
        client,
        new,
        {
            "on": "date_reached",
            "on-age": "40",
            "does": "task",
            "task-title": "Plan <for> leaving care",
            "description": "Typed & kept",
        },
        page=new,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#on-age"' in page and "from 0 to 25" in page
    assert 'value="Plan &lt;for&gt; leaving care"' in page and "Typed &amp; kept" in page


def test_saving_untouched_trigger_pages_changes_nothing(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    before = _document(app, base)
    for trigger in before["triggers"]:
        url = f"{base}/triggers/{trigger['id']}"
        page = client.get(url).get_data(as_text=True)
        response = client.post(url, data=form_values(page))
        assert response.status_code == 302, (trigger["id"], response.get_data(as_text=True)[-2000:])
    assert _document(app, base) == before


def test_none_of_two_lists_opens_in_the_builder(client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    page = client.get(f"{base}/triggers/repeat_core_group").get_data(as_text=True)
    assert "more than the builder can say" not in page
    assert 'name="when-combine" type="radio" value="none" checked' in page
    assert 'name="when-1-values" type="checkbox" value="plan_ends_child_in_need" checked' in page


def test_a_condition_the_builder_cannot_show_is_read_only_and_kept(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    unsayable = {">": [{"+": [{"var": "core_group_review.core_group_scale"}, 1]}, 5]}
    with app.app_context():
        from casework.extensions import db
        from casework.models import User

        draft = service.get(int(base.rsplit("/", 1)[1]))
        doc = dict(draft.document)
        doc["triggers"] = [dict(t) for t in doc["triggers"]]
        for trigger in doc["triggers"]:
            if trigger["id"] == "repeat_core_group":
                trigger["on"] = dict(trigger["on"], when=unsayable)
        user = db.session.scalar(db.select(User).where(User.username == "dee"))
        service.edit(
            user, draft, {"op": "replace_document", "document": doc}, base_revision=draft.revision
        )
    url = f"{base}/triggers/repeat_core_group"
    page = client.get(url).get_data(as_text=True)
    assert "more than the builder can say" in page and f"{base}/yaml" in page
    assert 'name="when-0-field"' not in page
    values = form_values(page)
    values.add("when-0-field", "core_group_review.core_group_scale")  # ignored
    values["description"] = "Kept condition."
    assert client.post(url, data=values).status_code == 302
    trigger = next(t for t in _document(app, base)["triggers"] if t["id"] == "repeat_core_group")
    assert trigger["on"]["when"] == unsayable


def test_a_loader_problem_shows_next_to_the_trigger(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    with app.app_context():
        from casework.extensions import db
        from casework.models import User

        draft = service.get(int(base.rsplit("/", 1)[1]))
        doc = dict(draft.document)
        doc["triggers"] = [dict(t) for t in doc["triggers"]]
        doc["triggers"][0]["start"] = "no_such_stage"
        user = db.session.scalar(db.select(User).where(User.username == "dee"))
        service.edit(
            user, draft, {"op": "replace_document", "document": doc}, base_revision=draft.revision
        )
    overview = client.get(f"{base}/pathway").get_data(as_text=True)
    assert 'href="#trigger-open_contact"' in overview
    item = overview[overview.index('id="trigger-open_contact"') :][:2000]
    assert "CV507" in item
    assert "CV507" in client.get(f"{base}/triggers/open_contact").get_data(as_text=True)


def test_events_and_settings(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    added = post(
        client,
        f"{base}/events",
        {"label": "Plan agreed", "description": "The family agree the plan."},
        page=f"{base}/events",
    )
    assert added.headers["Location"].endswith("#event-plan_agreed")
    assert post(client, f"{base}/events", {"label": ""}, page=f"{base}/events").status_code == 400

    setting = post(
        client,
        f"{base}/settings",
        {"name": "Plan review", "description": "Review the plan.", "default": "6", "unit": "weeks"},
        page=f"{base}/settings",
    )
    assert setting.headers["Location"].endswith("#parameter-plan_review_weeks")
    bad = post(
        client,
        f"{base}/settings",
        {"name": "X", "description": "Y", "default": "soon", "unit": "weeks"},
        page=f"{base}/settings",
    )
    assert bad.status_code == 400 and "whole number from 0 to 3660" in bad.get_data(as_text=True)
    doc = _document(app, base)
    assert doc["events"][-1] == {
        "id": "plan_agreed",
        "label": "Plan agreed",
        "description": "The family agree the plan.",
    }
    assert doc["parameters"][-1] == {
        "id": "plan_review_weeks",
        "default": 6,
        "unit": "weeks",
        "description": "Review the plan.",
        "national": False,
    }
    # Unused: a warning (CV906) next to each, and they can be deleted.
    overview = client.get(f"{base}/pathway").get_data(as_text=True)
    assert "CV906" in overview[overview.index('id="event-plan_agreed"') :][:1500]
    for url in (f"{base}/events/plan_agreed/delete", f"{base}/settings/plan_review_weeks/delete"):
        assert post(client, url, page=f"{base}/pathway").status_code == 302
    assert _document(app, base)["events"][-1]["id"] != "plan_agreed"

    # Used ones are refused with the reason; national ones keep their length.
    post(client, f"{base}/events/referral_received/delete", page=f"{base}/pathway")
    assert "change that first" in client.get(f"{base}/pathway").get_data(as_text=True)
    national = f"{base}/settings/assessment_working_days"
    page = client.get(national).get_data(as_text=True)
    assert "National timescale set by statute" in page and 'name="default"' not in page
    values = form_values(page)
    values["default"] = "60"  # not on the page; ignored
    values["description"] = "Finish the assessment within 45 working days."
    assert client.post(national, data=values).status_code == 302
    param = next(
        p for p in _document(app, base)["parameters"] if p["id"] == "assessment_working_days"
    )
    assert param["default"] == 45 and param["description"].startswith("Finish the assessment")
    post(client, f"{national}/delete", page=f"{base}/pathway")
    assert "assessment_working_days" in [p["id"] for p in _document(app, base)["parameters"]]


def test_unknown_ids_are_404_and_team_managers_cannot_edit(client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    for url in ("triggers/nope", "events/nope", "settings/nope", "transitions/nope"):
        assert client.get(f"{base}/{url}").status_code == 404, url
    assert post(client, f"{base}/triggers/nope/delete").status_code == 404
    client.post("/sign-out", data={"csrf_token": _token(client)})
    sign_in("mo")
    assert client.get(f"{base}/triggers").status_code == 403
    overview = client.get(f"{base}/pathway").get_data(as_text=True)
    assert "Add a trigger" not in overview and "T1." in overview


def _token(client) -> str:
    from tests.casework.conftest import csrf_from

    return csrf_from(client.get("/").get_data(as_text=True))

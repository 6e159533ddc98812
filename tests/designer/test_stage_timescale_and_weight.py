"""A stage's timescale (a number or a timescale setting, counting and bank holidays)
and caseload weight, edited without YAML and never changed by saving an untouched page."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from designer.editor import service
from designer.editor.pathways import stage_form, timescales
from tests.designer.conftest import post
from tests.designer.page_forms import form_values

PARAMETERS = {
    "conference_days": {"id": "conference_days", "default": 15, "unit": "working_days"},
    "review_months": {"id": "review_months", "default": 3, "unit": "months"},
}


def test_a_timescale_setting_brings_its_own_unit():
    errors: dict = {}
    data = MultiDict({"setting": "review_months", "unit": "working_days", "start": "event:x"})
    due = timescales.from_form(data, errors, PARAMETERS)
    assert errors == {}
    assert due == {"from": {"event": "x"}, "calendar": {"months": {"parameter": "review_months"}}}
    assert timescales.shown(due)["setting"] == "review_months"


def test_counting_and_bank_holidays_are_kept_and_defaults_are_not_added():
    old = {
        "from": {"event": "x"},
        "working_days": 10,
        "counting": "start_day_excluded",
        "regions": "england",
    }
    data = MultiDict(timescales.shown(old))
    assert timescales.from_form(data, {}, PARAMETERS, old=old) == old
    fresh = MultiDict({"amount": "10", "unit": "working_days", "start": "event:x"})
    assert timescales.from_form(fresh, {}, PARAMETERS) == {
        "from": {"event": "x"},
        "working_days": 10,
    }
    wales = MultiDict({**fresh, "regions": "wales"})
    assert timescales.from_form(wales, {}, PARAMETERS)["regions"] == "wales"


def test_timescale_mistakes_are_named_next_to_their_input():
    cases = [
        ({"amount": "3", "setting": "review_months", "start": "event:x"}, "amount"),
        ({"amount": "9999", "unit": "days", "start": "event:x"}, "amount"),
        ({"amount": "3", "unit": "fortnights", "start": "event:x"}, "unit"),
        ({"amount": "3", "unit": "days", "start": "whenever"}, "start"),
        ({"setting": "nope", "start": "event:x"}, "setting"),
        ({"amount": "3", "unit": "days", "start": "event:x", "counting": "odd"}, "counting"),
    ]
    for values, key in cases:
        errors: dict = {}
        assert timescales.from_form(MultiDict(values), errors, PARAMETERS) is None
        assert list(errors) == [key], values


def test_weights_may_be_decimals_from_0_to_100():
    errors: dict = {}
    assert stage_form.weight_from_form("0.5", errors) == 0.5
    assert stage_form.weight_from_form("3", errors) == 3
    assert stage_form.weight_from_form("1", errors) is None  # the default
    assert stage_form.weight_from_form("1", errors, written=True) == 1
    assert stage_form.weight_from_form("", errors) is None
    assert errors == {}
    for bad in ("101", "-1", "heavy", "nan", "inf"):
        errors = {}
        stage_form.weight_from_form(bad, errors)
        assert "from 0 to 100" in errors["weight"], bad


def _draft(client) -> str:
    url = post(client, "/designer/pathways/child_protection/draft").headers["Location"]
    return url.rsplit("/", 1)[0]


def _document(app, base: str) -> dict:
    with app.app_context():
        return service.get(int(base.rsplit("/", 1)[1])).document


def test_saving_untouched_stage_pages_changes_nothing(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    before = _document(app, base)
    for stage in before["stages"]:
        url = f"{base}/stages/{stage['id']}"
        response = client.post(url, data=form_values(client.get(url).get_data(as_text=True)))
        assert response.status_code == 302, (stage["id"], response.get_data(as_text=True))
    assert _document(app, base) == before


def test_a_stage_uses_a_timescale_setting_and_a_decimal_weight(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    url = f"{base}/stages/child_protection_visit"
    values = form_values(client.get(url).get_data(as_text=True))
    values["weight"], values["amount"], values["regions"] = "0.5", "", "wales"
    values["setting"] = "core_group_interval_working_days"
    assert client.post(url, data=values).status_code == 302
    stage = next(s for s in _document(app, base)["stages"] if s["id"] == "child_protection_visit")
    assert stage["weight"] == 0.5
    assert stage["due"] == {
        "from": {"stage_started": "child_protection_visit"},
        "working_days": {"parameter": "core_group_interval_working_days"},
        "counting": "start_day_excluded",
        "regions": "wales",
    }
    values["weight"] = "heavy"
    response = client.post(url, data=values)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'href="#weight"' in page and 'value="heavy"' in page

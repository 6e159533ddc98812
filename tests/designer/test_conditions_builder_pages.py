"""The conditions builder on a question's page and a transition's page, without
JavaScript: "Add another condition", "Remove", "Update this condition" and "Try this
rule" post the whole page, which comes back with everything typed kept and nothing
saved; the answers to choose from are the question's own; the rule is a sentence."""

from __future__ import annotations

import re

from designer.editor import service
from tests.designer.conftest import post
from tests.designer.page_forms import form_values

FIELD = "next_review_date"  # shown when the decision is "the plan continues"
GONE = "reason_for_closure"  # cin_review: shown when the decision is one of two answers
CP_REVIEW = "review_child_protection_conference"  # it has a number: which review this is


def _form_draft(client, form: str = "cin_review") -> str:
    url = post(client, f"/designer/forms/{form}/draft").headers["Location"]
    return url.rsplit("/", 1)[0] if url.endswith("/structure") else url


def _document(app, base: str) -> dict:
    with app.app_context():
        return service.get(int(re.search(r"/drafts/(\d+)", base).group(1))).document


def _field(doc: dict, field_id: str) -> dict:
    for section in doc["sections"]:
        for field in section["fields"]:
            if field["id"] == field_id:
                return field
    raise KeyError(field_id)


def _visible(html: str) -> str:
    """The page's text outside the folded Advanced parts, as a person reads it."""
    html = re.sub(r"<details[^>]*data-advanced.*?</details>", "", html, flags=re.S)
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _press(client, url: str, values, button: str):
    values = values.copy()
    values["builder"] = button
    return client.post(url, data=values)


def test_is_one_of_opens_in_the_builder_with_the_questions_own_answers(client, synced, sign_in):
    sign_in("dee")
    base = _form_draft(client)
    page = client.get(f"{base}/fields/{GONE}").get_data(as_text=True)
    shown = _visible(page)
    assert "written by hand under" not in shown  # not the Advanced textarea
    assert 'name="show_if-0-values" type="checkbox" value="close" checked' in page
    assert 'name="show_if-0-values" type="checkbox" value="continue_plan">' in page
    assert (
        "Show this question only when ‘Decision’ is ‘Early help takes over’ or ‘Close the case’"
        in " ".join(shown.split())
    )
    for code in ("step_down_early_help", "single_choice", '{"', "var"):
        assert code not in shown, code


def test_add_and_remove_conditions_without_javascript_keep_what_was_typed(
    app, client, synced, sign_in
):
    sign_in("dee")
    base = _form_draft(client)
    url = f"{base}/fields/{FIELD}"
    before = _document(app, base)
    values = form_values(client.get(url).get_data(as_text=True))
    values["label"] = "When is the next review?"  # typed, not saved yet
    added = _press(client, url, values, "show_if add")
    page = added.get_data(as_text=True)
    assert added.status_code == 200
    assert 'name="show_if-1-field"' in page and 'value="When is the next review?"' in page
    assert _document(app, base) == before  # nothing saved

    values = form_values(page)
    values["show_if-1-field"] = "review_date"
    updated = _press(client, url, values, "show_if update").get_data(as_text=True)
    # A date question now offers date comparisons and a date to type.
    assert ">is before</option>" in updated and 'name="show_if-1-day"' in updated
    assert ">Today</option>" in updated  # or compare with today

    values = form_values(updated)
    values["show_if-1-comparison"] = "less_than"
    values["show_if-1-other"] = "today"
    values["show_if-combine"] = "any"
    removed = _press(client, url, values, "show_if remove 0").get_data(as_text=True)
    assert 'name="show_if-1-field"' not in removed
    assert 'name="show_if-0-field"' in removed
    assert "‘Date of the review’ is before today" in " ".join(_visible(removed).split())
    assert 'value="When is the next review?"' in removed
    assert _document(app, base) == before

    saved = client.post(url, data=form_values(removed))
    assert saved.status_code == 302, _visible(saved.get_data(as_text=True))[-2000:]
    field = _field(_document(app, base), FIELD)
    assert field["show_if"] == {"<": [{"var": "review_date"}, {"var": "today"}]}
    assert field["label"] == "When is the next review?"


def test_an_any_of_rule_with_is_one_of_and_a_number_saves_as_json_logic(
    app, client, synced, sign_in
):
    sign_in("dee")
    base = _form_draft(client, CP_REVIEW)
    url = f"{base}/fields/{FIELD}"
    values = form_values(client.get(url).get_data(as_text=True))
    values.setlist("show_if-0-values", ["plan_continues", "plan_ends_child_in_need"])
    values["show_if-0-comparison"] = "one_of"
    values["show_if-1-field"] = "review_number"
    values["show_if-1-comparison"] = "more_than"
    values["show_if-1-value"] = "2"
    values["show_if-combine"] = "any"
    response = client.post(url, data=values)
    assert response.status_code == 302, _visible(response.get_data(as_text=True))[-2000:]
    assert _field(_document(app, base), FIELD)["show_if"] == {
        "or": [
            {"in": [{"var": "review_decision"}, ["plan_continues", "plan_ends_child_in_need"]]},
            {">": [{"var": "review_number"}, 2]},
        ]
    }


def test_try_this_rule_says_whether_the_question_would_show(app, client, synced, sign_in):
    sign_in("dee")
    base = _form_draft(client)
    url = f"{base}/fields/{GONE}"
    before = _document(app, base)
    page = client.get(url).get_data(as_text=True)
    assert "Try this rule" in page and 'name="show_if-try-0"' in page
    values = form_values(page)
    values["show_if-try-0"] = "close"
    tried = _press(client, url, values, "show_if try")
    assert tried.status_code == 200
    assert "This question would show" in tried.get_data(as_text=True)
    values["show_if-try-0"] = "continue_plan"
    tried = _press(client, url, values, "show_if try").get_data(as_text=True)
    assert "This question would not show" in tried
    assert 'name="show_if-try-0" type="radio" value="continue_plan" checked' in tried
    # required_if reads the same question and answers for itself
    values["required_if-try-0"] = "close"
    tried = _press(client, url, values, "required_if try").get_data(as_text=True)
    assert "This question would have to be answered" in tried
    assert _document(app, base) == before


def test_trying_an_incomplete_rule_says_what_is_missing(client, synced, sign_in):
    sign_in("dee")
    base = _form_draft(client, CP_REVIEW)
    url = f"{base}/fields/{FIELD}"
    values = form_values(client.get(url).get_data(as_text=True))
    values["show_if-0-field"] = "review_number"
    values["show_if-0-comparison"] = "at_least"
    values["show_if-0-value"] = "lots"
    tried = _press(client, url, values, "show_if try")
    page = tried.get_data(as_text=True)
    assert tried.status_code == 200
    assert 'href="#show_if-0-value"' in page and "Enter a number to compare with" in page
    assert 'value="lots"' in page and "would show" not in page


def test_a_rule_the_builder_cannot_say_stays_under_advanced(app, client, synced, sign_in):
    sign_in("dee")
    base = _form_draft(client, CP_REVIEW)
    url = f"{base}/fields/{FIELD}"
    values = form_values(client.get(url).get_data(as_text=True))
    values["show_if-advanced"] = '{">": [{"+": [{"var": "review_number"}, 1]}, 3]}'
    assert client.post(url, data=values).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "written by hand under “Advanced”" in page
    assert re.search(r"<details[^>]*data-advanced open", page)
    assert client.post(url, data=form_values(page)).status_code == 302
    assert _field(_document(app, base), FIELD)["show_if"] == {
        ">": [{"+": [{"var": "review_number"}, 1]}, 3]
    }


def test_a_transition_is_tried_with_the_pathway_engine(app, client, synced, sign_in):
    sign_in("dee")
    url = post(client, "/designer/pathways/child_protection/draft").headers["Location"]
    base = url.rsplit("/", 1)[0]
    page_url = f"{base}/transitions/strategy_to_assessment"
    page = client.get(page_url).get_data(as_text=True)
    assert "more than the builder can say" not in page
    assert 'name="when-0-values" type="checkbox" value="section_47" checked' in page
    values = form_values(page)
    values["when-try-0"] = "child_and_family_assessment"
    tried = _press(client, page_url, values, "when try").get_data(as_text=True)
    assert "‘Child and family assessment’ would start" in tried
    values["when-try-0"] = "no_further_action"
    tried = _press(client, page_url, values, "when try").get_data(as_text=True)
    assert "‘Child and family assessment’ would not start" in tried
    added = _press(client, page_url, values, "when add").get_data(as_text=True)
    assert 'name="when-1-field"' in added

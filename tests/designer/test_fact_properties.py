"""A question's case fact, edited in the designer without YAML."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from designer.editor.forms import properties
from tests.designer.conftest import post

OLD = {
    "id": "child_address",
    "type": "long_text",
    "label": "Where the child lives now",
    "fact": "child.address",
}


def save(**data):
    form = MultiDict({"type": "long_text", "label": "Where the child lives now", **data})
    return properties.field_from_form(form, OLD, {"child_address": OLD})


def test_choosing_clearing_and_keeping_a_fact():
    field, errors = save(fact="child.school", fact_use="records")
    assert errors == {}
    assert (field["fact"], field["fact_use"]) == ("child.school", "records")
    field, _ = save(fact="child.address", fact_use="both")
    assert field["fact"] == "child.address" and "fact_use" not in field  # the default
    field, _ = save(fact="")
    assert "fact" not in field
    # A page without the controls (a question inside a repeating group) loses nothing.
    field, _ = save()
    assert field["fact"] == "child.address"


def test_the_choices_fit_the_question_and_are_named_in_words():
    dates = dict(properties.fact_choices("date", None))
    assert dates["child.date_of_birth"] == "The child: Child's date of birth"
    assert "child.address" not in dates
    assert "child.address" in dict(properties.fact_choices("date", "child.address"))


def test_a_fact_is_chosen_on_the_question_page_and_checked(client, synced, sign_in):
    sign_in("dee")
    url = post(client, "/designer/forms/strategy_discussion/draft").headers["Location"]
    draft_id = url.rstrip("/").split("/")[-1]
    field_url = f"/designer/drafts/{draft_id}/fields/concern_date"
    page = client.get(field_url).get_data(as_text=True)
    assert "Case fact this question holds" in page
    assert "The work so far: When we first had cause to suspect significant harm" in page
    # A fact that does not fit: the checker's CV312 is shown with the question.
    post(
        client,
        field_url,
        {"type": "date", "label": "When did we first have cause?", "fact": "child.address"},
        page=field_url,
    )
    page = client.get(field_url).get_data(as_text=True)
    assert "CV312" in page and "which a date field cannot hold" in page

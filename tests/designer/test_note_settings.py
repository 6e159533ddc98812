"""A case note type's settings set on the form's details page in plain words, without
YAML: is it a note, significant by default, which date, when it counts as a visit."""

from __future__ import annotations

import re

from casework.accounts import service as accounts
from designer.editor import service
from tests.designer.conftest import post
from tests.designer.page_forms import form_values


def _draft(client, form_id: str) -> str:
    return post(client, f"/designer/forms/{form_id}/draft").headers["Location"].rstrip("/")


def _document(app, base: str) -> dict:
    with app.app_context():
        return service.get(int(base.rsplit("/", 1)[1])).document


def _without_nones(value):
    # A draft made from the library holds an absent output template as None, which the
    # details page (before this change too) saves as absent: the same definition.
    if isinstance(value, dict):
        return {k: _without_nones(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nones(v) for v in value]
    return value


def _save(client, base: str, changes: dict, drop: tuple[str, ...] = ()) -> None:
    url = f"{base}/details"
    values = form_values(client.get(url).get_data(as_text=True))
    for key in drop:
        values.pop(key, None)
    for key, value in changes.items():
        values[key] = value
    response = client.post(url, data=values)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]


def test_saving_untouched_details_of_notes_and_forms_changes_nothing(app, client, synced, sign_in):
    sign_in("dee")
    for form_id in ("home_visit", "phone_call", "strategy_discussion", "cin_plan"):
        base = _draft(client, form_id)
        before = _document(app, base)
        _save(client, base, {})
        assert _without_nones(_document(app, base)) == _without_nones(before), form_id


def test_the_page_says_each_setting_in_words(app, client, synced, sign_in):
    sign_in("dee")
    page = client.get(f"{_draft(client, 'home_visit')}/details").get_data(as_text=True)
    assert "This is a case note" in page
    assert "Counts as a significant event for the chronology by default" in page
    assert "Which question gives the date of the contact" in page
    assert "When the child was seen (the answer to ‘Did you see the child?’ is Yes)" in page
    words = re.sub(r"<[^>]+>", " ", page)  # what the designer reads, not the markup
    for code in ("visit_when", "note_date", "case_note", "significant:", "var", "=="):
        assert code not in words, code
    # An ordinary form offers only what applies to it.
    page = client.get(f"{_draft(client, 'strategy_discussion')}/details").get_data(as_text=True)
    assert "This is a case note" in page and "Which question gives the date" not in page


def test_each_setting_changed_on_the_page_is_in_the_draft(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client, "home_visit")
    _save(client, base, {"significant": "yes", "visit_when": "never"})
    doc = _document(app, base)
    assert doc["significant"] is True and "visit_when" not in doc
    assert doc["kind"] == "case_note" and doc["note_date"] == "contact_date"

    _save(client, base, {"visit_when": "seen:child_seen_alone"}, drop=("significant",))
    doc = _document(app, base)
    assert doc["significant"] is False
    assert doc["visit_when"] == {"==": [{"var": "child_seen_alone"}, "yes"]}

    # No longer a note: the note-only settings go with it, so the draft still loads.
    _save(client, base, {}, drop=("is_case_note",))
    doc = _document(app, base)
    assert "kind" not in doc and "note_date" not in doc and "visit_when" not in doc
    with app.app_context():
        assert service.check(service.get(int(base.rsplit("/", 1)[1]))).ok

    # A form made a note takes its first date question as the date of the contact.
    _save(client, base, {"is_case_note": "yes"}, drop=("significant",))
    doc = _document(app, base)
    assert doc["kind"] == "case_note" and doc["note_date"] == "contact_date"
    assert doc["significant"] is False


def test_a_rule_written_in_yaml_is_shown_in_words_and_kept(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client, "home_visit")
    rule = {
        "and": [
            {"==": [{"var": "child_seen"}, "yes"]},
            {"==": [{"var": "child_seen_alone"}, "yes"]},
        ]
    }
    with app.test_request_context():
        draft = service.get(int(base.rsplit("/", 1)[1]))
        doc = dict(draft.document) | {"visit_when": rule}
        service.edit(
            accounts.find("dee"),
            draft,
            {"op": "replace_document", "document": doc},
            base_revision=draft.revision,
        )
    page = client.get(f"{base}/details").get_data(as_text=True)
    assert "Keep the current rule: when ‘Did you see the child?’" in page
    assert "‘Did you see the child on their own?’" in page
    _save(client, base, {"title": "Home visit (renamed)"})
    doc = _document(app, base)
    assert doc["visit_when"] == rule and doc["title"] == "Home visit (renamed)"

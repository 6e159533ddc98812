"""A case note type changed in the designer goes through review and publishing; the next
note is on the new version while an older note keeps the version it was written on."""

from __future__ import annotations

from casework.accounts import service as accounts
from casework.extensions import db
from casework.models import Case, Record
from casework.records import service as records
from tests.casework.conftest import csrf_from
from tests.casework.test_notes import SEEN, _case_with_visit_due, _note
from tests.designer.conftest import post

NEW_LABEL = "What will happen next, and who will do it"


def _sign_out(client):
    client.post("/sign-out", data={"csrf_token": csrf_from(client.get("/").get_data(as_text=True))})


def test_a_note_type_changed_reviewed_and_published_is_used_by_the_next_note(
    app, client, synced, sign_in
):
    case_id = _case_with_visit_due(app)
    older = _note(app, case_id, "home_visit", SEEN)
    with app.test_request_context():
        draft_before = records.get(
            accounts.find("pat"),
            _start_note(app, case_id),
            purpose=None,
        ).id

    sign_in("dee")
    url = post(client, "/designer/forms/home_visit/draft").headers["Location"]
    draft_id = url.rstrip("/").split("/")[-1]
    field_url = f"/designer/drafts/{draft_id}/fields/next_steps"
    page = client.get(field_url).get_data(as_text=True)
    assert "What happens next" in page
    saved = post(
        client,
        field_url,
        {"type": "long_text", "label": NEW_LABEL, "required": "yes"},
        page=field_url,
    )
    assert saved.status_code in (200, 302)
    review = f"/designer/drafts/{draft_id}/review"
    rationale = "Workers asked for the note to say who does each next step."
    assert (
        post(client, f"{review}/propose", {"rationale": rationale}, page=review).status_code == 302
    )
    _sign_out(client)
    sign_in("mo")
    assert post(client, f"{review}/view", {"view": "Clearer."}, page=review).status_code == 302
    assert post(client, f"{review}/approve", page=review).status_code == 302
    _sign_out(client)
    sign_in("dee")
    published = post(client, f"/designer/drafts/{draft_id}/publish", page=review)
    assert published.status_code == 302, published.get_data(as_text=True)[-2000:]

    newer = _note(app, case_id, "home_visit", SEEN | {"contact_date": "2026-11-03"})
    with app.app_context():
        old, new = db.session.get(Record, older), db.session.get(Record, newer)
        draft = db.session.get(Record, draft_before)
        assert (old.form_version.version, new.form_version.version) == (1, 2)
        assert records.form_of(new).fields_by_id["next_steps"].label == NEW_LABEL
        assert records.form_of(old).fields_by_id["next_steps"].label == "What happens next"
        # A draft begun before publishing stays on its version until its writer moves it.
        assert draft.form_version.version == 1
        assert records.form_of(new).kind == "case_note"


def _start_note(app, case_id: int) -> int:
    from casework.notes import service as notes

    case = db.session.get(Case, case_id)
    return notes.start(accounts.find("pat"), case, "home_visit").id

"""Two designers editing one draft: nothing either of them did is lost."""

from __future__ import annotations

import pytest

from casework.accounts import service as accounts
from casework.extensions import db
from casework.models.designer import DesignDraft
from designer.editor import service
from designer.editor.forms.operations import OperationRefused


@pytest.fixture
def draft_id(app, synced):
    with app.test_request_context():
        dee = accounts.find("dee")
        draft = service.start_new_form(dee, "Family network meeting")
        service.edit(
            dee, draft, {"op": "add_section", "section": {"id": "a", "title": "A"}}, base_revision=0
        )
        for n, label in enumerate(["First", "Second"]):
            service.edit(
                dee,
                draft,
                {
                    "op": "add_field",
                    "section": "a",
                    "field": {"id": f"q{n}", "type": "text", "label": label},
                },
                base_revision=draft.revision,
            )
        return draft.id


def _edit(app, username, draft_id, op, base):
    with app.test_request_context():
        draft = db.session.get(DesignDraft, draft_id)
        return service.edit(accounts.find(username), draft, op, base_revision=base)


def _doc(app, draft_id):
    with app.app_context():
        return db.session.get(DesignDraft, draft_id).document


def _field(doc, field_id):
    return next(f for s in doc["sections"] for f in s["fields"] if f["id"] == field_id)


def test_edits_to_different_questions_from_the_same_page_both_survive(app, draft_id):
    # Both designers opened the page at revision 3.
    one = _edit(
        app,
        "dee",
        draft_id,
        {"op": "replace_field", "id": "q0", "field": {"type": "text", "label": "First, reworded"}},
        3,
    )
    two = _edit(
        app,
        "dee",
        draft_id,
        {"op": "replace_field", "id": "q1", "field": {"type": "long_text", "label": "Second"}},
        3,
    )
    assert (one.revision, two.revision) == (4, 5) and two.merged and not two.conflicts
    doc = _doc(app, draft_id)
    assert _field(doc, "q0")["label"] == "First, reworded"
    assert _field(doc, "q1")["type"] == "long_text"


def test_different_properties_of_one_question_merge(app, draft_id):
    _edit(
        app,
        "dee",
        draft_id,
        {"op": "replace_field", "id": "q0", "field": {"type": "text", "label": "Relabelled"}},
        3,
    )
    result = _edit(
        app,
        "dee",
        draft_id,
        {
            "op": "replace_field",
            "id": "q0",
            "field": {"type": "text", "label": "First", "hint": "A hint"},
        },
        3,
    )
    assert not result.conflicts
    field = _field(_doc(app, draft_id), "q0")
    assert field == {"id": "q0", "type": "text", "label": "Relabelled", "hint": "A hint"}


def test_the_same_property_changed_twice_is_a_conflict_not_an_overwrite(app, draft_id):
    _edit(
        app,
        "dee",
        draft_id,
        {"op": "replace_field", "id": "q0", "field": {"type": "text", "label": "Dee's wording"}},
        3,
    )
    result = _edit(
        app,
        "dee",
        draft_id,
        {"op": "replace_field", "id": "q0", "field": {"type": "text", "label": "Other wording"}},
        3,
    )
    assert result.conflicts and "label of field 'q0'" in result.conflicts[0]
    assert _field(_doc(app, draft_id), "q0")["label"] == "Dee's wording"


def test_an_add_and_a_move_made_on_the_same_revision_both_apply(app, draft_id):
    _edit(
        app,
        "dee",
        draft_id,
        {
            "op": "add_field",
            "section": "a",
            "field": {"id": "q2", "type": "text", "label": "Third"},
        },
        3,
    )
    _edit(app, "dee", draft_id, {"op": "move_field", "id": "q1", "direction": "up"}, 3)
    ids = [f["id"] for f in _doc(app, draft_id)["sections"][0]["fields"]]
    assert ids == ["q1", "q0", "q2"]


def test_a_page_from_the_future_is_refused(app, draft_id):
    with pytest.raises(OperationRefused):
        _edit(app, "dee", draft_id, {"op": "delete_field", "id": "q0"}, 99)


def test_every_edit_is_kept_with_its_snapshot(app, draft_id):
    with app.app_context():
        draft = db.session.get(DesignDraft, draft_id)
        revisions = [e.revision for e in service.history(draft)]
        assert revisions == [3, 2, 1, 0]
        assert service.snapshot(draft, 1)["sections"] == [{"id": "a", "title": "A", "fields": []}]


def test_two_workers_racing_on_one_draft_both_keep_their_edit(app, draft_id):
    """Both read revision 3 and write at once: the optimistic lock makes one of them
    lose the race, merge against the winner and save again."""
    import threading

    barrier = threading.Barrier(2)
    results, failures = [], []

    def worker(field_id: str, label: str) -> None:
        try:
            with app.test_request_context():
                draft = db.session.get(DesignDraft, draft_id)
                user = accounts.find("dee")
                assert draft.revision == 3
                barrier.wait(timeout=10)
                op = {
                    "op": "replace_field",
                    "id": field_id,
                    "field": {"type": "text", "label": label},
                }
                results.append(service.edit(user, draft, op, base_revision=3))
                db.session.remove()
        except Exception as exc:  # noqa: BLE001 - reported below with the thread's error
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=a) for a in (("q0", "One"), ("q1", "Two"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failures == []
    assert sorted(r.revision for r in results) == [4, 5]
    doc = _doc(app, draft_id)
    assert (_field(doc, "q0")["label"], _field(doc, "q1")["label"]) == ("One", "Two")

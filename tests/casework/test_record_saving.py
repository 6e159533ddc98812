"""Saving never loses work: idempotent retries, field-level merges, visible conflicts."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from casework.accounts import service as accounts
from casework.cases import service as cases
from casework.extensions import db
from casework.library import service as library
from casework.models import Record, RecordSave, StageInstance
from casework.records import saving
from casework.records import service as records


@pytest.fixture
def record_id(app, demo_users):
    with app.test_request_context():
        library.sync(app.config["LIBRARY_PATH"])
        pat = accounts.find("pat")
        case = cases.open_case(
            pat,
            pathway_id="child_protection",
            child=cases.NewChild("Amelia", "Brook", date(2018, 4, 2)),
            referral_received=date(2026, 11, 20),
        )
        instance = db.session.scalar(select(StageInstance).where(StageInstance.case_id == case.id))
        return records.start(pat, case, instance).id


def _save(app, username, record_id, changes, base, key, page=None):
    with app.test_request_context():
        user = accounts.find(username)
        record = db.session.get(Record, record_id)
        return saving.save(
            user, record, changes, base_revision=base, idempotency_key=key, page_id=page
        )


def test_a_new_record_is_prefilled_from_the_case_and_says_where_from(app, record_id):
    with app.app_context():
        record = db.session.get(Record, record_id)
        assert record.revision == 0
        filled = {k: v for k, v in record.prefill_sources.items() if "source" in v}
        assert filled, "the referral form pre-fills the child's details from the case"
        assert all(v["label"] == "the case record" for v in filled.values())
        assert "Amelia Brook" in record.answers.values()


def test_each_save_moves_the_revision_on_and_is_kept(app, record_id):
    first = _save(app, "pat", record_id, {"a": "one"}, 0, "k1")
    second = _save(app, "pat", record_id, {"b": "two"}, first.revision, "k2")
    assert (first.revision, second.revision) == (1, 2)
    with app.app_context():
        record = db.session.get(Record, record_id)
        assert record.answers["a"] == "one" and record.answers["b"] == "two"
        assert db.session.scalar(select(db.func.count(RecordSave.id))) == 2


def test_a_repeated_save_with_the_same_key_changes_nothing(app, record_id):
    first = _save(app, "pat", record_id, {"a": "one"}, 0, "same-key")
    again = _save(app, "pat", record_id, {"a": "one"}, 0, "same-key")
    assert again.replayed and again.revision == first.revision == 1
    with app.app_context():
        assert db.session.get(Record, record_id).revision == 1


def test_two_people_changing_different_answers_both_keep_their_work(app, record_id):
    _save(app, "pat", record_id, {"a": "pat's answer"}, 0, "pat-1")
    late = _save(app, "sam", record_id, {"b": "sam's answer"}, 0, "sam-1")
    assert late.conflicts == {} and late.applied == ["b"]
    with app.app_context():
        answers = db.session.get(Record, record_id).answers
        assert answers["a"] == "pat's answer" and answers["b"] == "sam's answer"


def test_two_people_changing_the_same_answer_get_a_conflict_not_a_lost_update(app, record_id):
    _save(app, "pat", record_id, {"a": "pat's answer"}, 0, "pat-1")
    late = _save(app, "sam", record_id, {"a": "sam's answer", "b": "fine"}, 0, "sam-1")
    assert late.conflicts == {"a": {"yours": "sam's answer", "theirs": "pat's answer"}}
    assert late.applied == ["b"]
    with app.app_context():
        answers = db.session.get(Record, record_id).answers
        assert answers["a"] == "pat's answer"  # nobody's work was overwritten
        saves = db.session.scalars(select(RecordSave).order_by(RecordSave.id)).all()
        assert [s.changes for s in saves] == [{"a": "pat's answer"}, {"b": "fine"}]


def test_a_submitted_record_cannot_be_edited(app, record_id):
    with app.test_request_context():
        record = db.session.get(Record, record_id)
        record.status = "completed"
        db.session.commit()
    with pytest.raises(saving.RecordLocked):
        _save(app, "pat", record_id, {"a": "late"}, 0, "late")


def test_a_racing_writer_loses_the_optimistic_lock_and_merges_instead(app, record_id):
    with app.test_request_context():
        pat = accounts.find("pat")
        record = db.session.get(Record, record_id)
        # Another worker commits revision 1 behind this session's back.
        db.session.execute(
            db.update(Record)
            .where(Record.id == record_id)
            .values(revision=1, answers={"x": "other"})
        )
        db.session.add(
            RecordSave(
                record_id=record_id,
                idempotency_key="other",
                base_revision=0,
                revision=1,
                kind="autosave",
                changes={"x": "other"},
                user_id=pat.id,
            )
        )
        db.session.commit()
        result = saving.save(pat, record, {"y": "mine"}, base_revision=0, idempotency_key="mine")
        assert result.revision == 2 and result.applied == ["y"]
        db.session.refresh(record)
        assert record.answers == {"x": "other", "y": "mine"}


def test_a_page_based_on_an_old_revision_changes_only_what_its_author_changed(app, record_id):
    _save(app, "pat", record_id, {"a": "first"}, 0, "pat-1")  # revision 1
    _save(app, "sam", record_id, {"a": "sam's edit"}, 1, "sam-1")  # revision 2
    with app.test_request_context():
        record = db.session.get(Record, record_id)
        # Pat's page still shows revision 1: "a" as it was then, and a new answer "b".
        page = {"a": "first", "b": "new from pat"}
        assert saving.changes_from_page(record, page, 1) == {"b": "new from pat"}
        # Had Pat also edited "a", that is a real change, and a conflict with Sam's.
        changed = saving.changes_from_page(record, {"a": "pat's edit"}, 1)
        result = saving.save(
            accounts.find("pat"), record, changed, base_revision=1, idempotency_key="pat-2"
        )
        assert result.conflicts == {"a": {"yours": "pat's edit", "theirs": "sam's edit"}}


def test_a_save_tells_the_page_what_others_changed_so_it_cannot_send_stale_copies(app, record_id):
    """Found by bench/load_autosave.py: B saves "identity" (revision 1); A saves another
    field on revision 0 and is told revision 2. Unless A's page also learns B's value,
    its next save at revision 2 sends its stale "identity" back as an edit."""
    _save(app, "sam", record_id, {"identity": "Sam's words"}, 0, "b-1", page="sams-page")
    result = _save(app, "pat", record_id, {"health": "Pat's words"}, 0, "a-1", page="pats-page")
    assert result.revision == 2 and result.applied == ["health"]
    assert result.updated == {"identity": "Sam's words"}
    # The page is told to keep its base, so its stale copy is never taken for an edit.
    assert result.as_json()["revision"] == 0 and result.as_json()["latest_revision"] == 2
    with app.test_request_context():
        record = db.session.get(Record, record_id)
        stale_page = {"identity": None, "health": "Pat's words, more"}
        changed = saving.changes_from_page(record, stale_page, 0)
        assert changed == {"health": "Pat's words, more"}
        saving.save(
            accounts.find("pat"),
            record,
            changed,
            base_revision=0,
            idempotency_key="a-2",
            page_id="pats-page",
        )
        db.session.refresh(record)
        assert record.answers["identity"] == "Sam's words"
        assert record.answers["health"] == "Pat's words, more"

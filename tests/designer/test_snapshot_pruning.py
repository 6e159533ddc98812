"""Old snapshots of a draft are pruned, never one a merge or the review still needs."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from casework import audit
from casework.extensions import db
from casework.models import User
from casework.models.designer import DraftApproval, DraftEdit
from casework.models.time import utcnow
from designer.editor import service
from designer.editor import snapshots_service as snapshots
from designer.editor.forms.operations import OperationRefused

NOW = datetime(2026, 11, 23, 12, 0)
OLD = NOW - timedelta(days=3)


def test_the_latest_recent_and_referenced_revisions_are_kept():
    edits = [(r, OLD) for r in range(50)]
    cleared = snapshots.to_clear(edits, current=49, referenced={3}, now=NOW)
    assert cleared == set(range(30)) - {3}  # the latest 20 are 30..49

    recent = [(r, OLD if r < 10 else NOW - timedelta(hours=2)) for r in range(50)]
    assert snapshots.to_clear(recent, current=49, referenced=(), now=NOW) == set(range(10))

    # Published: nothing merges any more, so only the last and the referenced stay.
    closed = snapshots.to_clear(recent, current=49, referenced={3}, now=NOW, closed=True)
    assert closed == set(range(49)) - {3}


def _user(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def _add_sections(user, draft, count: int) -> None:
    for n in range(count):
        service.edit(
            user,
            draft,
            {"op": "add_section", "section": {"id": f"s{n}", "title": f"Section {n}"}},
            base_revision=draft.revision,
        )


def test_pruning_keeps_history_lines_and_never_merges_against_a_missing_base(app, synced):
    with app.app_context():
        dee = _user("dee")
        draft = service.start_new_form(dee, "Pruning test")
        _add_sections(dee, draft, 30)
        # Every edit prunes, but everything is less than a day old: all kept.
        assert all(service.snapshot(draft, r) is not None for r in range(31))

        db.session.add(DraftApproval(draft_id=draft.id, user_id=dee.id, revision=4, at=utcnow()))
        db.session.commit()
        cleared = snapshots.prune(draft, now=utcnow() + timedelta(days=2))
        assert cleared == 10  # revisions 0..10 except the approved 4
        assert service.snapshot(draft, 4) is not None
        assert service.snapshot(draft, 5) is None and service.snapshot(draft, 11) is not None
        assert snapshots.prune(draft, now=utcnow() + timedelta(days=2)) == 0  # idempotent
        # The history keeps every line; only the documents went.
        lines = db.session.scalars(select(DraftEdit).where(DraftEdit.draft_id == draft.id))
        assert len(list(lines)) == 31

        # A page based on a pruned revision is told to reload; nothing is merged.
        op = {"op": "add_section", "section": {"id": "late", "title": "Late"}}
        with pytest.raises(OperationRefused, match="reload"):
            service.edit(dee, draft, op, base_revision=5)
        # A page based on a kept revision still merges with what was saved since.
        result = service.edit(dee, draft, op, base_revision=20)
        assert result.applied and result.merged
        ids = [s["id"] for s in draft.document["sections"]]
        assert "late" in ids and "s29" in ids


def test_a_proposed_revision_is_kept_and_a_published_draft_keeps_only_what_was_reviewed(
    app, synced
):
    with app.app_context():
        dee = _user("dee")
        draft = service.start_new_form(dee, "Proposed pruning")
        _add_sections(dee, draft, 3)
        # What review.propose records: the revision the working group was asked about.
        audit.record(
            "design_proposed",
            user=dee,
            record_type="design_draft",
            record_id=draft.id,
            detail={"revision": draft.revision},
        )
        proposed = draft.revision
        for n in range(25):
            op = {"op": "add_section", "section": {"id": f"t{n}", "title": f"T {n}"}}
            service.edit(dee, draft, op, base_revision=draft.revision)
        snapshots.prune(draft, now=utcnow() + timedelta(days=2))
        assert service.snapshot(draft, proposed) is not None
        assert service.snapshot(draft, proposed - 1) is None

        draft.status = "published"
        db.session.commit()
        snapshots.prune(draft)  # published: the recent ones go too
        kept = [r for r in range(draft.revision + 1) if service.snapshot(draft, r) is not None]
        assert kept == [proposed, draft.revision]

"""Page views' audit entries share a durable commit (casework/auditing/group.py), and the
chain stays one unbroken, verifiable chain: across threads, across processes, and with
entries written the one-transaction-each way in between."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from casework import audit
from casework.auditing import chain, group
from casework.auditing.verify import walk
from casework.extensions import db
from casework.models import Team
from tests.conftest import TEST_CONFIG

ROOT = Path(__file__).resolve().parents[2]


def _committed(database_url: str, entry_id: int) -> tuple[str, list[int]] | None:
    """The entry's hash and cases as another connection sees them (committed only)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT hash FROM audit_events WHERE id = :id"), {"id": entry_id}
            ).scalar()
            cases = connection.execute(
                text("SELECT case_id FROM audit_event_cases WHERE event_id = :id ORDER BY 1"),
                {"id": entry_id},
            ).scalars()
            return (found, list(cases)) if found else None
    finally:
        engine.dispose()


def _verify(app) -> tuple[list, int]:
    with app.app_context(), db.engine.connect() as connection:
        result = walk(connection, chain.key_from_config(app.config), stop_after=0)
    return result.breaks, result.checked


def test_each_view_returns_only_once_its_entry_is_committed_and_the_chain_verifies(
    app, database_url
):
    seen_committed = []

    def view(worker: int) -> None:
        with app.test_request_context(f"/cases/{worker}"):
            for n in range(6):
                entry = audit.record("record_viewed", username=f"w{worker}", case_ids=[worker, n])
                # Checked from outside this process's sessions the moment record() returns.
                seen_committed.append(
                    _committed(database_url, entry.id) == (entry.hash, sorted({worker, n}))
                )
            db.session.remove()

    threads = [threading.Thread(target=view, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen_committed == [True] * 48
    assert _verify(app) == ([], 48)


def _hold_the_chain_lock(app, database_url):
    """Another writer holding the chain's lock, as a page view in another process would."""
    engine = create_engine(database_url)
    connection = engine.connect()
    chain.lock_and_read_head(connection)
    return engine, connection


def test_views_waiting_while_a_batch_is_written_share_the_next_commit(app, database_url):
    with app.app_context():
        committer = group.committer_for(db.engine, chain.key_from_config(app.config))
    before = committer.batches
    engine, holder = _hold_the_chain_lock(app, database_url)
    returned = []

    def view(n: int) -> None:
        with app.test_request_context("/records/1"):
            returned.append(audit.record("record_viewed", username=f"v{n}").id)
            db.session.remove()

    leader = threading.Thread(target=view, args=(0,))
    leader.start()
    deadline = time.monotonic() + 10
    while not committer._writing and time.monotonic() < deadline:
        time.sleep(0.01)
    followers = [threading.Thread(target=view, args=(n,)) for n in range(1, 6)]
    for thread in followers:
        thread.start()
    while len(committer._pending) < 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert returned == []  # nobody is shown anything while their entry is unwritten
    holder.rollback()  # the other writer finishes
    holder.close()
    engine.dispose()
    for thread in [leader, *followers]:
        thread.join()
    assert sorted(returned) == [1, 2, 3, 4, 5, 6]
    assert committer.batches - before == 2  # the leader's entry, then the five together
    assert _verify(app) == ([], 6)


def test_a_view_after_the_request_changed_something_commits_both_together(app, database_url):
    """An entry whose request already wrote is committed with that change, as before."""
    with app.test_request_context("/teams"):
        db.session.add(Team(name="Eastfield"))
        entry = audit.record("team_created", username="mo")
        db.session.remove()
    engine = create_engine(database_url)
    with engine.connect() as connection:
        names = connection.execute(text("SELECT name FROM teams")).scalars().all()
    engine.dispose()
    assert "Eastfield" in names
    assert _committed(database_url, entry.id) is not None
    assert _verify(app) == ([], 1)


WRITER = """
import json, sys, threading
from casework import audit, create_app
from casework.extensions import db
app = create_app({**json.loads(sys.argv[1]), "SQLALCHEMY_DATABASE_URI": sys.argv[2]})
def view(worker):
    with app.test_request_context("/records/1"):
        for n in range(10):
            audit.record("record_viewed", username=sys.argv[3] + str(worker), detail={"n": n})
        db.session.remove()
threads = [threading.Thread(target=view, args=(w,)) for w in range(4)]
[t.start() for t in threads]
[t.join() for t in threads]
"""


def test_two_processes_writing_at_once_make_one_chain(app, database_url):
    """As two gunicorn workers do: each batch reads the head under the chain's lock."""
    config = json.dumps(TEST_CONFIG)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, config, database_url, name],
            cwd=ROOT,
            stderr=subprocess.PIPE,
        )
        for name in ("a", "b")
    ]
    for writer in writers:
        _, stderr = writer.communicate(timeout=300)
        assert writer.returncode == 0, stderr.decode()
    with app.app_context():
        audit.record("record_viewed", username="after")  # appends onto their chain
        db.session.remove()
    assert _verify(app) == ([], 81)

"""The audit log is a keyed hash chain that `convivial audit verify` can prove.

Each tampering test drops the append-only triggers first, as someone who owns the
database could, then changes the table with plain SQL.
"""

from __future__ import annotations

import threading

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from casework import audit, database
from casework.auditing import chain
from casework.auditing.verify import walk
from casework.cli import main
from casework.extensions import db
from tests.casework import audit_tampering
from tests.conftest import TEST_CONFIG

tamper = audit_tampering.tamper  # the fixture, shared with the other audit tests


def _cli(database_url: str, *args: str):
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": TEST_CONFIG["SECRET_KEY"],
        "CONVIVIAL_ENV": "test",
    }
    return CliRunner().invoke(main, ["audit", *args], env=env)


@pytest.fixture
def five_entries(app):
    with app.test_request_context("/cases/1", environ_base={"REMOTE_ADDR": "10.0.0.9"}):
        for number in range(1, 6):
            audit.record(f"entry_{number}", username="pat", detail={"n": number})
        db.session.remove()


def test_an_untouched_log_verifies_and_its_head_can_be_kept(app, database_url, five_entries):
    result = _cli(database_url, "verify")
    assert result.exit_code == 0, result.output
    assert "intact: 5 entries checked" in result.output
    head = _cli(database_url, "head")
    digest, _, entry_id = head.output.split()[:3]
    assert entry_id == "5" and len(digest) == 64
    assert _cli(database_url, "verify", "--expect-head", digest).exit_code == 0


def test_each_entry_seals_the_one_before_it(app, five_entries):
    with app.app_context():
        rows = db.session.execute(text("SELECT id, prev_hash, hash FROM audit_events ORDER BY id"))
        rows = rows.all()
    assert rows[0].prev_hash == chain.GENESIS
    assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
    assert len({r.hash for r in rows}) == 5


def _fails_naming(database_url: str, entry_id: int, words: str) -> None:
    result = _cli(database_url, "verify")
    assert result.exit_code == 1, result.output
    assert f"Entry {entry_id} (" in result.output
    assert words in result.output


def test_an_edited_entry_is_named(database_url, five_entries, tamper):
    tamper("UPDATE audit_events SET username = 'someone else' WHERE id = 3")
    _fails_naming(database_url, 3, "content does not match its seal")


def test_an_edited_time_is_named(database_url, five_entries, tamper):
    tamper("UPDATE audit_events SET at = '2020-01-01 00:00:00' WHERE id = 2")
    _fails_naming(database_url, 2, "content does not match its seal")


def test_a_deleted_entry_is_named_by_the_one_after_it(database_url, five_entries, tamper):
    tamper("DELETE FROM audit_events WHERE id = 3")
    _fails_naming(database_url, 4, "does not follow entry 2")


def test_deleting_the_first_entries_is_noticed(database_url, five_entries, tamper):
    tamper("DELETE FROM audit_events WHERE id <= 2")
    _fails_naming(database_url, 3, "does not follow the start of the log")


def test_a_forged_entry_inserted_at_the_end_is_named(database_url, five_entries, tamper):
    # A forger who copies the head's hash still cannot seal without the key.
    tamper(
        "INSERT INTO audit_events (id, at, username, action, detail, prev_hash, hash) "
        "SELECT 6, at, 'ghost', 'case_viewed', '{}', hash, hash FROM audit_events WHERE id = 5"
    )
    _fails_naming(database_url, 6, "content does not match its seal")


def test_an_entry_inserted_in_the_middle_is_named(database_url, five_entries, tamper):
    tamper(
        "DELETE FROM audit_events WHERE id = 3",
        "INSERT INTO audit_events (id, at, username, action, detail) "
        "VALUES (3, '2026-01-01 00:00:00', 'ghost', 'entry_3', '{}')",
    )
    _fails_naming(database_url, 3, "no seal")


def test_an_unsealed_insert_with_a_spare_id_is_named(database_url, five_entries, tamper):
    tamper(
        "INSERT INTO audit_events (id, at, username, action, detail) "
        "VALUES (100, '2026-01-01 00:00:00', 'ghost', 'case_viewed', '{}')"
    )
    _fails_naming(database_url, 100, "no seal")


def test_reordered_entries_are_named(database_url, five_entries, tamper):
    # Swap entries 2 and 4 whole, seals and all: only the ids change places.
    tamper(
        "UPDATE audit_events SET id = 1002 WHERE id = 2",
        "UPDATE audit_events SET id = 2 WHERE id = 4",
        "UPDATE audit_events SET id = 4 WHERE id = 1002",
    )
    _fails_naming(database_url, 2, "does not follow entry 1")


def test_removing_the_newest_entries_fails_against_a_kept_head(database_url, five_entries, tamper):
    kept = _cli(database_url, "head").output.split()[0]
    tamper("DELETE FROM audit_events WHERE id = 5")
    assert _cli(database_url, "verify").exit_code == 0  # a shorter chain is still a chain
    result = _cli(database_url, "verify", "--expect-head", kept)
    assert result.exit_code == 1
    assert kept in result.output and "not in the chain" in result.output


def test_hiding_a_view_from_a_case_is_named(app, database_url, tamper):
    with app.test_request_context():
        audit.record("cases_listed", case_ids=[41, 42])
        audit.record("sign_out")
    tamper("DELETE FROM audit_event_cases WHERE case_id = 42")
    _fails_naming(database_url, 1, "content does not match its seal")


def test_a_chain_sealed_with_another_key_fails(app, database_url, five_entries):
    env = {"DATABASE_URL": database_url, "SECRET_KEY": "x", "AUDIT_KEY": "a different key"}
    result = CliRunner().invoke(main, ["audit", "verify"], env={**env, "CONVIVIAL_ENV": "test"})
    assert result.exit_code == 1
    assert "Entry 1 (" in result.output


def test_writers_on_many_threads_make_one_chain(app):
    def write(worker: int) -> None:
        with app.test_request_context():
            for n in range(10):
                audit.record("concurrent", username=f"w{worker}", detail={"n": n})
            db.session.remove()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context(), db.engine.connect() as connection:
        result = walk(connection, chain.key_from_config(app.config), stop_after=0)
    assert result.breaks == [] and result.checked == 40


def test_the_migration_seals_entries_already_in_the_log(tmp_path):
    url = f"sqlite:///{tmp_path}/old.sqlite3"
    database.upgrade(url, "0005")
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_events (id, at, username, action, record_type, record_id, "
                "detail) VALUES (1, '2026-11-01 09:00:00.000000', 'pat', 'sign_in', NULL, "
                "NULL, '{}'), (2, '2026-11-01 09:01:00.000000', 'pat', 'case_viewed', 'case', "
                "'7', '{\"a\": 1}')"
            )
        )
    with pytest.raises(RuntimeError, match="audit key"):
        database.upgrade(url)
    key = chain.key_from_config({"SECRET_KEY": "old-service-key"})
    database.upgrade(url, audit_key=key)
    with engine.connect() as connection:
        result = walk(connection, key)
    engine.dispose()
    assert result.ok and result.checked == 2


def test_the_lock_is_held_before_the_head_is_read(app, database_url):
    """Another writer cannot take the chain's lock between reading the head and commit."""
    with app.app_context():
        connection = db.session.connection()
        chain.lock_and_read_head(connection)
        if db.engine.dialect.name == "sqlite":
            import sqlite3

            other = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()
        else:
            from sqlalchemy import create_engine

            engine = create_engine(database_url)
            with engine.connect() as other:
                taken = other.execute(
                    text("SELECT pg_try_advisory_xact_lock(:id)"), {"id": chain.POSTGRES_LOCK_ID}
                ).scalar()
            engine.dispose()
            assert taken is False
        db.session.rollback()


def test_an_entry_naming_a_long_list_of_cases_keeps_every_one_and_verifies(app, database_url):
    """A list view names each child shown: every one is kept and sealed."""
    named = list(range(1, 1207))
    with app.test_request_context("/"):
        entry = audit.record("work_list_viewed", username="mo", case_ids=named)
        stored = db.session.scalars(
            text("SELECT case_id FROM audit_event_cases WHERE event_id = :e ORDER BY case_id"),
            {"e": entry.id},
        ).all()
    assert stored == named
    assert _cli(database_url, "verify").exit_code == 0

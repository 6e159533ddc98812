"""The seal is the same bytes it always was: entries sealed before the audit entry's write
was made cheaper (issue 17) still verify, and a new entry's seal is what the old code
would have computed over the row as stored."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime

import pytest
import time_machine
from click.testing import CliRunner
from sqlalchemy import text

from casework import audit
from casework.auditing import chain
from casework.cli import main
from casework.extensions import db
from tests.conftest import TEST_CONFIG

KEY = chain.key_from_config({"SECRET_KEY": TEST_CONFIG["SECRET_KEY"]})


def _sealed_as_before(key: bytes, entry: dict, case_ids, prev_hash: str) -> str:
    """chain.seal as it was before issue 17's changes, kept here word for word."""

    def detail(value):
        if isinstance(value, str):
            return json.loads(value)
        return json.loads(json.dumps(value)) if value is not None else {}

    content = {
        "id": entry["id"],
        "at": chain._when(entry["at"]),
        "user_id": entry["user_id"],
        "username": entry["username"],
        "action": entry["action"],
        "record_type": entry["record_type"],
        "record_id": entry["record_id"],
        "detail": detail(entry["detail"]),
        "ip_address": entry["ip_address"],
        "user_agent": entry["user_agent"],
        "path": entry["path"],
        "cases": sorted(int(c) for c in case_ids),
        "prev": prev_hash,
    }
    message = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


ENTRY = {
    "id": 41,
    "at": datetime(2026, 12, 6, 9, 30, 0, 120000),
    "user_id": 3,
    "username": "pat",
    "action": "record_viewed",
    "record_type": "record",
    "record_id": "141",
    "detail": {},
    "ip_address": "10.0.0.9",
    "user_agent": "Mozilla/5.0",
    "path": "/records/141/sections/analysis",
}

# Computed with chain.seal before the change (commit 23083b2): an entry sealed then
# must seal to the same hash now, or every chain written before would stop verifying.
KNOWN = [
    ({}, [7], "0" * 64, "68f13811f26c892ff76f194a516d816507bdd6e843491b59b87f2d4706273181"),
    (None, [], "a" * 64, "d45526b40e17f33ec97c541c203c071c52290f5564ad1d2b3740c92e3024fb41"),
    (
        {
            "fields": ["name", "date_of_birth"],
            "from": {"step": 2, "ok": True},
            "note": "Zoë’s visit",
            "x": 1.5,
            "n": None,
        },
        [9, 3, 3],
        "b" * 64,
        "db9e83d03207f82c85487a3a41a6fc94b9028523a45e4534e4a783a180db4d20",
    ),
    (
        {"ids": (1, 2), 10: "ten", 2: "two"},
        [1],
        "c" * 64,
        "0752c4e5d9e05ed149c41e0e26f1b2ee25b4d682f5452d19011ef0dab0c6188c",
    ),
    (
        '{"b": 1, "a": [1, 2]}',
        [],
        "d" * 64,
        "ede2a89d969b60fa433bf4d021a14f13fa56b3c9d8ffe3449cc3d6e21014f811",
    ),
]


@pytest.mark.parametrize("detail, cases, prev, expected", KNOWN)
def test_the_seal_of_an_entry_is_the_hash_it_had_before(detail, cases, prev, expected):
    entry = {**ENTRY, "detail": detail}
    assert chain.seal(KEY, entry, cases, prev) == expected
    assert _sealed_as_before(KEY, entry, cases, prev) == expected


def test_a_raw_sqlite_row_seals_as_before():
    """verify reads SQLite's times as text and the detail as JSON text."""
    entry = {**ENTRY, "at": "2026-12-06 09:30:00.000000", "user_id": None, "username": None}
    expected = "cbeef55850e1e568cf2440038d1b53173d8713654bcbe3a18a56c5d5f8f80933"
    assert chain.seal(KEY, entry, [], "e" * 64) == expected


def _stored(entry_id: int) -> tuple[dict, list[int]]:
    row = (
        db.session.execute(
            text(
                "SELECT id, at, user_id, username, action, record_type, record_id, detail, "
                "ip_address, user_agent, path, prev_hash, hash FROM audit_events WHERE id = :id"
            ),
            {"id": entry_id},
        )
        .mappings()
        .one()
    )
    cases = db.session.scalars(
        text("SELECT case_id FROM audit_event_cases WHERE event_id = :id"), {"id": entry_id}
    ).all()
    return dict(row), list(cases)


def test_an_entry_written_in_a_shared_commit_is_sealed_as_the_old_code_would_and_verifies(
    app, database_url
):
    details = [{}, {"fields": ["name"], "changed": {"from": 1, "to": (2, 3)}}, {"é": "ü"}]
    with app.test_request_context("/records/9", environ_base={"REMOTE_ADDR": "10.0.0.9"}):
        written = [
            audit.record("record_viewed", username="pat", detail=d, case_ids=[4, 2])
            for d in details
        ]
        assert [e.id for e in written] == [1, 2, 3]
        prev = chain.GENESIS
        for entry in written:
            row, cases = _stored(entry.id)
            assert row["prev_hash"] == prev
            assert row["hash"] == entry.hash == _sealed_as_before(KEY, row, cases, prev)
            prev = row["hash"]
        db.session.remove()
    env = {"DATABASE_URL": database_url, "SECRET_KEY": TEST_CONFIG["SECRET_KEY"]}
    result = CliRunner().invoke(main, ["audit", "verify"], env={**env, "CONVIVIAL_ENV": "test"})
    assert result.exit_code == 0, result.output
    assert "intact: 3 entries checked" in result.output


def test_an_entry_in_a_shared_commit_is_stored_as_one_written_alone_is(app):
    """The batch writes on the driver's cursor; the row must be what the ORM stores
    (the time's text on SQLite, the detail's JSON text), column for column."""
    detail = {"fields": ["name", "date_of_birth"], "from": (1, 2), "note": "Zoë"}
    stored = []
    with time_machine.travel(datetime(2026, 12, 6, 9, 30, 0, 120000), tick=False):
        for shared in (True, False):
            app.config["AUDIT_GROUP_COMMIT"] = shared
            with app.test_request_context("/records/9", environ_base={"REMOTE_ADDR": "10.0.0.9"}):
                entry = audit.record("record_viewed", username="pat", detail=detail)
                as_text = db.session.execute(
                    text(
                        "SELECT CAST(at AS TEXT), CAST(detail AS TEXT), user_id, username, "
                        "action, record_type, record_id, ip_address, user_agent, path "
                        "FROM audit_events WHERE id = :id"
                    ),
                    {"id": entry.id},
                ).one()
                stored.append(tuple(as_text))
                db.session.remove()
    assert stored[0] == stored[1]
    assert stored[0][1] == json.dumps(detail)

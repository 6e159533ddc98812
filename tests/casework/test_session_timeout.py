"""The idle timeout, warned about in time: one clock the tests move, how long is left,
"Stay signed in", and pages that say what is true once time has run out."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from casework import create_app
from casework.accounts import service as accounts
from casework.cases import service as cases
from casework.config import ConfigError
from casework.extensions import db
from casework.library import service as library
from casework.models import AuditEvent, StageInstance, UserSession
from casework.models import time as clock
from casework.records import service as records
from tests.casework.conftest import csrf_from

IDLE = 30 * 60  # the default the app fixture keeps


def remaining(client) -> dict:
    return client.get("/session/status", headers={"Accept": "application/json"}).json


# --- the clock ---------------------------------------------------------------------


def test_moving_the_clock_ends_an_idle_session_without_waiting(app, client, sign_in):
    with time_machine.travel("2026-12-07 09:00", tick=False) as traveller:
        sign_in("pat")
        traveller.shift(timedelta(seconds=IDLE - 60))
        assert client.get("/").status_code == 200  # activity: idle time starts again
        traveller.shift(timedelta(seconds=IDLE - 60))
        assert client.get("/").status_code == 200
        traveller.shift(timedelta(seconds=IDLE + 1))
        response = client.get("/")
    assert response.status_code == 302 and "/sign-in?next=/" in response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(UserSession.end_reason)) == "expired"


def test_a_sign_in_lock_lifts_when_the_clock_moves_on(app, client, sign_in):
    failures, lock = app.config["SIGN_IN_LOCKOUT_FAILURES"], app.config["SIGN_IN_LOCKOUT_SECONDS"]
    # After the fixture set pat's password, whenever the test runs: a new password
    # starts the count again, so failures dated before it would never lock.
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    with time_machine.travel(start, tick=False) as traveller:
        for attempt in range(failures):
            sign_in("pat", f"wrong-{attempt}")
        locked = sign_in("pat").get_data(as_text=True)
        assert "You have tried to sign in too many times" in locked
        traveller.shift(timedelta(seconds=lock - 5))
        assert "too many times" in sign_in("pat").get_data(as_text=True)
        traveller.shift(timedelta(seconds=10))
        assert sign_in("pat").status_code == 302


def test_the_test_clock_file_moves_the_service_clock(database_url, tmp_path):
    offset = tmp_path / "clock"
    test_app = create_app(
        {
            "CONVIVIAL_ENV": "test",
            "SECRET_KEY": "x" * 32,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TEST_CLOCK_FILE": str(offset),
        }
    )
    try:
        with time_machine.travel("2026-12-07 09:00", tick=False):
            assert clock.utcnow().isoformat() == "2026-12-07T09:00:00"  # no file yet
            offset.write_text("3600.5")
            assert clock.utcnow().isoformat() == "2026-12-07T10:00:00.500000"
            offset.write_text("not a number")
            assert clock.utcnow().isoformat() == "2026-12-07T09:00:00"
    finally:
        clock.use_test_offset_file(None)
    assert test_app.config["TEST_CLOCK_FILE"] == str(offset)


@pytest.mark.parametrize("env", [None, "production", "development"])
def test_a_movable_clock_is_refused_outside_tests(monkeypatch, tmp_path, env):
    monkeypatch.setenv("CONVIVIAL_TEST_CLOCK_FILE", str(tmp_path / "clock"))
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("CONVIVIAL_INSTANCE", str(tmp_path))
    if env:
        monkeypatch.setenv("CONVIVIAL_ENV", env)
    else:
        monkeypatch.delenv("CONVIVIAL_ENV", raising=False)
    with pytest.raises(ConfigError, match="CONVIVIAL_TEST_CLOCK_FILE is set"):
        create_app()
    assert clock.utcnow() - clock.datetime.now(clock.UTC).replace(tzinfo=None) < timedelta(
        seconds=5
    )


# --- how long is left, and staying signed in -----------------------------------------


def test_signed_in_pages_carry_the_warning_with_the_time_left(app, client, sign_in):
    assert "data-convivial-timeout" not in client.get("/sign-in").get_data(as_text=True)
    with time_machine.travel("2026-12-07 09:00", tick=False) as traveller:
        sign_in("pat")
        traveller.shift(timedelta(seconds=10))
        html = client.get("/").get_data(as_text=True)
    dialog = re.search(r"<dialog[^>]*data-convivial-timeout[^>]*>", html).group(0)
    assert 'role="alertdialog"' in dialog and 'aria-modal="true"' in dialog
    assert f'data-remaining="{IDLE - 10}"' in dialog
    assert 'data-warning="120"' in dialog
    assert "Stay signed in" in html
    # The warning's script comes with the page's own (app.mjs imports it; the build
    # bundles the two into one file whose name carries a content hash).
    script = re.search(r'data-page-script="([^"]+/js/app(\.[0-9a-f]+)?\.mjs)"', html)
    with client.get(script.group(1)) as served:  # a static file: close it
        source = served.get_data(as_text=True)
    assert "data-convivial-timeout" in source
    assert "after 30 minutes without activity" in html


def test_the_warning_time_is_a_setting(database_url, client, monkeypatch):
    monkeypatch.setenv("TIMEOUT_WARNING_SECONDS", "300")
    from tests.conftest import TEST_CONFIG

    configured = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    assert configured.config["TIMEOUT_WARNING_SECONDS"] == 300


def test_asking_how_long_is_left_does_not_count_as_activity(app, client, sign_in):
    with time_machine.travel("2026-12-07 09:00", tick=False) as traveller:
        sign_in("pat")
        traveller.shift(timedelta(seconds=IDLE - 100))
        assert remaining(client) == {"signed_in": True, "remaining_seconds": 100}
        traveller.shift(timedelta(seconds=60))
        assert remaining(client) == {"signed_in": True, "remaining_seconds": 40}
        traveller.shift(timedelta(seconds=41))
        assert remaining(client) == {"signed_in": False, "remaining_seconds": 0}
        assert client.get("/").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(UserSession.end_reason)) == "expired"


def test_nobody_signed_in_is_told_so(client):
    assert remaining(client) == {"signed_in": False, "remaining_seconds": 0}


def test_staying_signed_in_keeps_the_session_past_its_old_end(app, client, sign_in):
    with time_machine.travel("2026-12-07 09:00", tick=False) as traveller:
        sign_in("pat")
        token = csrf_from(client.get("/").get_data(as_text=True))
        traveller.shift(timedelta(seconds=IDLE - 60))
        response = client.post(
            "/session/extend", headers={"Accept": "application/json", "X-CSRFToken": token}
        )
        assert response.status_code == 200
        assert response.json == {"signed_in": True, "remaining_seconds": IDLE}
        traveller.shift(timedelta(seconds=IDLE - 1))  # well past the original end
        assert remaining(client)["signed_in"] is True
        assert client.get("/").status_code == 200


def test_staying_signed_in_needs_the_csrf_token(app, client, sign_in):
    with time_machine.travel("2026-12-07 09:00", tick=False) as traveller:
        sign_in("pat")
        traveller.shift(timedelta(seconds=IDLE - 60))
        refused = client.post("/session/extend", headers={"Accept": "application/json"})
        assert refused.status_code == 400 and refused.json["error"] == "csrf"
    with app.app_context():
        refusals = db.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "csrf_failed")
        ).all()
    assert [d["endpoint"] for d in refusals] == ["timeout.extend"]


def test_staying_signed_in_after_the_end_is_too_late(app, client, sign_in):
    with time_machine.travel("2026-12-07 09:00", tick=False) as traveller:
        sign_in("pat")
        token = csrf_from(client.get("/").get_data(as_text=True))
        traveller.shift(timedelta(seconds=IDLE + 1))
        response = client.post(
            "/session/extend", headers={"Accept": "application/json", "X-CSRFToken": token}
        )
    assert response.status_code == 401 and response.json["error"] == "signed_out"


def test_the_session_routes_declare_their_access(app):
    from casework.access import PUBLIC, SIGNED_IN, declaration_for

    with app.app_context():
        assert declaration_for("timeout.status") == PUBLIC  # must not count as activity
        assert declaration_for("timeout.extend") == SIGNED_IN
        assert declaration_for("timeout.timed_out") == PUBLIC


# --- after the time has run out --------------------------------------------------------


def test_the_timed_out_page_says_what_was_saved_and_what_is_kept(app, client, sign_in):
    with time_machine.travel("2026-12-07 09:00", tick=False) as traveller:
        sign_in("pat")
        traveller.shift(timedelta(seconds=IDLE + 1))
        html = client.get(
            "/timed-out?next=/records/7/sections/visit&saved_at=2026-12-07T08:55:00&kept=1"
        ).get_data(as_text=True)
    assert "You have been signed out" in html
    assert "had not done anything for 30 minutes" in html
    assert "saved at 08:55 on 7 December 2026" in html
    assert "kept on this device" in html
    assert 'href="/sign-in?next=/records/7/sections/visit"' in html
    assert ">Sign out<" not in html
    with app.app_context():
        assert db.session.scalar(select(UserSession.end_reason)) == "expired"


def test_the_timed_out_page_does_not_blame_idleness_for_a_sign_out(client, sign_in):
    sign_in("pat")
    token = csrf_from(client.get("/").get_data(as_text=True))
    client.post("/sign-out", data={"csrf_token": token})  # in another tab
    html = client.get("/timed-out?next=/cases").get_data(as_text=True)
    assert "You are no longer signed in" in html
    assert "had not done anything" not in html


def test_the_timed_out_page_sends_someone_still_signed_in_back(client, sign_in):
    sign_in("pat")
    response = client.get("/timed-out?next=/cases")
    assert response.status_code == 302 and response.headers["Location"] == "/cases"
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    "saved_at",
    ["0001-01-01T00:00:00", "9999-12-31T23:59:59-14:00", "yesterday", "\x00", "9" * 5000],
)
def test_the_timed_out_page_takes_no_nonsense_about_times(client, saved_at):
    response = client.get("/timed-out", query_string={"saved_at": saved_at, "next": "/"})
    text = response.get_data(as_text=True)
    if "\x00" in saved_at:  # refused at the door, like a NUL anywhere (casework/incoming.py)
        assert response.status_code == 400 and "hidden character" in text
    else:
        assert response.status_code == 200
    assert "saved at" not in text


def test_the_timed_out_page_never_returns_off_site(client):
    html = client.get("/timed-out?next=//evil.example/").get_data(as_text=True)
    assert "evil.example" not in html


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


def _first_section(client, record_id) -> str:
    html = client.get(f"/records/{record_id}").get_data(as_text=True)
    return re.search(rf"/records/{record_id}/sections/([a-z0-9_]+)", html).group(1)


def test_a_form_posted_after_the_timeout_says_what_is_saved_and_shows_the_rest(
    app, client, sign_in, record_id
):
    with time_machine.travel("2026-12-07 09:00", tick=False) as traveller:
        sign_in("pat")
        section = _first_section(client, record_id)
        url = f"/records/{record_id}/sections/{section}"
        token = csrf_from(client.get(url).get_data(as_text=True))
        saved = client.post(
            url,
            data={"csrf_token": token, "revision": "0", "save_key": "k1", "referrer_name": "Pat"},
            headers={"Accept": "application/json"},
        )
        assert saved.status_code == 200, saved.get_data(as_text=True)
        traveller.shift(timedelta(seconds=IDLE + 1))
        response = client.post(
            url,
            data={
                "csrf_token": token,
                "revision": "1",
                "save_key": "k2",
                "referrer_name": "Pat Reed, typed after the timeout",
            },
        )
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "nothing was saved when you pressed the button" in html
    assert "last saved at 09:00 on 7 December 2026" in html  # UK time in December
    assert "Pat Reed, typed after the timeout" in html
    assert "Referrer&#39;s name" in html and "referrer_name" not in html
    # Signing in again returns to the form itself, with a GET.
    assert f'href="/sign-in?next={url}"' in html


def test_a_page_whose_answers_autosave_had_saved_says_so(app, client, sign_in, record_id):
    with time_machine.travel("2026-12-07 09:00", tick=False) as traveller:
        sign_in("pat")
        section = _first_section(client, record_id)
        url = f"/records/{record_id}/sections/{section}"
        token = csrf_from(client.get(url).get_data(as_text=True))
        revision = client.post(
            url,
            data={"csrf_token": token, "revision": "0", "save_key": "k1", "referrer_name": "Pat"},
            headers={"Accept": "application/json"},
        ).json["revision"]
        traveller.shift(timedelta(seconds=IDLE + 1))
        page = {"csrf_token": token, "revision": str(revision), "referrer_name": "Pat"}
        html = client.post(url, data={**page, "_autosaved": str(revision)}).get_data(as_text=True)
        # A page that claims so for an older revision (someone saved since) is not believed.
        stale = client.post(url, data={**page, "_autosaved": str(revision - 1)})
    assert "Your answers on this page were all saved at 09:00 on 7 December 2026" in html
    assert "What you typed on this page" not in html
    assert "were all saved" not in stale.get_data(as_text=True)


def test_submitting_after_the_timeout_returns_to_a_page_not_a_405(app, client, sign_in, record_id):
    with time_machine.travel("2026-12-07 09:00", tick=False) as traveller:
        sign_in("pat")
        check = f"/records/{record_id}/check"
        token = csrf_from(client.get(check).get_data(as_text=True))
        traveller.shift(timedelta(seconds=IDLE + 1))
        response = client.post(
            f"/records/{record_id}/submit",
            data={"csrf_token": token},
            headers={"Referer": f"http://localhost{check}"},
        )
        html = response.get_data(as_text=True)
        assert response.status_code == 401
        assert "Everything you typed is below" not in html
        assert f'href="/sign-in?next={check}"' in html
        traveller.shift(timedelta(seconds=5))
        signed_in = sign_in("pat").headers["Location"]
        assert signed_in == "/"
        assert client.get(check).status_code == 200


def test_last_seen_is_written_once_per_interval_yet_keeps_the_session_alive(app, client, sign_in):
    """Page views within half a minute of each other write nothing; a later one still
    moves the session's last-seen time on, so someone working never times out."""

    def last_seen():
        with app.app_context():
            return db.session.scalar(select(UserSession.last_seen_at))

    with time_machine.travel("2026-12-07 09:00", tick=False) as traveller:
        sign_in("pat")
        signed_in_at = last_seen()
        traveller.shift(timedelta(seconds=20))
        assert client.get("/").status_code == 200
        assert last_seen() == signed_in_at  # no write on this page view
        traveller.shift(timedelta(seconds=20))
        assert client.get("/").status_code == 200
        assert last_seen() == signed_in_at + timedelta(seconds=40)
        for _ in range(3):  # a working hour and a half, a page every 20 minutes
            traveller.shift(timedelta(seconds=20 * 60))
            assert client.get("/").status_code == 200
        assert remaining(client)["remaining_seconds"] == IDLE

"""The lockout message names the real wait: the whole lock when it starts, what is left later."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

# After the demo accounts' passwords were set (a new password resets the count).
START = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
LOCKED = "You have tried to sign in too many times"


def _message(response) -> str:
    html = response.get_data(as_text=True)
    assert LOCKED in html, "not locked"
    start = html.index(LOCKED)
    return html[start : html.index(".", html.index("Wait", start)) + 1]


def test_the_attempt_that_starts_the_lock_is_told_the_whole_wait(app, client, sign_in):
    failures = app.config["SIGN_IN_LOCKOUT_FAILURES"]
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(failures - 1):
            response = sign_in("pat", "wrong-password-here")
            assert LOCKED not in response.get_data(as_text=True)
            clock.shift(timedelta(seconds=2))
        message = _message(sign_in("pat", "wrong-password-here"))
    assert "Wait 15 minutes, then try again" in message


def test_later_attempts_are_told_what_is_left_and_then_the_lock_lifts(app, client, sign_in):
    failures = app.config["SIGN_IN_LOCKOUT_FAILURES"]
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(failures):
            sign_in("pat", "wrong-password-here")
        clock.shift(timedelta(minutes=10))
        # The right password does not help while locked, and the wait is what is left.
        assert "Wait 5 minutes," in _message(sign_in("pat"))
        clock.shift(timedelta(minutes=4, seconds=30))
        assert "Wait 1 minute," in _message(sign_in("pat"))
        clock.shift(timedelta(seconds=31))
        # Fifteen minutes after the failures that caused it, the lock has lifted.
        response = sign_in("pat")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_a_longer_lockout_setting_is_named_in_minutes(app, client, sign_in):
    app.config["SIGN_IN_LOCKOUT_SECONDS"] = 60 * 60
    with time_machine.travel(START, tick=False):
        for _ in range(app.config["SIGN_IN_LOCKOUT_FAILURES"]):
            response = sign_in("nobody-at-all", "wrong-password-here")
    assert "Wait 60 minutes," in _message(response)

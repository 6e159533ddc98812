"""Signing in and out, lockout, throttling, idle timeout, disabled accounts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from casework.demo import DEMO_PASSWORD
from casework.extensions import db
from casework.models import AuditEvent, User, UserSession
from casework.models.time import utcnow
from tests.casework.conftest import csrf_from, sign_out


def actions(app) -> list[str]:
    with app.app_context():
        return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_sign_in_shows_the_role_home_page(client, sign_in):
    response = sign_in("pat", follow=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Your work" in html
    assert "Pat Okafor" in html and "Northfield children" in html


def test_each_role_has_its_own_home_page(client, sign_in):
    expected = {
        "pat": "Your work",
        "mo": "Your team",
        "dee": "Form library",
        "ada": "Users and teams",
        "aud": "Audit log",
    }
    for username, heading in expected.items():
        html = sign_in(username, follow=True).get_data(as_text=True)
        assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html, username
        sign_out(client)


def test_wrong_password_gives_an_error_summary_and_an_audit_entry(app, client, sign_in):
    response = sign_in("pat", "not-the-password")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Enter a correct username and password" in html
    assert "Traceback" not in html
    assert actions(app)[-1] == "sign_in_failed"


def test_unknown_user_sees_exactly_the_same_message(app, client, sign_in):
    wrong = sign_in("pat", "not-the-password").get_data(as_text=True)
    unknown = sign_in("nobody-here", "not-the-password").get_data(as_text=True)

    def message(html):
        return html[html.index("govuk-error-summary") : html.index("</form>")].replace(
            "nobody-here", "pat"
        )

    # The CSRF token differs per page; the message and the form must not.
    assert csrf_from(wrong) and csrf_from(unknown)
    assert message(wrong).replace(csrf_from(wrong), "") == message(unknown).replace(
        csrf_from(unknown), ""
    )
    with app.app_context():
        last = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert last.detail == {"reason": "unknown_user"}


def test_account_locks_after_repeated_failures_even_with_the_right_password(app, client, sign_in):
    for _ in range(app.config["SIGN_IN_LOCKOUT_FAILURES"]):
        sign_in("pat", "wrong-password-here")
    response = sign_in("pat")  # now the right password
    assert "You have tried to sign in too many times" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    with app.app_context():
        last = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (last.action, last.detail) == ("sign_in_failed", {"reason": "locked"})


def test_unknown_usernames_lock_too_so_nobody_can_learn_who_has_an_account(app, client, sign_in):
    for _ in range(app.config["SIGN_IN_LOCKOUT_FAILURES"]):
        sign_in("ghost", "wrong-password-here")
    assert "too many times" in sign_in("ghost", "wrong-password-here").get_data(as_text=True)


def test_many_failures_from_one_address_are_throttled_with_429(app, client, sign_in):
    app.config["SIGN_IN_THROTTLE_FAILURES"] = 3
    for name in ("a1", "a2", "a3"):
        sign_in(name, "wrong-password-here")
    response = sign_in("pat")
    assert response.status_code == 429
    assert response.headers["Retry-After"]
    assert "Too many attempts" in response.get_data(as_text=True)
    assert "sign_in_throttled" in actions(app)


def test_sign_out_ends_the_server_side_session_even_for_a_copied_cookie(app, client, sign_in):
    sign_in("pat")
    stolen = client.get_cookie("convivial_session").value
    sign_out(client)
    assert client.get("/").status_code == 302
    client.set_cookie("convivial_session", stolen)
    response = client.get("/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert "sign_out" in actions(app)


def test_disabling_an_account_ends_its_sessions_at_once(app, client, sign_in):
    sign_in("pat")
    assert client.get("/").status_code == 200
    with app.app_context():
        from casework.accounts import service

        ended = service.set_active(service.find("pat"), False)
    assert ended == 1
    assert client.get("/").status_code == 302
    response = sign_in("pat")
    assert "Enter a correct username and password" in response.get_data(as_text=True)


def test_administrator_disables_an_account_through_the_page(app, client, sign_in):
    sign_in("ada")
    with app.app_context():
        pat_id = db.session.scalar(select(User.id).where(User.username == "pat"))
    token = csrf_from(client.get("/").get_data(as_text=True))
    response = client.post(
        f"/admin/users/{pat_id}/active", data={"csrf_token": token}, follow_redirects=True
    )
    assert "Pat Okafor is now unable to sign in" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, pat_id).active is False
    assert "user_disabled" in actions(app)


def test_idle_session_times_out_and_asks_to_sign_in_again(app, client, sign_in):
    sign_in("pat")
    with app.app_context():
        db.session.execute(
            update(UserSession).values(
                last_seen_at=utcnow() - timedelta(seconds=app.config["IDLE_TIMEOUT_SECONDS"] + 5)
            )
        )
        db.session.commit()
    response = client.get("/")
    assert response.status_code == 302
    assert "/sign-in?next=/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You were signed out because you had not done anything for a while" in page
    assert "session_expired" in actions(app)
    with app.app_context():
        assert db.session.scalar(select(UserSession.end_reason)) == "expired"


def test_expired_session_answers_scripts_with_401_not_a_redirect(app, client, sign_in):
    response = client.get("/", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.json["error"] == "signed_out"


def test_sign_in_returns_to_the_page_asked_for_but_never_off_site(client, sign_in):
    token = csrf_from(client.get("/sign-in").get_data(as_text=True))
    form = {"csrf_token": token, "username": "pat", "password": DEMO_PASSWORD}
    from casework import demo

    demo.seed  # noqa: B018 - users exist through the sign_in fixture
    response = client.post("/sign-in?next=//evil.example/", data=form)
    assert response.headers["Location"] == "/"


def test_missing_csrf_token_is_refused_with_a_page_and_an_audit_entry(app, client, demo_users):
    response = client.post("/sign-in", data={"username": "pat", "password": DEMO_PASSWORD})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "nothing was changed" in html
    assert "Traceback" not in html
    assert actions(app)[-1] == "csrf_failed"


def test_passwords_are_stored_with_a_strong_slow_hash_by_default(database_url):
    from casework import create_app
    from casework.auth.service import hash_password

    production_like = create_app({"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": database_url})
    assert production_like.config["PASSWORD_HASH_METHOD"] == "scrypt"
    with production_like.test_request_context():
        hashed = hash_password(DEMO_PASSWORD)
    assert hashed.startswith("scrypt:") and DEMO_PASSWORD not in hashed


def test_a_script_with_a_stale_token_is_told_so_and_can_fetch_a_fresh_one(client, sign_in):
    sign_in("pat")
    stale = client.post(
        "/sign-out", data={"csrf_token": "stale"}, headers={"Accept": "application/json"}
    )
    assert stale.status_code == 400 and stale.json["error"] == "csrf"
    fresh = client.get("/session/csrf-token", headers={"Accept": "application/json"}).json[
        "csrf_token"
    ]
    assert client.post("/sign-out", data={"csrf_token": fresh}).status_code == 302


def test_a_page_posted_after_the_session_ended_shows_what_was_typed(app, client, sign_in):
    sign_in("pat")
    with app.app_context():
        db.session.execute(
            update(UserSession).values(
                last_seen_at=utcnow() - timedelta(seconds=app.config["IDLE_TIMEOUT_SECONDS"] + 5)
            )
        )
        db.session.commit()
    token = csrf_from(client.get("/sign-in").get_data(as_text=True))
    response = client.post(
        "/records/1/sections/visit",
        data={
            "csrf_token": token,
            "what_we_saw": "Forty minutes of careful notes",
            "revision": "3",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "You have been signed out" in html
    assert "nothing was saved when you pressed the button" in html
    assert "Forty minutes of careful notes" in html
    assert "what_we_saw" not in html  # no field ids on screen, even without a record

"""Changing your own password, temporary passwords from an administrator, and the
forced change at next sign-in: the service, the pages, CSRF and who may use them."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from casework import demo
from casework.accounts import passwords
from casework.accounts import service as accounts
from casework.auth.passwords import ABOUT_THE_SERVICE, COMMON
from casework.extensions import db
from casework.models import AuditEvent, User, UserSession
from tests.casework.conftest import csrf_from

NEW = "tractor-violet-harbour"
TEMPORARY = "gravel-lantern-pepper"


def user(app, username: str) -> User:
    with app.app_context():
        found = db.session.scalar(select(User).where(User.username == username))
        db.session.expunge(found)
        return found


def last_event(app, action: str) -> AuditEvent:
    with app.app_context():
        return db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id.desc())
        ).first()


def live_sessions(app, username: str) -> int:
    with app.app_context():
        return len(
            db.session.scalars(
                select(UserSession)
                .join(User)
                .where(User.username == username, UserSession.ended_at.is_(None))
            ).all()
        )


def change(client, current: str, new: str, confirm: str | None = None, *, path="/account/password"):
    token = csrf_from(client.get(path).get_data(as_text=True))
    return client.post(
        path,
        data={
            "csrf_token": token,
            "current_password": current,
            "new_password": new,
            "confirm_password": new if confirm is None else confirm,
        },
    )


def set_temporary(client, user_id: int, password: str = ""):
    path = f"/admin/users/{user_id}/temporary-password"
    token = csrf_from(client.get(path).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, "password": password})


# --- one policy everywhere ------------------------------------------------------


def test_the_demo_password_passes_the_policy_for_every_demo_user(app):
    with app.app_context():
        for username, *_ in demo.DEMO_USERS:
            assert passwords.policy_problem(demo.DEMO_PASSWORD, username=username) is None


def test_creating_an_account_uses_the_policy_with_the_username_and_council(app):
    app.config["COUNCIL_NAME"] = "Northshire County Council"
    with app.app_context():
        with pytest.raises(accounts.AccountError, match="on a list of passwords people often use"):
            accounts.create_user("kim", password="password1234", role="administrator", team="T")
        with pytest.raises(accounts.AccountError, match="your username"):
            accounts.create_user(
                "kim.lee", password="kim.lee-2026!!", role="practitioner", team="T"
            )
        with pytest.raises(accounts.AccountError, match="name of your council"):
            accounts.create_user("kim", password="Northshire-2026", role="practitioner", team="T")
        assert accounts.create_user("kim", password=NEW, role="practitioner", team="T").id


# --- changing your own password -------------------------------------------------------


def test_every_role_can_reach_change_password_from_the_header(client, sign_in):
    for username in ("pat", "mo", "dee", "ada", "aud"):
        sign_in(username)
        home = client.get("/").get_data(as_text=True)
        assert 'href="/account/password">Change password</a>' in home
        page = client.get("/account/password").get_data(as_text=True)
        assert '<h1 class="govuk-heading-l">Change your password</h1>' in page
        assert 'autocomplete="current-password"' in page
        assert page.count('autocomplete="new-password"') == 2
        client.delete_cookie("convivial_session")


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/account/password")
    assert response.status_code == 302 and "/sign-in?next=/account/password" in response.location


def test_changing_your_password_ends_your_other_sessions_and_is_audited(app, client, sign_in):
    elsewhere = app.test_client()
    token = csrf_from(elsewhere.get("/sign-in").get_data(as_text=True))
    elsewhere.post(
        "/sign-in",
        data={"csrf_token": token, "username": "pat", "password": demo.DEMO_PASSWORD},
    )
    sign_in("pat")
    assert live_sessions(app, "pat") == 2

    response = change(client, demo.DEMO_PASSWORD, NEW)
    assert response.status_code == 302 and response.location == "/"
    home = client.get("/").get_data(as_text=True)
    assert "You have changed your password" in home
    # This browser carries on in a fresh session; the other one has ended.
    assert live_sessions(app, "pat") == 1
    assert elsewhere.get("/").status_code == 302
    assert check_password_hash(user(app, "pat").password_hash, NEW)
    event = last_event(app, "password_changed")
    assert (event.username, event.detail) == ("pat", {"was_temporary": False})


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        ("not-my-password", NEW, NEW, "Enter your current password correctly"),
        (demo.DEMO_PASSWORD, "password1234", "password1234", COMMON),
        (demo.DEMO_PASSWORD, "pat-pat-pat-2026", "pat-pat-pat-2026", ABOUT_THE_SERVICE),
        (demo.DEMO_PASSWORD, "short", "short", "at least 12 characters"),
        (demo.DEMO_PASSWORD, NEW, NEW + "x", "Enter the same new password in both boxes"),
        (demo.DEMO_PASSWORD, demo.DEMO_PASSWORD, demo.DEMO_PASSWORD, "different from your current"),
        ("", "", "", "Enter your current password"),
    ],
)
def test_a_refused_change_says_what_to_do_and_changes_nothing(
    app, client, sign_in, current, new, confirm, message
):
    sign_in("pat")
    before = user(app, "pat").password_hash
    response = change(client, current, new, confirm)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert "<title>Error: Change your password" in html
    # Nothing typed is sent back.
    for typed in {current, new, confirm} - {""}:
        assert f'value="{typed}"' not in html
    assert user(app, "pat").password_hash == before
    assert live_sessions(app, "pat") == 1


def test_change_password_without_a_csrf_token_is_refused(app, client, sign_in):
    sign_in("pat")
    before = user(app, "pat").password_hash
    response = client.post(
        "/account/password",
        data={"current_password": demo.DEMO_PASSWORD, "new_password": NEW, "confirm_password": NEW},
    )
    assert response.status_code == 400
    assert user(app, "pat").password_hash == before


# --- temporary passwords --------------------------------------------------------------


@pytest.mark.parametrize("username", ["pat", "mo", "dee", "aud"])
def test_only_administrators_may_set_a_temporary_password(app, client, sign_in, username):
    target = user(app, "ada").id
    sign_in(username)
    assert client.get(f"/admin/users/{target}/temporary-password").status_code == 403
    assert client.post(f"/admin/users/{target}/temporary-password").status_code in (400, 403)


def test_temporary_password_without_a_csrf_token_is_refused(app, client, sign_in):
    pat = user(app, "pat")
    sign_in("ada")
    response = client.post(f"/admin/users/{pat.id}/temporary-password", data={"password": ""})
    assert response.status_code == 400
    assert user(app, "pat").password_hash == pat.password_hash


def test_an_administrator_cannot_give_themselves_a_temporary_password(app, client, sign_in):
    sign_in("ada")
    response = client.get(f"/admin/users/{user(app, 'ada').id}/temporary-password")
    assert response.status_code == 302 and response.location == "/account/password"


def test_a_made_up_temporary_password_is_shown_once_and_audited_with_who_set_it(
    app, client, sign_in
):
    pat_browser = app.test_client()
    token = csrf_from(pat_browser.get("/sign-in").get_data(as_text=True))
    pat_browser.post(
        "/sign-in",
        data={"csrf_token": token, "username": "pat", "password": demo.DEMO_PASSWORD},
    )
    assert pat_browser.get("/").status_code == 200
    pat = user(app, "pat")
    sign_in("ada")
    listing = client.get("/").get_data(as_text=True)
    assert f"/admin/users/{pat.id}/temporary-password" in listing

    response = set_temporary(client, pat.id)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Temporary password set" in html
    shown = html.split('id="temporary-password"', 1)[1].split(">", 1)[1].split("<", 1)[0]
    assert len(shown) == 19
    after = user(app, "pat")
    assert check_password_hash(after.password_hash, shown)
    assert after.must_change_password is True
    # Pat was signed out everywhere at once.
    assert pat_browser.get("/").status_code == 302
    assert live_sessions(app, "pat") == 0
    event = last_event(app, "temporary_password_set")
    assert event.username == "ada"
    assert event.detail == {"username": "pat", "chosen_by": "generated"}
    # The users page says so, and never shows the password again.
    listing = client.get("/").get_data(as_text=True)
    assert "Temporary" in listing and shown not in listing


def test_a_typed_temporary_password_is_checked_by_the_policy(app, client, sign_in):
    pat = user(app, "pat")
    sign_in("ada")
    refused = set_temporary(client, pat.id, "password1234").get_data(as_text=True)
    assert "govuk-error-summary" in refused and COMMON in refused
    assert user(app, "pat").must_change_password is False

    accepted = set_temporary(client, pat.id, TEMPORARY).get_data(as_text=True)
    assert "Temporary password set" in accepted and TEMPORARY not in accepted
    assert check_password_hash(user(app, "pat").password_hash, TEMPORARY)
    assert last_event(app, "temporary_password_set").detail["chosen_by"] == "administrator"


# --- the forced change at next sign-in ------------------------------------------------


@pytest.fixture
def pat_must_change(app, demo_users):
    with app.test_request_context():
        passwords.set_temporary_password(accounts.find("pat"), TEMPORARY)


def test_a_temporary_password_must_be_changed_before_anything_else(
    app, client, sign_in, pat_must_change
):
    response = sign_in("pat", TEMPORARY)
    assert response.location == "/"
    # Every page sends them to choose a password, and back to where they were going after.
    for path in ("/", "/cases/", "/cases/1", "/records/1", "/cases/new"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.location.startswith("/account/password?next="), path
    page = client.get("/account/password?next=/cases").get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">Choose a new password</h1>' in page
    assert "Temporary password" in page and "Cancel" not in page
    # A form post is sent there too, and a script is told why in JSON.
    token = csrf_from(page)
    posted = client.post("/cases/new", data={"csrf_token": token})
    assert posted.status_code == 303 and posted.location == "/account/password"
    scripted = client.get("/cases/", headers={"Accept": "application/json"})
    assert scripted.status_code == 403 and scripted.json["error"] == "password_change_required"
    # The session's own machinery still works.
    assert client.get("/session/csrf-token").status_code == 200

    response = change(client, TEMPORARY, NEW, path="/account/password?next=/cases/")
    assert response.status_code == 302 and response.location == "/cases/"
    assert client.get("/cases/").status_code == 200
    assert user(app, "pat").must_change_password is False
    assert last_event(app, "password_changed").detail == {"was_temporary": True}


def test_the_new_password_cannot_be_the_temporary_one(app, client, sign_in, pat_must_change):
    sign_in("pat", TEMPORARY)
    html = change(client, TEMPORARY, TEMPORARY).get_data(as_text=True)
    assert "different from your current" in html
    assert client.get("/").status_code == 302


def test_someone_who_must_change_can_still_sign_out(app, client, sign_in, pat_must_change):
    sign_in("pat", TEMPORARY)
    token = csrf_from(client.get("/account/password").get_data(as_text=True))
    response = client.post("/sign-out", data={"csrf_token": token})
    assert response.status_code == 302 and response.location == "/signed-out"
    assert live_sessions(app, "pat") == 0


def test_a_temporary_password_lifts_a_lockout(app, client, sign_in):
    for _ in range(app.config["SIGN_IN_LOCKOUT_FAILURES"]):
        sign_in("pat", "wrong-password-here")
    assert "too many times" in sign_in("pat").get_data(as_text=True)
    with app.test_request_context():
        passwords.set_temporary_password(accounts.find("pat"), TEMPORARY)
    response = sign_in("pat", TEMPORARY)
    assert response.status_code == 302 and response.location == "/"
    # Someone else's wrong guesses still count from now on.
    client.delete_cookie("convivial_session")
    for _ in range(app.config["SIGN_IN_LOCKOUT_FAILURES"]):
        sign_in("pat", "wrong-password-here")
    assert "too many times" in sign_in("pat", TEMPORARY).get_data(as_text=True)


def test_wrong_current_passwords_count_towards_the_lockout(app, client, sign_in):
    sign_in("pat")
    for _ in range(app.config["SIGN_IN_LOCKOUT_FAILURES"]):
        html = change(client, "not-my-password", NEW).get_data(as_text=True)
        assert "Enter your current password correctly" in html
    # Now even the right current password is refused, with the wait named.
    html = change(client, demo.DEMO_PASSWORD, NEW).get_data(as_text=True)
    assert "You have entered a wrong current password too many times. Wait 15 minutes" in html
    assert check_password_hash(user(app, "pat").password_hash, demo.DEMO_PASSWORD)


def _example_url(rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        options = getattr(converter, "items", None)
        values[name] = (
            sorted(options)[0] if options else (1 if "Integer" in type(converter).__name__ else "x")
        )
    return rule.build(values)[1]


def test_every_signed_in_page_waits_for_the_new_password(app, client, sign_in, pat_must_change):
    """Walks the URL map, so a page added later cannot slip past the forced change."""
    from casework import access
    from casework.auth.forced_change import LET_THROUGH_BLUEPRINTS, LET_THROUGH_ENDPOINTS

    sign_in("pat", TEMPORARY)
    checked = 0
    for rule in app.url_map.iter_rules():
        with app.app_context():
            declared = access.declaration_for(rule.endpoint)
        if (
            "GET" not in rule.methods
            or declared == access.PUBLIC
            or rule.endpoint in LET_THROUGH_ENDPOINTS
            or rule.endpoint.split(".")[0] in LET_THROUGH_BLUEPRINTS
        ):
            continue
        url = _example_url(rule)
        response = client.get(url)
        # Either refused for the role first, or sent to choose a password: never the page.
        assert response.status_code in (302, 403), (url, response.status_code)
        if response.status_code == 302:
            assert response.location.startswith("/account/password?next="), url
        checked += 1
    assert checked > 20

"""Who is signed in, read once a request: the person services get is a real user of this
request's database session, and an ended session is refused at once in every worker."""

from __future__ import annotations

import re

import pytest
from flask import Blueprint, jsonify
from flask_login import current_user
from sqlalchemy import event, inspect, select, update

from casework import access, create_app
from casework.auth import persistent
from casework.extensions import db
from casework.models import AuditEvent, Team, User, UserSession
from tests.casework.conftest import csrf_from, sign_out
from tests.conftest import TEST_CONFIG

probe = Blueprint("probe", __name__)


@probe.route("/probe/who")
@access.signed_in
def who():
    """What a service sees of the person signed in, and what reading it cost."""
    user = current_user._get_current_object()
    statements = []

    def count(*_args):
        statements.append(1)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        team_name = user.team.name
        same_object = db.session.get(User, user.id) is user
        same_team = db.session.get(Team, user.team_id) is user.team
    finally:
        event.remove(engine, "before_cursor_execute", count)
    state = inspect(user)
    return jsonify(
        username=user.username,
        full_name=user.full_name,
        team=team_name,
        team_members=[member.username for member in user.team.members],
        member_is_the_user=any(member is user for member in user.team.members),
        same_object=same_object,
        same_team=same_team,
        statements_for_team_and_get=len(statements),
        persistent=state.persistent,
        changed=bool(db.session.dirty or db.session.new or state.modified),
    )


@probe.route("/probe/rename", methods=["POST"])
@access.signed_in
def rename():
    """A service changing the signed-in person: the change is written like any other."""
    current_user.full_name = "Pat Renamed"
    db.session.commit()
    return "renamed"


@pytest.fixture
def probed(app):
    app.register_blueprint(probe)
    return app


def _token(client) -> str:
    return csrf_from(client.get("/").get_data(as_text=True))


def test_the_signed_in_person_is_a_user_of_the_request_database_session(probed, client, sign_in):
    sign_in("pat")
    seen = client.get("/probe/who").json
    assert seen["username"] == "pat"
    assert seen["persistent"] and seen["same_object"] and seen["same_team"]
    assert not seen["changed"]  # nothing to write: a view may still share an audit commit
    # The team came with the person: naming it or getting either again asks nothing more.
    assert seen["statements_for_team_and_get"] == 0
    assert "pat" in seen["team_members"] and seen["member_is_the_user"]
    with probed.app_context():
        team = db.session.scalar(select(Team.name).join(User).where(User.username == "pat"))
    assert seen["team"] == team


def test_a_change_to_the_signed_in_person_is_saved(probed, client, sign_in):
    sign_in("pat")
    assert client.post("/probe/rename", data={"csrf_token": _token(client)}).status_code == 200
    with probed.app_context():
        pat = db.session.scalar(select(User).where(User.username == "pat"))
        assert pat.full_name == "Pat Renamed"
        assert pat.role == "practitioner"  # only what changed was written
    assert client.get("/probe/who").json["full_name"] == "Pat Renamed"


def test_a_sign_out_in_another_worker_is_refused_on_the_next_request(
    app, client, sign_in, database_url
):
    """Another worker has its own app and connections: nothing this one kept in memory
    may let the copied cookie through once the session row has ended."""
    sign_in("pat")
    assert client.get("/").status_code == 200
    other = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    elsewhere = other.test_client()
    elsewhere.set_cookie("convivial_session", client.get_cookie("convivial_session").value)
    assert elsewhere.get("/").status_code == 200
    elsewhere.post("/sign-out", data={"csrf_token": _token(elsewhere)})
    response = client.get("/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_a_person_made_inactive_behind_the_service_is_refused_and_their_session_ended(
    app, client, sign_in
):
    """Not through the accounts page (which ends the sessions itself): the loader's own
    check of the person is what refuses them."""
    sign_in("pat")
    assert client.get("/").status_code == 200
    with app.app_context():
        db.session.execute(update(User).where(User.username == "pat").values(active=False))
        db.session.commit()
    response = client.get("/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(UserSession.end_reason)) == "account_disabled"


def test_an_idle_session_that_ends_is_audited_against_its_person(app, client, sign_in):
    sign_in("pat")
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen_at=UserSession.created_at))
        db.session.commit()
    app.config["IDLE_TIMEOUT_SECONDS"] = 0
    assert client.get("/").status_code == 302
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "session_expired")
        ).one()
        pat = db.session.scalar(select(User).where(User.username == "pat"))
        assert (entry.user_id, entry.username) == (pat.id, "pat")


def test_an_object_the_session_already_holds_is_the_one_given(app, demo_users):
    with app.app_context():
        held = db.session.scalar(select(User).where(User.username == "pat"))
        held.full_name = "Not yet saved"
        values = {key: getattr(held, key) for key, _ in persistent.columns(User)}
        values["full_name"] = "Pat as stored"
        assert persistent.from_values(db.session(), User, values) is held
        assert held.full_name == "Not yet saved"  # as a query would, it overwrites nothing


def test_an_object_made_from_values_writes_nothing_until_changed(app, demo_users):
    with app.app_context():
        pat_id = db.session.scalar(select(User.id).where(User.username == "pat"))
        values = {
            key: value
            for (key, _), value in zip(
                persistent.columns(User),
                db.session.execute(
                    select(*(column for _, column in persistent.columns(User))).where(
                        User.id == pat_id
                    )
                ).one(),
                strict=True,
            )
        }
        db.session.rollback()
        made = persistent.from_values(db.session(), User, values)
        assert inspect(made).persistent and not db.session.dirty and not db.session.new
        assert made.team.name  # the relationship loads as usual
        made.must_change_password = True
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(User, pat_id).must_change_password is True


MENU_LINK = re.compile(
    r'<a class="govuk-service-navigation__link" href="([^"]+)"( aria-current="true")?'
)


def _menu(html: str) -> list[tuple[str, bool]]:
    return [(href, bool(current)) for href, current in MENU_LINK.findall(html)]


def test_each_role_sees_its_own_menu_with_the_page_it_is_on_marked(app, client, sign_in):
    sign_in("mo")  # a team manager
    assert _menu(client.get("/").get_data(as_text=True))[:3] == [
        ("/", True),
        ("/cases/", False),
        ("/caseloads/", False),
    ]
    caseloads = _menu(client.get("/caseloads/").get_data(as_text=True))
    assert ("/caseloads/", True) in caseloads and ("/", False) in caseloads
    sign_out(client)
    sign_in("sam")  # a practitioner: no caseloads, whatever the last person saw
    assert _menu(client.get("/").get_data(as_text=True))[:2] == [("/", True), ("/cases/", False)]
    assert "/caseloads/" not in client.get("/").get_data(as_text=True)


def test_the_menu_follows_where_the_service_is_mounted(app, client, sign_in):
    sign_in("sam")
    client.get("/")  # the menu at the root is known first
    mounted = client.get("/", base_url="http://localhost/convivial")
    assert mounted.status_code == 200
    assert _menu(mounted.get_data(as_text=True))[:2] == [
        ("/convivial/", True),
        ("/convivial/cases/", False),
    ]


def test_the_session_cookie_carries_no_fingerprint_of_the_device(app, client, sign_in):
    """Flask-Login would keep a hash of the address and browser in the cookie for a check
    the service does not use (the server-side session row is what can be ended)."""
    sign_in("pat")
    cookie = client.get_cookie("convivial_session").value
    carried = app.session_interface.get_signing_serializer(app).loads(cookie)
    assert carried["_user_id"] and not carried.get("_id")
    assert client.get("/").status_code == 200

"""Every route declares who may use it, and the declarations are enforced."""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy import select

from casework import access, create_app
from casework.extensions import db
from casework.models import AuditEvent
from tests.casework.conftest import csrf_from
from tests.conftest import TEST_CONFIG


def test_every_endpoint_declares_who_may_use_it(app):
    assert access.undeclared_endpoints(app) == []


def test_the_declaration_check_fails_for_a_route_without_one(database_url):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    forgotten = Blueprint("forgotten", __name__)

    @forgotten.route("/forgotten")
    def no_declaration():
        return "this should never be served"

    app.register_blueprint(forgotten)
    assert access.undeclared_endpoints(app) == ["forgotten.no_declaration"]
    # And at run time an undeclared route is refused rather than served.
    response = app.test_client().get("/forgotten")
    assert response.status_code == 403
    assert "this should never be served" not in response.get_data(as_text=True)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=/")


def test_forbidden_role_gets_the_403_page_and_an_audit_entry(app, client, sign_in):
    sign_in("pat")
    token = csrf_from(client.get("/").get_data(as_text=True))
    response = client.post("/admin/users/1/active", data={"csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "You do not have access to this page" in html
    with app.app_context():
        last = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert last.action == "access_denied" and last.username == "pat"


def test_unknown_page_gets_the_404_page(client, sign_in):
    sign_in("pat")
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_an_unexpected_error_shows_the_500_page_without_a_traceback(database_url):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    app.config["PROPAGATE_EXCEPTIONS"] = False
    broken = Blueprint("broken", __name__)

    @broken.route("/broken")
    @access.public
    def explode():
        raise RuntimeError("secret internal detail")

    app.register_blueprint(broken)
    response = app.test_client().get("/broken")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "secret internal detail" not in html and "Traceback" not in html

"""Headers, cookies and caching that protect data about children."""

from __future__ import annotations

import re

from casework import create_app


def test_security_headers_on_every_page(client):
    response = client.get("/sign-in")
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_the_only_inline_script_carries_the_page_nonce(client):
    response = client.get("/sign-in")
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    html = response.get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline, "GOV.UK Frontend's js-enabled line should be present"
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline)


def test_nonce_changes_on_every_response(client):
    first = client.get("/sign-in").headers["Content-Security-Policy"]
    second = client.get("/sign-in").headers["Content-Security-Policy"]
    assert first != second


def test_pages_are_not_cached_but_static_files_may_be(client, sign_in):
    sign_in("pat")
    assert client.get("/").headers["Cache-Control"] == "no-store"
    with client.get("/static/images/convivial-icon.svg") as icon:
        assert "no-store" not in icon.headers.get("Cache-Control", "")


def test_session_cookie_is_httponly_samesite_and_secure_in_production(database_url, demo_users):
    app = create_app({"SECRET_KEY": "k" * 32, "SQLALCHEMY_DATABASE_URI": database_url})
    assert app.config["CONVIVIAL_ENV"] == "production"
    client = app.test_client()
    response = client.get("/sign-in", base_url="https://localhost")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")

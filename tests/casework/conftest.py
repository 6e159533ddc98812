from __future__ import annotations

import re

import pytest

from casework import demo

CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_from(html: str) -> str:
    match = CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1) or match.group(2)


@pytest.fixture
def demo_users(app):
    with app.app_context():
        return demo.seed()


@pytest.fixture
def sign_in(client, demo_users):
    def _sign_in(username: str, password: str = demo.DEMO_PASSWORD, follow: bool = False):
        page = client.get("/sign-in")
        token = csrf_from(page.get_data(as_text=True))
        return client.post(
            "/sign-in",
            data={"csrf_token": token, "username": username, "password": password},
            follow_redirects=follow,
        )

    return _sign_in


def sign_out(client) -> None:
    page = client.get("/")
    token = csrf_from(page.get_data(as_text=True))
    client.post("/sign-out", data={"csrf_token": token})

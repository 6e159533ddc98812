"""The designer blueprint on the casework app, with a private copy of the library.

Until casework/__init__.py registers the designer, these fixtures do it (the same two
lines the app factory will have), so the tests exercise the real app otherwise.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from jinja2 import PackageLoader

from casework import create_app
from tests.casework.conftest import csrf_from, demo_users, sign_in  # noqa: F401 - fixtures
from tests.conftest import TEST_CONFIG

ROOT = Path(__file__).resolve().parents[2]


def register_designer(app) -> None:
    from designer.editor.routes import bp

    if "designer" not in app.blueprints:
        app.register_blueprint(bp)
        app.jinja_loader.loaders.insert(1, PackageLoader("designer"))


@pytest.fixture
def library_root(tmp_path) -> Path:
    root = tmp_path / "library"
    for folder in ("form_library", "pathways", "change_log"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


@pytest.fixture
def app(database_url, tmp_path, library_root):
    app = create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "LIBRARY_PATH": str(library_root)}
    )
    app.instance_path = str(tmp_path)
    register_designer(app)
    return app


@pytest.fixture
def synced(app, demo_users):  # noqa: F811 - the fixture imported above
    from casework.library import service as library

    with app.app_context():
        library.sync(app.config["LIBRARY_PATH"])
    return app


def post(client, url: str, data: dict | None = None, *, page: str | None = None, **kw):
    """POST with the CSRF token of `page` (default: the same URL, or the library)."""
    shown = client.get(page or "/designer/")
    # The page a person would post from must itself have worked (an error page also
    # carries a CSRF token, in its sign-out form, so check the status too).
    assert shown.status_code == 200, (page, shown.status_code)
    html = shown.get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_from(html), **(data or {})}, **kw)

"""The app with the history blueprint on a temporary copy of the shipped library.

Until casework/__init__.py registers the blueprint and the designer's templates, the
app fixture does both here (and stops doing so once create_app does it itself).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from casework import create_app
from tests.casework.conftest import csrf_from, demo_users, sign_in  # noqa: F401 - fixtures
from tests.conftest import TEST_CONFIG

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("form_library", "pathways", "change_log")


def shipped_version(form_id: str) -> int:
    """The shipped form's current version: tests count from it, not from 1."""
    return yaml.safe_load((ROOT / "form_library" / f"{form_id}.yaml").read_text())["version"]


def copy_library(target: Path) -> Path:
    for folder in FOLDERS:
        shutil.copytree(ROOT / folder, target / folder)
    return target


def make_app(database_url: str, library: Path, instance: Path, **config):
    app = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "LIBRARY_PATH": str(library),
            "COUNCIL_NAME": "Council B",
            **config,
        }
    )
    app.instance_path = str(instance)
    return app


@pytest.fixture
def library(tmp_path) -> Path:
    return copy_library(tmp_path / "library")


@pytest.fixture
def app(database_url, library, tmp_path):
    return make_app(database_url, library, tmp_path / "instance")


@pytest.fixture
def page(client):
    """GET a page as text, failing on anything but the expected status."""

    def get(url: str, status: int = 200) -> str:
        response = client.get(url)
        assert response.status_code == status, (url, response.status_code)
        return response.get_data(as_text=True)

    return get


def token_of(html: str) -> str:
    return csrf_from(html)


@pytest.fixture(scope="session")
def a_bundle(tmp_path_factory) -> bytes:
    """Council A's bundle (see councils.py), made once: exporting is reproducible."""
    from .councils import council_a_bundle

    folder = tmp_path_factory.mktemp("council_a")
    return council_a_bundle(copy_library(folder / "a"), folder / "a.zip").read_bytes()

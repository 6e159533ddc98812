"""The three fixtures: app, client, runner — on SQLite, or on PostgreSQL when
TEST_DATABASE_URL names one (CI runs the suite both ways).

Under pytest-xdist (`make test-fast`, `make test`) every worker has databases of its own:
SQLite files in its own temporary directory, or on PostgreSQL `<name>_gw0`, `<name>_gw1`...
made on the server TEST_DATABASE_URL names (see ``worker_database_url``).
"""

from __future__ import annotations

import copy
import hashlib
import os
import shutil

import pytest
from flask import Flask
from jinja2 import BytecodeCache
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import casework
from casework import database
from casework.config import normalise_database_url
from casework.library import service as library_service
from renderer.definitions.library_folder import expand

TEST_CONFIG = {
    "TESTING": True,
    "CONVIVIAL_ENV": "test",
    "SECRET_KEY": "test-secret-key-not-for-production",
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    # Documents are drawn ahead before the submit returns: no thread outlives a test.
    "DOCUMENTS_RENDER_AHEAD": "inline",
}


def worker_database_url(url: str, purpose: str = "") -> str:
    """TEST_DATABASE_URL (PostgreSQL) for this process. Run serially, the URL as given.
    Under pytest-xdist, a database of this worker's own on the same server (created if
    absent, so the database user needs CREATEDB), so that no worker empties another's
    tables; ``purpose`` keeps the browser tests' service apart from the in-process tests."""
    url = normalise_database_url(url)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    parsed = make_url(url)
    name = "_".join(part for part in (parsed.database, worker, purpose) if part)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).scalar()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def emptied(url: str) -> str:
    """``url`` (PostgreSQL) with nothing left in it from an earlier run: its public schema
    dropped and made again. A database kept from a run with another secret key would hold
    audit entries that fail the tamper check, and cases no test expects."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """Migrate once per session (once per xdist worker); each test then starts from an
    empty copy."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        url = emptied(worker_database_url(url))
        database.upgrade(url)
        return {"kind": "postgresql", "url": url}
    template = tmp_path_factory.mktemp("template") / "template.sqlite3"
    database.upgrade(f"sqlite:///{template}")
    return {"kind": "sqlite", "path": template}


def _empty_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        tables = [
            row[0]
            for row in connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            )
            if row[0] != "alembic_version"
        ]
        if tables:
            # TRUNCATE does not fire the audit log's row triggers, which is what tests need.
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def database_url(migrated_database, tmp_path) -> str:
    if migrated_database["kind"] == "postgresql":
        _empty_postgres(migrated_database["url"])
        return migrated_database["url"]
    path = tmp_path / "convivial.sqlite3"
    shutil.copy(migrated_database["path"], path)
    return f"sqlite:///{path}"


# Every app a test makes, whether through a fixture, in the test itself or inside a
# command the test runs (the CLI makes its own), is remembered so that its pooled
# database connections are closed when the test ends. Otherwise the pool is dropped with
# its connections still open, and on PostgreSQL psycopg warns about each one whenever
# the garbage collector gets to it: in some later test, which then fails.
_apps_made: list[Flask] = []
_create_app = casework.create_app


def _create_app_and_remember(test_config: dict | None = None) -> Flask:
    app = _create_app(test_config)
    _apps_made.append(app)
    return app


casework.create_app = _create_app_and_remember


def close_database_connections(app: Flask) -> None:
    from casework.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _close_connections_of_apps_the_test_made():
    # Apps of module- or session-scoped fixtures were made before this runs (pytest sets
    # up wider scopes first), so they stay open for the tests that share them.
    first = len(_apps_made)
    yield
    for app in _apps_made[first:]:
        close_database_connections(app)
    del _apps_made[first:]


@pytest.fixture(autouse=True, scope="session")
def _close_connections_of_shared_apps():
    yield
    for app in _apps_made:
        close_database_connections(app)


@pytest.fixture
def app(database_url, tmp_path):
    app = casework.create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    app.instance_path = str(tmp_path)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class _SharedTemplateCode(BytecodeCache):
    """Compiled templates shared by every app a test process makes: each test builds a
    fresh app, and compiling the same templates again for each one is pure set-up cost.
    Checked against the template's source checksum, so a changed template is compiled
    anew. Only Flask apps share it, and they all come from create_app with the same Jinja
    options (the documents' and working groups' environments are not Flask's)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CODE = _SharedTemplateCode()
_create_jinja_environment = Flask.create_jinja_environment


def _jinja_environment_with_shared_code(self):
    environment = _create_jinja_environment(self)
    environment.bytecode_cache = _TEMPLATE_CODE
    return environment


Flask.create_jinja_environment = _jinja_environment_with_shared_code


_checked_libraries: dict[tuple, object] = {}
_load_library = library_service.load_library


def _load_library_once_per_content(paths):
    """Most service tests publish the shipped library to their fresh database first.
    Publishing still runs for real each time; only checking the same files again (a
    quarter of a second each) is skipped: a library whose files are byte for byte one
    already checked in this process, without errors, gets a copy of that result. A
    library with any other content, or with errors, is checked in full."""
    key = tuple(
        (path.parent.name, path.name, hashlib.sha256(path.read_bytes()).hexdigest())
        for path in expand(paths)
    )
    result = _checked_libraries.get(key)
    if result is None:
        result = _load_library(paths)
        if result.errors:
            return result
        _checked_libraries[key] = result
    # A copy: a test may change a definition it was given, never the next test's.
    return copy.deepcopy(result)


library_service.load_library = _load_library_once_per_content

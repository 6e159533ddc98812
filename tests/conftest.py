"""The three fixtures: app, client, runner — on SQLite, or on PostgreSQL when
TEST_DATABASE_URL names one (CI runs the suite both ways)."""

from __future__ import annotations

import os
import shutil

import pytest
from sqlalchemy import create_engine, text

from casework import create_app, database
from casework.config import normalise_database_url

TEST_CONFIG = {
    "TESTING": True,
    "CONVIVIAL_ENV": "test",
    "SECRET_KEY": "test-secret-key-not-for-production",
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    # Documents are drawn ahead before the submit returns: no thread outlives a test.
    "DOCUMENTS_RENDER_AHEAD": "inline",
}


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """Migrate once per session; each test then starts from an empty copy."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        url = normalise_database_url(url)
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
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


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    app.instance_path = str(tmp_path)
    yield app
    from casework.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()

from __future__ import annotations

import pytest

from casework import create_app
from casework.config import ConfigError, normalise_database_url


def test_missing_secret_key_outside_development_is_a_clear_startup_error(monkeypatch, database_url):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("CONVIVIAL_ENV", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY is not set. Either set the SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url})


def test_development_generates_and_keeps_a_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("CONVIVIAL_ENV", "development")
    monkeypatch.setenv("CONVIVIAL_INSTANCE", str(tmp_path))
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "development_secret_key").stat().st_mode & 0o077 == 0


def test_environment_overrides_defaults_and_test_config_overrides_both(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("IDLE_TIMEOUT_SECONDS", "600")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/env.sqlite3")
    app = create_app({"IDLE_TIMEOUT_SECONDS": 5})
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["IDLE_TIMEOUT_SECONDS"] == 5
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.sqlite3")


def test_a_bad_environment_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("IDLE_TIMEOUT_SECONDS", "half an hour")
    with pytest.raises(ConfigError, match="IDLE_TIMEOUT_SECONDS must be a whole number"):
        create_app()


def test_postgres_urls_use_psycopg_3():
    assert normalise_database_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"

"""The `convivial` command, run as a council's provisioning script would run it."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner
from sqlalchemy import select

from casework import demo
from casework.cli import main


def _env(database_url: str, **extra) -> dict:
    return {"DATABASE_URL": database_url, "SECRET_KEY": "cli-test-key", **extra}


def test_help_explains_database_url():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "DATABASE_URL" in result.output
    for command in ("serve", "init-db", "demo", "create-user"):
        assert command in result.output
        sub = CliRunner().invoke(main, [command, "--help"])
        assert "DATABASE_URL" in sub.output, command


def test_init_db_then_create_user_with_password_from_stdin(tmp_path):
    url = f"sqlite:///{tmp_path}/fresh.sqlite3"
    runner = CliRunner()
    result = runner.invoke(main, ["init-db"], env=_env(url))
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
    result = runner.invoke(
        main,
        [
            "create-user",
            "jo.bloggs",
            "--role",
            "practitioner",
            "--team",
            "East",
            "--name",
            "Jo Bloggs",
        ],
        input="a-long-enough-password\n",
        env=_env(url),
    )
    assert result.exit_code == 0, result.output
    assert "Created jo.bloggs (practitioner) in East." in result.output

    from casework import create_app
    from casework.extensions import db
    from casework.models import User

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "jo.bloggs"))
        assert (user.full_name, user.role, user.team.name) == ("Jo Bloggs", "practitioner", "East")


def test_create_user_refuses_weak_password_and_unknown_role(database_url):
    runner = CliRunner()
    short = runner.invoke(
        main,
        ["create-user", "kim", "--role", "practitioner", "--team", "T"],
        input="short\n",
        env=_env(database_url),
    )
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    common = runner.invoke(
        main,
        ["create-user", "kim", "--role", "administrator", "--team", "T"],
        input="password1234\n",
        env=_env(database_url),
    )
    assert common.exit_code == 1
    assert "it is on a list of passwords people often use" in common.output
    role = runner.invoke(
        main,
        ["create-user", "kim", "--role", "boss", "--team", "T"],
        input="long-enough-pass\n",
        env=_env(database_url),
    )
    assert role.exit_code == 1 and "Unknown role 'boss'" in role.output


def test_commands_refuse_an_unmigrated_database_with_advice(tmp_path):
    result = CliRunner().invoke(
        main, ["demo"], env=_env(f"sqlite:///{tmp_path}/empty.sqlite3", CONVIVIAL_ENV="development")
    )
    assert result.exit_code == 1
    assert "Run `convivial init-db` first" in result.output


def test_demo_prints_the_sign_ins_and_is_idempotent(database_url):
    env = _env(database_url, CONVIVIAL_ENV="development")
    first = CliRunner().invoke(main, ["demo"], env=env)
    second = CliRunner().invoke(main, ["demo"], env=env)
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert demo.DEMO_PASSWORD in first.output
    for username in ("pat", "mo", "dee", "ada", "aud"):
        assert f"  {username} " in first.output
    assert "opened 0 demo case(s)" in second.output

    # Every stage of every shipped pathway has a demo case waiting at it.
    from casework import create_app
    from casework.extensions import db
    from casework.library import service as library
    from casework.models import StageInstance

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x"})
    with app.app_context():
        reached = set(db.session.scalars(select(StageInstance.stage_id)))
        for version in library.latest_pathways():
            pathway = library.pathway_model(version)
            first_stages = {s.id for s in pathway.stages[:3]}
            assert first_stages <= reached, (pathway.id, first_stages - reached)
        assert len(reached) >= 20


def test_demo_refuses_production(database_url):
    result = CliRunner().invoke(main, ["demo"], env=_env(database_url))
    assert result.exit_code == 1 and "Refusing to add demo accounts" in result.output


def test_console_script_is_installed():
    result = subprocess.run(
        [sys.executable, "-m", "casework", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "DATABASE_URL" in result.stdout

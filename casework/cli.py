"""The `convivial` command. Service commands live here; definition commands in designer."""

from __future__ import annotations

import sys

import click

from casework.config import ConfigError

DATABASE_HELP = (
    "Every command uses the database named by the DATABASE_URL environment variable "
    "(for example postgresql://user:pass@host/convivial); without it, a SQLite file in "
    "the instance folder. CONVIVIAL_ENV=development runs locally with a generated "
    "SECRET_KEY; otherwise SECRET_KEY must be set."
)


def _app():
    from casework import create_app

    try:
        return create_app()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group(help="Convivial: forms and pathways for children's social care.\n\n" + DATABASE_HELP)
def main() -> None:
    pass


@main.command(
    "init-db", help="Create or upgrade the database to the latest schema.\n\n" + DATABASE_HELP
)
def init_db() -> None:
    from casework import database
    from casework.auditing import chain

    app = _app()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    database.upgrade(url, audit_key=chain.key_from_config(app.config))
    click.echo(f"Database is up to date ({_describe(url)}).")


@main.command(
    help="Add fictional demo users and data, and print the demo sign-ins.\n\n" + DATABASE_HELP
)
@click.option("--force", is_flag=True, help="Allow demo data outside development.")
def demo(force: bool) -> None:
    from casework import demo as demo_data

    app = _app()
    if app.config["CONVIVIAL_ENV"] == "production" and not force:
        raise click.ClickException(
            "Refusing to add demo accounts to a production service. Either set "
            "CONVIVIAL_ENV=development or pass --force if this really is a demonstration."
        )
    with app.test_request_context():
        _require_schema(app)
        users = demo_data.seed()
        made = demo_data.seed_cases(app.config["LIBRARY_PATH"])
        from casework.timing.demo_service import seed_time

        timed = seed_time()
    click.echo(f"Published the shipped library; opened {made} demo case(s).")
    click.echo(f"Made up recording time for {timed} demo record(s), marked as generated.")
    click.echo(f"Demo sign-ins (password for all: {demo_data.DEMO_PASSWORD}):")
    for username, role, name in users:
        click.echo(f"  {username:<6} {role:<14} {name}")


@main.command(
    "create-user",
    help="Create an account. The password is read from standard input.\n\n" + DATABASE_HELP,
)
@click.argument("username")
@click.option(
    "--role", required=True, help="practitioner, team_manager, designer, administrator or auditor"
)
@click.option("--team", required=True, help="Team name; created if new.")
@click.option("--name", "full_name", help="Full name shown in the service (default: the username).")
def create_user(username: str, role: str, team: str, full_name: str | None) -> None:
    from casework.accounts.service import AccountError
    from casework.accounts.service import create_user as create

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    app = _app()
    with app.app_context():
        _require_schema(app)
        try:
            user = create(username, password=password, role=role, team=team, full_name=full_name)
        except AccountError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Created {user.username} ({user.role}) in {team}.")


@main.command(
    "sync-library",
    help="Publish the library folder's forms and pathways to the database as immutable "
    "versions (new versions only; a changed file with an already-published version "
    "number is refused).\n\n" + DATABASE_HELP,
)
@click.option(
    "--library",
    "library_root",
    type=click.Path(exists=True, file_okay=False),
    help="Folder holding form_library/ and pathways/ (default: the shipped library).",
)
def sync_library(library_root: str | None) -> None:
    from casework.library.service import LibraryError, sync

    app = _app()
    with app.test_request_context():
        _require_schema(app)
        try:
            report = sync(library_root or app.config["LIBRARY_PATH"])
        except LibraryError as exc:
            for problem in exc.problems[:20]:
                click.echo(f"  {problem}", err=True)
            raise click.ClickException(str(exc)) from exc
    click.echo(
        f"Published {len(report.published)} new version(s); "
        f"{len(report.unchanged)} already published."
    )
    for label in report.published:
        click.echo(f"  {label}")


@main.command(help="Run the service with gunicorn.\n\n" + DATABASE_HELP)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=int)
@click.option("--threads", default=4, show_default=True, type=int)
def serve(host: str, port: int, workers: int, threads: int) -> None:
    from casework.server import check_address, run

    # The address first: a busy port is the commonest reason a first run fails.
    check_address(host, port)
    app = _app()
    with app.app_context():
        _require_schema(app)
    # "Convivial is running at ..." comes from the server itself, once it answers.
    run(host=host, port=port, workers=workers, threads=threads)


@main.command(
    help="Fire the pathways' date triggers and draw documents ahead when their time "
    "comes. Safe to run on many machines at once.\n\n" + DATABASE_HELP
)
@click.option("--interval", default=15.0, show_default=True, help="Seconds between looks.")
@click.option("--once", is_flag=True, help="Run what is due now, then stop.")
def worker(interval: float, once: bool) -> None:
    from casework.tasks import worker as job_worker

    app = _app()
    with app.app_context():
        _require_schema(app)
    if not once:
        click.echo(f"Convivial's worker is looking for due jobs every {interval:g} seconds")
    ran = job_worker.run(app, interval=interval, once=once)
    if once:
        click.echo(f"Ran {ran} job(s)")


def _require_schema(app) -> None:
    from casework import database
    from casework.extensions import db

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    pending = database.pending_migrations(db.engine, url)
    if pending:
        raise click.ClickException(
            f"The database ({_describe(url)}) is not up to date. Run `convivial init-db` first."
        )


def _describe(url: str) -> str:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite at {parsed.database}"
    return f"{parsed.get_backend_name()} database {parsed.database} on {parsed.host}"


def _register_definition_commands() -> None:
    """Definition commands need no server or database; they live with the designer."""
    from designer.cli import check_command
    from designer.cli_changes import change_commands

    main.add_command(check_command, "check")
    for command in change_commands:
        main.add_command(command)


_register_definition_commands()


def _register_audit_commands() -> None:
    from casework.auditing.commands import audit_commands

    main.add_command(audit_commands)
    from casework.cases.commands import case_commands
    from casework.subject_access.commands import subject_access

    main.add_command(case_commands)
    main.add_command(subject_access)


_register_audit_commands()


def _register_family_context_commands() -> None:
    from casework.family_context.commands import family_context_commands

    main.add_command(family_context_commands)


_register_family_context_commands()


def _register_census_command() -> None:
    from casework.census.commands import census_command

    main.add_command(census_command)


_register_census_command()

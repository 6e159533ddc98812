"""`convivial audit verify` and `convivial audit head`."""

from __future__ import annotations

import click


@click.group("audit", help="Check the audit log's hash chain, or print its newest hash.")
def audit_commands() -> None:
    pass


def _app():
    from casework.cli import _app as make_app
    from casework.cli import _require_schema

    app = make_app()
    with app.app_context():
        _require_schema(app)
    return app


@audit_commands.command(
    help="Walk the whole chain. Exits 1 and names the first bad entry if any entry was "
    "changed, deleted, inserted or moved, even with the database's triggers dropped."
)
@click.option(
    "--expect-head",
    metavar="HASH",
    help="A hash printed earlier by `convivial audit head` and kept elsewhere: it must "
    "still be in the chain (catches the newest entries being removed).",
)
def verify(expect_head: str | None) -> None:
    from casework.auditing import chain
    from casework.auditing.verify import walk
    from casework.extensions import db

    app = _app()
    with app.app_context(), db.engine.connect() as connection:
        result = walk(connection, chain.key_from_config(app.config), expect_head=expect_head)
    if result.breaks:
        click.echo(f"The audit log fails verification. {result.breaks[0].describe()}.", err=True)
        raise SystemExit(1)
    if result.expected_head_found is False:
        click.echo(
            f"The audit log fails verification: the kept head {expect_head} is not in the "
            "chain, so entries up to it were removed or rewritten.",
            err=True,
        )
        raise SystemExit(1)
    kept = " The kept head is in it." if expect_head else ""
    click.echo(f"The audit log is intact: {result.checked} entries checked.{kept}")


@audit_commands.command(
    help="Print the newest entry's id, time and hash. Keep it somewhere the database's "
    "owners cannot write, and check later with `verify --expect-head HASH`."
)
def head() -> None:
    from casework.auditing.chain import _when
    from casework.auditing.verify import head as newest
    from casework.extensions import db

    app = _app()
    with app.app_context(), db.engine.connect() as connection:
        found = newest(connection)
    if found is None:
        click.echo("The audit log is empty.")
        return
    entry_id, digest, at = found
    click.echo(f"{digest} entry {entry_id} at {_when(at)} UTC")

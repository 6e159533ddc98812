"""`convivial case stalled` and `convivial case name-person`: restricted cases nobody can open."""

from __future__ import annotations

import sys

import click


@click.group("case", help="Restricted cases that nobody who can sign in is able to open.")
def case_commands() -> None:
    pass


def _app():
    from casework.auditing.commands import _app as make_app

    return make_app()


@case_commands.command(help="List open restricted cases that nobody who can sign in can open.")
def stalled() -> None:
    from casework.cases import naming

    with _app().app_context():
        cases = naming.stalled()
        for case in cases:
            named = ", ".join(f"{n.user.full_name} ({n.why})" for n in naming.named(case))
            click.echo(f"{case.reference}  {case.team.name}  named: {named or 'nobody'}")
        click.echo(f"{len(cases)} restricted case(s) nobody can open.")


@case_commands.command(
    "name-person",
    help="Name someone on a restricted case nobody can open, with the reason. Shows what "
    "would change unless --write is given. REFERENCE is the case reference (CV-000123); "
    "USERNAME the practitioner or team manager to name.",
)
@click.argument("reference")
@click.argument("username")
@click.option("--reason", required=True, help="Why this person is named (kept and audited).")
@click.option("--by", "by", required=True, metavar="USERNAME", help="The administrator acting.")
@click.option("--write", is_flag=True, help="Make the change (without it, nothing changes).")
def name_person(reference: str, username: str, reason: str, by: str, write: bool) -> None:
    from casework.cases import naming

    with _app().app_context():
        admin = naming.find_user(by) if not by.isdigit() else None
        if admin is None or admin.role != "administrator" or not admin.active:
            click.echo(f"--by must name an administrator who can sign in; {by!r} is not one.")
            sys.exit(2)
        case = naming.by_reference(reference)
        if case is None or not case.restricted:
            click.echo(f"There is no restricted case {reference!r}.")
            sys.exit(2)
        person = naming.find_user(username) if not username.isdigit() else None
        if person is None:
            click.echo(f"There is no account {username!r}.")
            sys.exit(2)
        if not write:
            if naming.can_act(case):
                names = ", ".join(u.full_name for u in naming.can_act(case))
                click.echo(f"{case.reference} is not stalled: {names} can already open it.")
                sys.exit(1)
            click.echo(
                f"Would name {person.full_name} on {case.reference} because: {reason}\n"
                "Nothing changed. Run again with --write to make the change."
            )
            return
        try:
            naming.name_for_stalled(admin, case, person.id, reason)
        except naming.NamingRefused as refused:
            click.echo(str(refused))
            sys.exit(1)
        click.echo(f"Named {person.full_name} on {case.reference}. The change is audited.")

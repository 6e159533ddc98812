"""`convivial subject-access PERSON_ID -o FOLDER`: the bundle as HTML, PDF and JSON."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click


@click.command(
    "subject-access",
    help="Write everything held about one person (PERSON_ID, as the subject access screen "
    "shows) to FOLDER as a web page, a PDF and a JSON file, with other people's "
    "information marked for redaction review. The export is audited.",
)
@click.argument("person_id", type=int)
@click.option("-o", "--output", "folder", required=True, type=click.Path(file_okay=False))
@click.option("--request", "request_reference", required=True, help="The request's reference.")
@click.option("--by", "by", required=True, metavar="USERNAME", help="The administrator acting.")
def subject_access(person_id: int, folder: str, request_reference: str, by: str) -> None:
    from casework.auditing.commands import _app
    from casework.cases.naming import find_user
    from casework.subject_access import service

    app = _app()
    with app.app_context():
        officer = find_user(by) if not by.isdigit() else None
        if officer is None or officer.role != "administrator" or not officer.active:
            click.echo(f"--by must name an administrator who can sign in; {by!r} is not one.")
            sys.exit(2)
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        for fmt in service.FORMATS:
            try:
                made = service.export(officer, person_id, request_reference, fmt, date.today())
            except service.RequestRefused as refused:
                click.echo(str(refused))
                sys.exit(2)
            (out / made.filename).write_bytes(made.content)
            click.echo(f"Wrote {out / made.filename}")
        click.echo(
            f"{len(made.bundle.records)} record(s) across {len(made.bundle.cases)} case(s). "
            "Review everything marked Third party before release."
        )

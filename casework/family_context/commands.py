"""`convivial family-context import FOLDER`: preview by default, --write to import."""

from __future__ import annotations

from pathlib import Path

import click


@click.group("family-context", help="Import what other services hold about families.")
def family_context_commands() -> None:
    pass


@family_context_commands.command(
    "import",
    help="Check the CSV files in FOLDER (people.csv and any service files) and say who "
    "would be matched to which case. Nothing is saved unless --write is given; with it, "
    "everything is imported in one go, or nothing if any row is wrong.",
)
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--write", is_flag=True, help="Import, rather than only preview.")
def import_command(folder: Path, write: bool) -> None:
    from casework.audit import record
    from casework.cli import _app, _require_schema
    from casework.family_context import service

    files = {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}
    if not files:
        raise click.ClickException(f"There are no .csv files in {folder}.")
    app = _app()
    with app.test_request_context():
        _require_schema(app)
        who = "convivial family-context import"
        checked = service.import_files(files, username=who) if write else service.preview(files)
        if checked.problems:
            service.record_refused(checked, username=who)
            for p in checked.problems:
                where = ", ".join(
                    x for x in (p.file, f"row {p.row}" if p.row else "", p.column or "") if x
                )
                click.echo(f"{where}: {p.message} {p.fix}", err=True)
            raise click.ClickException(f"{len(checked.problems)} problem(s); nothing was imported.")
        if not write:
            record(
                "family_context_previewed",
                username=who,
                detail={"people": len(checked.people), "held": len(checked.held)},
                case_ids=checked.case_ids,
            )
        for p in checked.people:
            state = "matched" if p.match.state == "matched" else f"held ({p.match.reason})"
            click.echo(f"{p.case.reference}  {p.row['first_name']} {p.row['last_name']}: {state}")
        verb = "Imported" if write else "Would import"
        click.echo(
            f"{verb} {len(checked.people)} people on {len(checked.case_ids)} case(s); "
            f"{len(checked.held)} held for review."
            + ("" if write else " Nothing was saved: add --write to import.")
        )

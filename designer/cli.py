"""`convivial check`: check definitions without a server or a database."""

from __future__ import annotations

import json

import click

from renderer.definitions.check import check_paths


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable report.")
def check_command(paths: tuple[str, ...], strict: bool, as_json: bool) -> None:
    """Check forms and pathways (files or folders; default: form_library and pathways).

    Prints each problem as file:line:col: CODE message, then how to fix it. Exits 1 if
    there are errors (or, with --strict, warnings), otherwise 0.
    """
    report = check_paths(list(paths))
    if as_json:
        click.echo(json.dumps(report.to_dict(strict), indent=2, ensure_ascii=False))
    else:
        for p in report.problems:
            label = "" if p.is_error else "warning: "
            click.echo(f"{p.location()}: {p.code} {label}{p.message}")
            if p.path:
                click.echo(f"    at {p.path}")
            click.echo(f"    fix: {p.fix}")
        click.echo(report.summary())
    raise SystemExit(1 if report.failed(strict) else 0)

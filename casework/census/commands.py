"""`convivial census --year YYYY -o FILE.xml`."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(
    "census",
    help="Write the children in need census for the year ending 31 March YYYY, built "
    "from completed records through the census items their questions carry.",
)
@click.option("--year", type=int, required=True, help="The census year, e.g. 2027 for 2026-27.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--la", default="999", show_default=True, help="The council's DfE LA number.")
def census_command(year: int, output: Path, la: str) -> None:
    from casework.census import build, service
    from casework.cli import _app, _require_schema
    from casework.models.time import utcnow

    app = _app()
    with app.test_request_context():
        _require_schema(app)
        children = service.children()
        included = [c for c in children if build.in_year(c, year)]
        output.write_bytes(build.to_bytes(build.build(children, year=year, la=la, now=utcnow())))
        service.record_built(year, included, username="convivial census")
    click.echo(f"Wrote {len(included)} children to {output}.")

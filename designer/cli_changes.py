"""`convivial publish | diff | apply | export | import`: change logs and exchange.

Commands work on the library in the current folder (form_library/, pathways/,
change_log/) unless --library DIR is given. Exit statuses (docs/changes.md):
0 clean; 1 conflicts awaiting a decision (import only); 2 refused input or a usage error.
"""

from __future__ import annotations

import datetime as _dt
import getpass
import html
import json
import sys
from pathlib import Path

import click

from designer.changes import (
    ApplyError,
    BundleRefused,
    ChangeSetError,
    DefinitionError,
    Library,
    apply_changeset,
    describe,
    diff,
    export_bundle,
    kind_of,
    plan_import,
    publish,
    read_bundle,
    read_yaml,
    sha256_of,
    write_import,
)

CLEAN, CONFLICTS, REFUSED = 0, 1, 2
# Only import can stop for a decision; the other commands either do it or refuse.
EXIT_HELP = (
    "\b\nExit status:\n  0  done\n  2  refused input (invalid, tampered or unsafe) or a usage error"
)
IMPORT_EXIT_HELP = (
    "\b\nExit status:\n"
    "  0  clean: done (or, without --write, would be done) with nothing to decide\n"
    "  1  conflicts awaiting a decision (nothing conflicting was written)\n"
    "  2  refused input (invalid, tampered, damaged or unsafe) or a usage error"
)
library_option = click.option(
    "--library",
    "library_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default="the current folder",
    help="Library folder holding form_library/, pathways/ and change_log/.",
)


def _refuse(message: str) -> None:
    click.echo(f"Refused: {message}", err=True)
    sys.exit(REFUSED)


def _author(author: str | None) -> str:
    if author:
        return author
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _today() -> str:
    return _dt.date.today().isoformat()


@click.command("publish", epilog=EXIT_HELP)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--rationale", required=True, help="Why the working group made this change.")
@click.option("--author", help="Who made it (default: your user name).")
@click.option("--council", help="The council publishing it.")
@click.option("--link", "links", multiple=True, help="Link to the discussion (repeatable).")
@library_option
def publish_command(paths, rationale, author, council, links, library_dir):
    """Record hand-edited definition files as new versions, each with its change set
    in change_log/. With no PATHS, every form and pathway in the library is checked and
    the changed ones are published."""
    library = Library(library_dir)
    try:
        results = publish(
            library,
            list(paths) or None,
            rationale=rationale,
            author=_author(author),
            council=council,
            date=_today(),
            links=list(links) or None,
        )
    except (DefinitionError, ChangeSetError, ApplyError) as exc:
        _refuse(str(exc))
    for r in results:
        if r.version is None:
            click.echo(f"{r.kind} {r.id}: unchanged")
        else:
            n = len(r.changeset["operations"])
            changes = "1 change" if n == 1 else f"{n} changes"
            click.echo(f"{r.kind} {r.id}: version {r.version} ({changes}) -> {r.changeset_path}")
    sys.exit(CLEAN)


def _load_version(library: Library, ref: str) -> dict:
    """A file path, or ID@VERSION rebuilt from the change log."""
    path = Path(ref)
    if path.exists():
        return read_yaml(path.read_bytes(), str(path))
    doc_id, _, version = ref.partition("@")
    if not version.isdigit():
        raise click.BadParameter(f"{ref!r} is neither a file nor ID@VERSION")
    kind = "pathway" if (library.root / "pathways" / f"{doc_id}.yaml").exists() else "form"
    return library.rebuild(doc_id, kind, int(version))


def _html(rows: list[dict], old: dict, new: dict) -> str:
    cells = "\n".join(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
            html.escape(r["category"]),
            html.escape(r["sentence"]),
            html.escape(json.dumps(r.get("old"), ensure_ascii=False)) if "old" in r else "",
            html.escape(json.dumps(r.get("new"), ensure_ascii=False)) if "new" in r else "",
        )
        for r in rows
    )
    title = html.escape(f"{new.get('id')}: version {old.get('version')} to {new.get('version')}")
    return (
        f'<!doctype html>\n<html lang="en"><meta charset="utf-8"><title>{title}</title>\n'
        f"<h1>{title}</h1>\n<table>\n<thead><tr><th>Change</th><th>What changed</th>"
        f"<th>Was</th><th>Now</th></tr></thead>\n<tbody>\n{cells}\n</tbody>\n</table>\n</html>\n"
    )


@click.command("diff", epilog=EXIT_HELP)
@click.argument("old")
@click.argument("new")
@click.option("--json", "as_json", is_flag=True, help="Operations and sentences as JSON.")
@click.option("--html", "as_html", is_flag=True, help="A standalone HTML page.")
@library_option
def diff_command(old, new, as_json, as_html, library_dir):
    """What changed between two versions of a form or pathway, by id. OLD and NEW are
    files, or ID@VERSION to rebuild a version from change_log/."""
    library = Library(library_dir)
    try:
        a, b = _load_version(library, old), _load_version(library, new)
    except (DefinitionError, ChangeSetError) as exc:
        _refuse(str(exc))
    if kind_of(a) != kind_of(b) or a.get("id") != b.get("id"):
        _refuse("OLD and NEW must be versions of the same form or pathway")
    rows = describe(diff(a, b), a, b)
    if as_json:
        click.echo(json.dumps({"id": b["id"], "changes": rows}, indent=2, ensure_ascii=False))
    elif as_html:
        click.echo(_html(rows, a, b), nl=False)
    else:
        for row in rows:
            click.echo(f"- {row['sentence']}")
        click.echo(f"{len(rows)} change{'s' if len(rows) != 1 else ''}")
    sys.exit(CLEAN)


@click.command("apply", epilog=EXIT_HELP)
@click.argument("changeset", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--write", is_flag=True, help="Write the result (default: a dry run).")
@library_option
def apply_command(changeset, write, library_dir):
    """Apply a change set to the version it was made on. Refused if the library's
    version is not that one (use import to merge onto a version that has moved on)."""
    library = Library(library_dir)
    try:
        cs = read_yaml(changeset.read_bytes(), str(changeset))
        kind, doc_id = cs["target"]["kind"], cs["target"]["id"]
        base = library.current(kind, doc_id)
        result = apply_changeset(cs, base)
    except (DefinitionError, ChangeSetError, ApplyError, KeyError, TypeError) as exc:
        _refuse(str(exc))
    for row in describe(cs["operations"], base or {}, result, kind):
        click.echo(f"- {row['sentence']}")
    if write:
        library.write_changeset(cs)
        path = library.write_definition(result, kind)
        click.echo(f"Wrote {path} (version {result['version']}, sha256 {sha256_of(result)[:12]})")
    else:
        click.echo(f"Dry run: {doc_id} would become version {result['version']} (use --write)")
    sys.exit(CLEAN)


@click.command("export", epilog=EXIT_HELP)
@click.argument("pathway")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--council", required=True, help="The exporting council (recorded in the manifest).")
@library_option
def export_command(pathway, output, council, library_dir):
    """Write a bundle: the pathway, its forms and their change logs, with a manifest of
    hashes and provenance."""
    try:
        manifest = export_bundle(Library(library_dir), pathway, output, council=council)
    except (FileNotFoundError, DefinitionError) as exc:
        _refuse(str(exc))
    click.echo(f"Wrote {output}: {len(manifest['files'])} files from {council}")
    sys.exit(CLEAN)


def _report(plan) -> None:
    b = plan.bundle
    exported = b.manifest["exported_at"]
    click.echo(f"Bundle of '{b.manifest['pathway']}' from {b.council}, exported {exported}")
    for item in plan.items:
        click.echo(f"{item.kind} {item.id}: {item.status}")
        if item.result:
            for op in item.result.applied:
                row = describe([op], item.result.merged, item.theirs, item.kind)[0]
                click.echo(f"  take: {row['sentence']}")
            for c in item.result.conflicts:
                if c.level == "declined":
                    click.echo(f"  {c.reason[:1].upper()}{c.reason[1:]}: {c.sentence}")
                    click.echo("    not taken (--reconsider-declined offers it again)")
                    continue
                decided = f" -> {c.decision}" if c.decision else " -> awaiting a decision"
                click.echo(
                    f"  {c.level} conflict on {c.subject}: {c.sentence} ({c.reason}){decided}"
                )
        for problem in item.problems:
            click.echo(f"  not valid once merged: {problem}")


@click.command("import", epilog=IMPORT_EXIT_HELP)
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--write", is_flag=True, help="Merge what merges cleanly (default: preview).")
@click.option("--prefer", type=click.Choice(["ours", "theirs"]), help="Decide hard conflicts.")
@click.option("--author", help="Who is importing (default: your user name).")
@click.option("--council", help="The importing council.")
@click.option("--rationale", help="Why you are taking these changes (added to the change log).")
@click.option(
    "--reconsider-declined",
    is_flag=True,
    help="Offer again the changes this library declined or kept ours for in an earlier "
    "import (by default they are listed and not taken).",
)
@library_option
def import_command(
    bundle, write, prefer, author, council, rationale, reconsider_declined, library_dir
):
    """Preview (or with --write, merge) another council's bundle. The bundle is checked
    as untrusted input first and refused with the reason if any check fails. Hard
    conflicts are never written until decided with --prefer; statutory fields are
    never removed by an import. A change declined in an earlier import (a conflict
    decided with --prefer ours, or a change left unticked on the import screen) is
    listed with when, who and why, and not taken unless --reconsider-declined."""
    library = Library(library_dir)
    try:
        checked = read_bundle(bundle)
    except BundleRefused as exc:
        _refuse(str(exc))
    try:
        plan = plan_import(library, checked, prefer, reconsider=reconsider_declined)
    except (DefinitionError, ChangeSetError) as exc:
        _refuse(f"the local library: {exc}")
    _report(plan)
    if write:
        for doc_id, version in write_import(
            library, plan, author=_author(author), council=council, date=_today(), note=rationale
        ):
            click.echo(f"Wrote {doc_id} version {version}")
    if plan.pending:
        click.echo(f"{len(plan.pending)} definition(s) await a decision (see above).", err=True)
        sys.exit(CONFLICTS)
    sys.exit(CLEAN)


change_commands = [publish_command, diff_command, apply_command, export_command, import_command]

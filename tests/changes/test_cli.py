"""The command line: outputs and the documented exit statuses (0 clean, 1 conflicts, 2 refused)."""

from __future__ import annotations

import json
import zipfile

from click.testing import CliRunner

from designer.changes.change_log import Library
from designer.cli_changes import change_commands

from .helpers import edit, field, load, with_bad_crc

COMMANDS = {c.name: c for c in change_commands}


def run(name, *args):
    result = CliRunner().invoke(COMMANDS[name], [str(a) for a in args])
    return result.exit_code, result.output


def test_help_documents_the_exit_statuses():
    for command in change_commands:
        code, out = run(command.name, "--help")
        assert code == 0
        assert "2  refused input" in out
        # Only import stops for a decision; the others must not promise a status 1.
        assert ("1  conflicts awaiting a decision" in out) == (command.name == "import")


def test_diff_text_json_and_html(council_library):
    lib = council_library("diffs")
    edit(lib, "form", "core_group_review", lambda d: _move_network(d))
    code, out = run(
        "diff",
        "--library",
        lib,
        "core_group_review@1",
        lib / "form_library" / "core_group_review.yaml",
    )
    assert code == 0
    assert "Moved 'Who is in the safety network?'" in out or "Moved '" in out
    assert "from 'The plan" in out or " to '" in out
    code, out = run(
        "diff",
        "--json",
        "--library",
        lib,
        "core_group_review@1",
        lib / "form_library" / "core_group_review.yaml",
    )
    rows = json.loads(out)["changes"]
    assert [r["category"] for r in rows] == ["moved"]
    assert rows[0]["op"]["to"][:2] == ["sections", "whats_changed"]
    code, out = run(
        "diff",
        "--html",
        "--library",
        lib,
        "core_group_review@1",
        lib / "form_library" / "core_group_review.yaml",
    )
    assert code == 0 and out.startswith("<!doctype html>") and "&#x27;" in out


def _move_network(doc):
    plan = next(s for s in doc["sections"] if s["id"] == "the_plan")
    network = next(f for f in plan["fields"] if f["id"] == "safety_network")
    plan["fields"].remove(network)
    next(s for s in doc["sections"] if s["id"] == "whats_changed")["fields"].insert(0, network)


def test_apply_dry_run_write_and_refusal(council_library):
    source, target = council_library("source"), council_library("target")
    edit(
        source,
        "form",
        "strategy_discussion",
        lambda d: field(d, "concern_summary").update(label="What worries us?"),
    )
    assert run("publish", "--library", source, "--rationale", "Plainer", "--author", "A")[0] == 0
    [*_, cs_path] = sorted((source / "change_log" / "strategy_discussion").glob("*.yaml"))

    code, out = run("apply", cs_path, "--library", target)
    assert code == 0 and "Dry run" in out and "Relabelled" in out
    assert field(load(target, "form", "strategy_discussion"), "concern_summary")["label"] != (
        "What worries us?"
    )
    code, out = run("apply", cs_path, "--write", "--library", target)
    assert code == 0, out
    assert load(target, "form", "strategy_discussion") == load(
        source, "form", "strategy_discussion"
    )
    assert Library(target).rebuild("strategy_discussion", "form")["version"] == 2

    code, out = run("apply", cs_path, "--library", target)  # base has moved on
    assert code == 2 and "Refused" in out and "was made on version 1" in out


def test_publish_of_an_invalid_file_is_refused(council_library):
    lib = council_library("broken")
    edit(lib, "form", "strategy_discussion", lambda d: d.update(sections=[]))
    code, out = run("publish", "--library", lib, "--rationale", "Oops", "--author", "A")
    assert code == 2 and "Refused" in out and "sections" in out


def test_import_of_a_tampered_bundle_exits_2(council_library, tmp_path):
    lib = council_library("exporter")
    bundle = tmp_path / "b.zip"
    assert (
        run("export", "child_protection", "-o", bundle, "--council", "A", "--library", lib)[0] == 0
    )
    data = bundle.read_bytes()
    bundle.write_bytes(data[: len(data) // 2])
    code, out = run("import", bundle, "--library", council_library("importer"))
    assert code == 2 and "Refused: the bundle is not a readable zip file" in out


def test_import_of_a_bundle_with_a_damaged_member_exits_2_with_the_reason(
    council_library, tmp_path
):
    lib = council_library("exporter")
    bundle = tmp_path / "b.zip"
    run("export", "child_protection", "-o", bundle, "--council", "A", "--library", lib)
    bundle.write_bytes(with_bad_crc(bundle.read_bytes()))
    result = CliRunner().invoke(
        COMMANDS["import"], [str(bundle), "--library", str(council_library("importer"))]
    )
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Refused: " in result.output and "is damaged or unreadable (Bad CRC-32" in result.output


def test_import_of_an_unchanged_bundle_is_clean(council_library, tmp_path):
    lib = council_library("same")
    bundle = tmp_path / "b.zip"
    run("export", "child_protection", "-o", bundle, "--council", "A", "--library", lib)
    code, out = run("import", bundle, "--library", council_library("other"))
    assert code == 0, out
    assert "up to date" in out


def test_export_twice_gives_the_same_bytes_whatever_the_clock(council_library, tmp_path):
    """docs/changes.md promises the same library gives the same bytes: the manifest carries
    the newest change's date, not the time of export, and zip members carry no clock."""
    import time_machine
    import yaml

    lib = council_library("exporter")
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    with time_machine.travel("2026-12-01 09:00:00Z", tick=False):
        code, out = run(
            "export", "child_protection", "-o", first, "--council", "A", "--library", lib
        )
        assert code == 0, out
    with time_machine.travel("2027-03-05 17:31:07Z", tick=False):
        code, out = run(
            "export", "child_protection", "-o", second, "--council", "A", "--library", lib
        )
        assert code == 0, out
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as zf:
        manifest = yaml.safe_load(zf.read("manifest.yaml"))
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        logs = [n for n in zf.namelist() if n.startswith("change_log/")]
        newest = max(str(yaml.safe_load(zf.read(n))["date"]) for n in logs)
    assert str(manifest["exported_at"]) == newest

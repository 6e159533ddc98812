"""`convivial check` through click's CliRunner."""

import json
import re
import shutil

from click.testing import CliRunner

from designer.cli import check_command

from .conftest import FIXTURE_FORMS, HERE

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>CV\d{3}) (?P<msg>.+)$")


def run(*args):
    return CliRunner().invoke(check_command, list(args))


def test_clean_folder_exits_0():
    result = run(str(FIXTURE_FORMS))
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "Checked 4 files: 0 errors, 0 warnings."


def test_error_exits_1_and_prints_file_line_col_code_then_fix():
    path = HERE / "broken" / "cv201_unknown_key.yaml"
    result = run(str(path))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    m = LINE.match(lines[0])
    assert m, lines[0]
    assert (m["file"], m["line"], m["col"], m["code"]) == (str(path), "16", "9", "CV201")
    assert "Did you mean 'hint'?" in m["msg"]
    assert lines[1].strip() == "at sections[0].fields[0].hnt"
    assert lines[2].strip().startswith("fix: Either ")
    assert lines[-1] == "Checked 1 file: 1 error, 0 warnings."


def test_warnings_alone_pass_unless_strict():
    path = str(HERE / "broken" / "cv902_jargon.yaml")
    plain = run(path)
    assert plain.exit_code == 0
    assert " CV902 warning: " in plain.output
    assert run("--strict", path).exit_code == 1


def test_json_report_is_machine_readable():
    path = str(HERE / "broken" / "cv303_duplicate_field.yaml")
    result = run("--json", path)
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False
    assert report["errors"] == 1 and report["warnings"] == 0
    (problem,) = report["problems"]
    assert problem["code"] == "CV303"
    assert problem["line"] == 19
    assert problem["severity"] == "error"
    assert set(problem) == {"code", "severity", "file", "line", "column", "path", "message", "fix"}


def test_default_paths_are_the_current_library(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURE_FORMS, "form_library")
    ok = run()
    assert ok.exit_code == 0, ok.output
    assert "Checked 4 files" in ok.output
    (tmp_path / "pathways").mkdir()
    (tmp_path / "pathways" / "p.yaml").write_text(
        "id: p\nversion: 1\ntitle: P\npurpose: P.\nowner: T\n"
        "stages:\n  - id: visit\n    title: Visit\n    form: fx_visitt\n"
    )
    bad = run()
    assert bad.exit_code == 1
    assert "pathways/p.yaml:9:11: CV501 Stage 'visit' uses form 'fx_visitt'" in bad.output
    assert "Did you mean 'fx_visit'?" in bad.output


def test_missing_path_is_an_error_not_a_traceback(tmp_path):
    result = run(str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert "CV109 No such file or folder." in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_hostile_file_is_reported_not_raised(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("id: bomb\nx: !!python/object/apply:os.system ['true']\n")
    result = run(str(bomb))
    assert result.exit_code == 1
    assert f"{bomb}:2:4: CV103" in result.output

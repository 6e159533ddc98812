"""Each file in broken/ declares the one problem it must produce, and where."""

import re
from pathlib import Path

import pytest

from renderer.definitions.loader import check_form_file, check_pathway_file

from .conftest import HERE

BROKEN = sorted((HERE / "broken").glob("*.yaml"))
EXPECT = re.compile(r"# expect: (CV\d{3}) at line (\d+) \((form|pathway)\)$")


def test_there_are_enough_broken_files():
    assert len(BROKEN) >= 25
    codes = {EXPECT.match(p.read_text().splitlines()[0]).group(1) for p in BROKEN}
    assert len(codes) >= 25


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_file_gives_exactly_its_code_at_its_line(path: Path, fixture_forms):
    m = EXPECT.match(path.read_text().splitlines()[0])
    assert m, "first line must be '# expect: CVnnn at line N (form|pathway)'"
    code, line, kind = m.group(1), int(m.group(2)), m.group(3)
    if kind == "form":
        model, problems = check_form_file(path)
    else:
        model, problems = check_pathway_file(path, fixture_forms)
    if code.startswith("CV9"):  # a warning: the file must otherwise be valid
        assert [p for p in problems if p.is_error] == []
        assert model is not None
        got = [(p.code, p.line) for p in problems if not p.is_error]
    else:
        assert model is None
        got = [(p.code, p.line) for p in problems if p.is_error]
    assert got == [(code, line)], [str(p) for p in problems]
    for p in problems:
        assert p.file == str(path)
        assert p.fix.startswith("Either ") and " or" in p.fix
        assert p.column >= 1

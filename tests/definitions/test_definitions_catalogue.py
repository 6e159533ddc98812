"""The catalogue, its documentation and the package's purity."""

import re
import subprocess
import sys

from renderer.definitions import CATALOGUE

from .conftest import ROOT


def test_every_code_is_documented_and_every_documented_code_exists():
    doc = (ROOT / "docs" / "errors.md").read_text()
    documented = set(re.findall(r"^## (CV\d{3})\b", doc, re.M))
    assert documented == set(CATALOGUE)


def test_codes_are_in_their_ranges_with_either_or_fixes():
    for code, entry in CATALOGUE.items():
        assert re.fullmatch(r"CV[1-59]\d\d", code)
        assert (entry.severity == "warning") == code.startswith("CV9")
        assert entry.fix.startswith("Either ") and " or" in entry.fix, code


def test_the_language_imports_no_web_or_database_framework():
    code = (
        "import sys, renderer.definitions, renderer.definitions.check, designer.cli\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'flask', 'sqlalchemy', 'wtforms', 'flask_wtf', 'casework'})\n"
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == ""

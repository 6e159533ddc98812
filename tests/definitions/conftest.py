from pathlib import Path

import pytest

from renderer.definitions import load_library

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
FIXTURE_FORMS = HERE / "fixtures" / "form_library"


@pytest.fixture(scope="session")
def fixture_forms():
    result = load_library([FIXTURE_FORMS])
    assert not result.errors, result.errors
    return result.forms

"""Fixtures for document tests through the service: the app with the documents
blueprint (until casework/__init__.py registers it), and a case with a record."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

import casework.models.documents  # noqa: F401 - maps the issued_documents table
from tests.casework.conftest import demo_users, sign_in  # noqa: F401 - shared fixtures

MINI = Path(__file__).resolve().parents[1] / "casework" / "mini_library"

# The mini library's first visit, with the parts a family document must handle.
FIRST_VISIT_EXTRA = """
      - id: police_check
        type: long_text
        label: What the police check found
        share_with_family: false
      - id: words
        type: childs_words
        label: What the child told us
        family_label: What Ruby told us
      - id: helpers
        type: repeating_group
        label: Who helps the family
        fields:
          - id: helper_name
            type: text
            label: Name
          - id: helper_note
            type: text
            label: Private note about them
            share_with_family: false
"""


@pytest.fixture
def app(app):
    from casework.documents.routes import bp

    if "documents" not in app.blueprints:
        app.register_blueprint(bp)
    return app


@pytest.fixture
def library_root(app, demo_users, tmp_path):  # noqa: F811 - the shared fixture
    from casework.library import service as library

    root = tmp_path / "library"
    shutil.copytree(MINI, root)
    form = root / "form_library" / "first_visit.yaml"
    text = form.read_text()
    marker = "        label: What we saw and heard\n"
    form.write_text(text.replace(marker, marker + FIRST_VISIT_EXTRA, 1))
    app.config["LIBRARY_PATH"] = str(root)
    with app.test_request_context():
        library.sync(root)
    return root


@dataclass
class Setup:
    case_id: int
    record_id: int
    mum_id: int


ANSWERS = {
    "visit_date": "2026-11-20",
    "child_seen": "yes",
    "what_we_saw": "A tidy home; Ruby was playing with her cat.",
    "police_check": "POLICE-ONLY-7Q: a caution in 2019.",
    "words": {
        "variant": "three_houses",
        "worries": "i dont like it when daddy shouts",
        "good_things": "my cat Tiddles",
        "facilitated_by": "Pat",
        "consent_to_share": "yes",
    },
    "helpers": [{"helper_name": "Grandma Jean", "helper_note": "NOTE-ONLY-3K"}],
    "next_step": "plan",
}


@pytest.fixture
def visit(app, library_root):
    from casework.accounts import service as accounts
    from casework.cases import service as cases
    from casework.extensions import db
    from casework.models import Record, StageInstance
    from casework.records import service as records

    with app.test_request_context():
        pat = accounts.find("pat")
        case = cases.open_case(
            pat,
            pathway_id="mini",
            child=cases.NewChild("Ruby", "Lane", date(2019, 5, 1)),
            referral_received=date.today(),
        )
        mum = cases.add_person(case, role="parent", first_name="Amy", last_name="Lane")
        instance = db.session.query(StageInstance).filter_by(case_id=case.id).one()
        record = records.start(pat, case, instance)
        record = db.session.get(Record, record.id)
        record.answers = dict(ANSWERS)
        record.revision += 1
        db.session.commit()
        return Setup(case.id, record.id, mum.id)

"""Records on two versions of one form, with the shipped library published."""

from __future__ import annotations

import secrets
from datetime import date

import pytest
from sqlalchemy import select

from casework.accounts import service as accounts
from casework.cases import service as cases
from casework.extensions import db
from casework.library import service as library
from casework.models import FormVersion, StageInstance
from casework.records import service as records
from tests.casework.conftest import csrf_from, demo_users, sign_in  # noqa: F401 - fixtures


def _new_record(user, n: int):
    case = cases.open_case(
        user,
        pathway_id="child_protection",
        child=cases.NewChild(f"Child{n}", "Timing", date(2018, 4, 2)),
        referral_received=date(2026, 11, 20),
    )
    instance = db.session.scalar(select(StageInstance).where(StageInstance.case_id == case.id))
    return records.start(user, case, instance)


def publish_next_version(version: FormVersion) -> FormVersion:
    definition = dict(version.definition)
    definition["version"] = version.version + 1
    newer = FormVersion(
        form_id=version.form_id,
        version=version.version + 1,
        sha256=secrets.token_hex(32),
        title=version.title,
        purpose=version.purpose,
        definition=definition,
    )
    db.session.add(newer)
    db.session.commit()
    return newer


@pytest.fixture
def two_versions(app, demo_users):  # noqa: F811 - the fixture above
    """Three records on version 1 of the first stage's form, two moved to version 2."""
    with app.test_request_context():
        library.sync(app.config["LIBRARY_PATH"])
        pat = accounts.find("pat")
        made = [_new_record(pat, n) for n in range(5)]
        old = made[0].form_version
        newer = publish_next_version(old)
        for record in made[3:]:
            records.move_to_version(pat, record, newer.id)
        sections = [s.id for s in library.form_model(old).sections]
        return {
            "form_id": old.form_id,
            "old": [r.id for r in made[:3]],
            "new": [r.id for r in made[3:]],
            "sections": sections,
            "versions": (old.version, newer.version),
        }

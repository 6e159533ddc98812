"""The chronology's family version, page, print and tagged PDF, leaks no professional-only
answer: every form of the library answered with a marker in every field (the marker test
of the family documents), each record significant, on one case."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest

from casework.accounts import service as accounts
from casework.cases import service as cases
from casework.extensions import db
from casework.library import service as library
from casework.models import Record
from casework.models.time import utcnow
from tests.documents.fill import marked_answers
from tests.documents.test_family_version import LIBRARY, marker, professional_only


def _case_with_every_form_answered(app, choice: int) -> int:
    with app.test_request_context():
        library.sync(app.config["LIBRARY_PATH"])
        pat = accounts.find("pat")
        case = cases.open_case(
            pat,
            pathway_id="child_protection",
            child=cases.NewChild("Marker", "Child", date(2019, 5, 1)),
            referral_received=date(2026, 10, 1),
        )
        for form_id in sorted(LIBRARY.forms):
            version = library.latest_form_version(form_id)
            answers, _ = marked_answers(library.form_model(version), marker, choice=choice)
            db.session.add(
                Record(
                    case_id=case.id,
                    form_version_id=version.id,
                    status="completed",
                    answers=answers,
                    significant=True,
                    created_by_id=pat.id,
                    submitted_at=utcnow(),
                )
            )
        db.session.commit()
        return case.id


def _pdf_text(pdf: bytes, tmp_path) -> tuple[str, str]:
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return text, info


@pytest.mark.parametrize("choice", [0, 1])
def test_no_professional_only_marker_in_the_family_chronology(
    app, client, demo_users, sign_in, tmp_path, choice
):
    case_id = _case_with_every_form_answered(app, choice)
    sign_in("pat")
    base = f"/cases/{case_id}/chronology"
    family = {
        "page": client.get(f"{base}?audience=family").get_data(as_text=True),
        "print page": client.get(f"{base}/print?audience=family").get_data(as_text=True),
    }
    pdf = client.get(f"{base}/family.pdf").data
    family["PDF text"], info = _pdf_text(pdf, tmp_path)
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    professional = client.get(f"{base}/print?audience=professional").get_data(as_text=True)
    leaked, found = [], 0
    for form_id, form in LIBRARY.forms.items():
        for field_id in professional_only(form):
            m = marker(field_id)
            leaked += [f"{form_id}.{field_id} in the {w}" for w, c in family.items() if m in c]
            found += m in professional
    assert leaked == []
    assert found > 0  # the markers are findable: the professional version quotes them
    # The family version is not empty: it quotes what the family may read.
    assert "QZwhathappenedKX" in family["PDF text"] and "QZwhathappenedKX" in family["page"]

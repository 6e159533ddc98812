"""The import flow through the web: council B imports council A's bundle."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from markupsafe import escape
from sqlalchemy import select

from casework.extensions import db
from casework.models import AuditEvent, FormVersion
from designer.changes import Library
from tests.casework.conftest import csrf_from
from tests.changes.helpers import field, load, with_bad_crc

from .approving import act, approve_as, publish_as, send_for_approval
from .conftest import shipped_version
from .councils import A_RATIONALE, council_b_edits

SD = shipped_version("strategy_discussion")  # the shipped library moves on
S47 = shipped_version("section_47_enquiry")

CONFLICT = "form-strategy_discussion:1"
NEW_FIELD = "form-strategy_discussion:0"
S47_HINT = "form-section_47_enquiry:0"


def upload(client, data: bytes, name: str = "council-a.zip"):
    token = csrf_from(client.get("/library/imports/new").get_data(as_text=True))
    return client.post(
        "/library/imports/new",
        data={"csrf_token": token, "bundle": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def audit_actions(app) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.action.like("library_import%"))
                .order_by(AuditEvent.id)
            )
        )


def test_council_b_imports_council_a_bundle_through_the_web(
    app, client, sign_in, library, a_bundle
):
    council_b_edits(library)
    before = {p: p.read_bytes() for p in library.rglob("*.yaml")}
    sign_in("dee")

    response = upload(client, a_bundle)
    assert response.status_code == 302
    choose_url = response.headers["Location"]
    html = client.get(choose_url).get_data(as_text=True)
    # the preview: clean changes ticked, the conflict with both sides, the locked removal
    assert "Bundle from Council A" in html
    # their reasons come first, in the open, before any change to choose
    why = html.index("Why they made these changes")
    assert html.index(escape(A_RATIONALE), why) < html.index('name="take"')
    assert "<details" not in html[why : html.index('name="take"')]
    assert re.search(rf'value="{NEW_FIELD}" checked', html)
    assert re.search(rf'value="{S47_HINT}" checked', html)
    assert "Conflict: Relabelled &#39;What has happened that worries us?&#39; as" in html
    assert "Your change: Relabelled &#39;What has happened that worries us?&#39; as " in html
    assert "Why are we worried?" in html and "both sides changed it differently" in html
    assert "Removed question &#39;Initial conference not needed&#39;" in html
    assert "it holds a statutory field, which an import cannot remove" in html
    assert A_RATIONALE in html and "Asha Khan of Council A" in html

    # Continue without deciding the conflict or giving a reason: both are asked for
    token = csrf_from(html)
    response = client.post(choose_url, data={"csrf_token": token, "take": [NEW_FIELD]})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in html
    assert 'href="#decide-form-strategy_discussion-1"' in html
    assert 'href="#rationale"' in html
    assert re.search(rf'value="{S47_HINT}"(?! checked)', html)  # the unticked box stays so

    response = client.post(
        choose_url,
        data={
            "csrf_token": token,
            "take": [NEW_FIELD, S47_HINT],
            f"decide:{CONFLICT}": "theirs",
            "rationale": "Agreed at the working group to use Council A's wording",
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/confirm")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Strategy discussion: version {SD + 2} will make these changes" in html
    assert (
        "Relabelled &#39;Why are we worried?&#39; as "
        "&#39;What has happened that worries everyone?&#39;" in html
    )
    assert f"Section 47 enquiry: version {S47 + 1} will make these changes" in html
    assert "Initial conference not needed" not in html  # the statutory field stays
    # nothing has been written yet
    assert {p: p.read_bytes() for p in library.rglob("*.yaml")} == before

    # Sent for approval: still nothing written, and Dee cannot approve her own import.
    review_url = send_for_approval(client, choose_url)
    assert {p: p.read_bytes() for p in library.rglob("*.yaml")} == before
    assert act(client, review_url, "view", {"view": "My own import."}).status_code == 302
    assert act(client, review_url, "approve").status_code == 400
    assert publish_as(client, sign_in, review_url).status_code == 400
    assert {p: p.read_bytes() for p in library.rglob("*.yaml")} == before
    approve_as(client, sign_in, review_url, view="Their wording is clearer for families.")
    response = publish_as(client, sign_in, review_url)
    assert response.status_code == 302
    html = client.get(choose_url).get_data(as_text=True)
    assert "Changes imported" in html and f"strategy_discussion version {SD + 2}" in html
    assert f"section_47_enquiry version {S47 + 1}" in html

    sd = load(library, "form", "strategy_discussion")
    assert sd["version"] == SD + 2
    assert field(sd, "concern_summary")["label"] == "What has happened that worries everyone?"
    assert field(sd, "child_known_as") is not None
    s47 = load(library, "form", "section_47_enquiry")
    assert s47["version"] == S47 + 1 and field(s47, "parents_views")["hint"] == (
        "In the parents' own words."
    )
    assert field(s47, "icpc_not_required")["statutory"]["item"] == "ICPCnotRequired"
    s47_log = Library(library).changesets("section_47_enquiry")[-1]["rationale"]
    assert (
        "Not taken: Removed question 'Initial conference not needed' from 'What we decided': "
        "it holds a statutory field, which an import cannot remove." in s47_log
    )
    latest = Library(library).changesets("strategy_discussion")[-1]
    assert (latest["author"], latest["council"]) == ("Dee Marsh", "Council B")
    # The import's review travels with it, as a local change's does.
    assert latest["review"]["reviewers"] == ["Mo Hassan"]
    assert latest["review"]["published_by"] == "Dee Marsh"
    assert {"by": "Mo Hassan", "view": "Their wording is clearer for families."} in latest[
        "review"
    ]["views"]
    rationale = latest["rationale"]
    assert "Imported from Council A's bundle" in rationale
    assert (
        f"strategy_discussion-{SD + 1:04d} by Asha Khan of Council A (2026-11-20): {A_RATIONALE}"
        in (rationale)
    )
    assert "decided 'theirs'" in rationale
    assert "Why Dee Marsh took these changes: Agreed at the working group" in rationale
    assert "Section 47" not in rationale and "left unticked" not in rationale
    with app.app_context():  # live: the new version is in the database
        versions = db.session.scalars(
            select(FormVersion.version).where(FormVersion.form_id == "strategy_discussion")
        ).all()
        assert SD + 2 in versions

    # a second press publishes nothing more
    written = {p: p.read_bytes() for p in library.rglob("*.yaml")}
    response = publish_as(client, sign_in, review_url)
    assert {p: p.read_bytes() for p in library.rglob("*.yaml")} == written
    assert audit_actions(app) == [
        "library_import_uploaded",
        "library_import_previewed",
        "library_import_choices_saved",
        "library_import_submitted",
        "library_import_published",
    ]
    # the history shows the imported version, live
    html = client.get("/library/forms/strategy_discussion/history").get_data(as_text=True)
    assert f"Version {SD + 2}" in html and f"Version {SD + 2} is live in this service." in html


def tampered(bundle: bytes) -> bytes:
    """The same bundle with one form edited after export (the manifest left as it was)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bundle)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "form_library/strategy_discussion.yaml":
                data = data.replace(b"What has happened", b"What really happened")
            target.writestr(info, data)
    return out.getvalue()


def test_a_tampered_or_unsuitable_bundle_is_refused_with_the_reason(app, client, sign_in, a_bundle):
    sign_in("dee")
    response = upload(client, tampered(a_bundle))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<title>Error: Import changes from another council" in html
    start = html.index('class="govuk-error-summary"')
    summary = html[start : html.index("</ul>", start)]
    assert (
        "This bundle was refused: form_library/strategy_discussion.yaml does not match "
        "the sha256 in its manifest"
    ) in summary

    for data, name, message in [
        (b"not a zip", "notes.txt", "The bundle must be a .zip file exported by Convivial"),
        (b"PK\x03\x04 broken", "broken.zip", "the bundle is not a readable zip file"),
        (with_bad_crc(a_bundle), "damaged.zip", "in the bundle is damaged or unreadable"),
    ]:
        response = upload(client, data, name)
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    app.config["LIBRARY_BUNDLE_MAX_BYTES"] = 1024 * 1024 // 2
    response = upload(client, a_bundle + bytes(700 * 1024))
    assert response.status_code == 422
    assert "The file is too big: a bundle may be at most 0 MB" not in response.get_data(
        as_text=True
    )
    assert "The file is too big" in response.get_data(as_text=True)

    assert audit_actions(app) == ["library_import_refused"] * 3
    assert not list((Path(app.instance_path) / "library_imports").glob("*/bundle.zip"))


def test_choices_made_before_the_library_changed_must_be_made_again(
    app, client, sign_in, library, a_bundle
):
    sign_in("dee")
    choose_url = upload(client, a_bundle).headers["Location"]
    token = csrf_from(client.get(choose_url).get_data(as_text=True))
    response = client.post(
        choose_url,
        data={"csrf_token": token, "take": [NEW_FIELD], "rationale": "Only the new question"},
    )
    assert response.headers["Location"].endswith("/confirm")
    council_b_edits(library)  # someone publishes in the meantime
    response = client.get(response.headers["Location"], follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "The library has changed since you made your choices" in html
    assert "Conflict: Relabelled" in html  # B's edit now conflicts with A's: decide it

    response = client.post(choose_url + "/cancel", data={"csrf_token": token})
    assert response.status_code == 302
    assert client.get(choose_url).status_code == 404
    assert load(library, "form", "strategy_discussion")["version"] == SD + 1  # B's own, not A's


def test_a_failed_sync_is_retried_without_writing_twice(
    app, client, sign_in, library, a_bundle, monkeypatch
):
    from casework.library import service as live

    real_sync, calls = live.sync, []

    def sync_failing_once(root):
        calls.append(root)
        if len(calls) == 1:
            raise live.LibraryError("the database is unavailable")
        return real_sync(root)

    monkeypatch.setattr(live, "sync", sync_failing_once)
    sign_in("dee")
    choose_url = upload(client, a_bundle).headers["Location"]
    token = csrf_from(client.get(choose_url).get_data(as_text=True))
    client.post(
        choose_url, data={"csrf_token": token, "take": [NEW_FIELD], "rationale": "New question"}
    )
    review_url = send_for_approval(client, choose_url)
    approve_as(client, sign_in, review_url)
    response = publish_as(client, sign_in, review_url)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "written but could not be made live" in html
    assert "Publish the imported changes" in html  # still approved: publish again
    logs = sorted((library / "change_log" / "strategy_discussion").glob("*.yaml"))
    assert len(logs) == SD + 1  # written once

    response = publish_as(client, sign_in, review_url)
    assert response.status_code == 302
    assert "Changes imported" in client.get(choose_url).get_data(as_text=True)
    assert sorted((library / "change_log" / "strategy_discussion").glob("*.yaml")) == logs
    assert len(calls) == 2
    assert audit_actions(app)[-2:] == ["library_import_sync_failed", "library_import_published"]

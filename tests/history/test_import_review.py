"""Imports go through the same review as local drafts: a second person approves, asks
for changes or rejects; the reviewers' views travel in the change set and the bundle."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import yaml
from sqlalchemy import select

from casework.extensions import db
from casework.models.designer import DesignDraft
from designer.changes import Library, export_bundle, make_changeset
from tests.casework.conftest import csrf_from, sign_out
from tests.changes.helpers import edit, field, load

from .approving import act, approve_as, publish_as, send_for_approval
from .conftest import copy_library
from .test_import_flow import NEW_FIELD, SD, upload

A_VIEW = "Families in Northtown said the old label blamed them."


def choose(client, choose_url: str, rationale: str, take=(NEW_FIELD,)) -> None:
    token = csrf_from(client.get(choose_url).get_data(as_text=True))
    response = client.post(
        choose_url, data={"csrf_token": token, "take": list(take), "rationale": rationale}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/confirm")


def files(library: Path) -> dict:
    return {p: p.read_bytes() for p in library.rglob("*.yaml")}


def test_a_rejected_import_never_goes_live(app, client, sign_in, library, a_bundle):
    before = files(library)
    sign_in("dee")
    choose_url = upload(client, a_bundle).headers["Location"]
    choose(client, choose_url, "Their new question helps us")
    review = send_for_approval(client, choose_url)
    page = client.get(review).get_data(as_text=True)
    # The approver reads the reasons first, then each change as a sentence.
    assert page.index("Why Dee Marsh is taking these changes") < page.index(
        "What publishing would change here"
    )
    assert "Plainer words after the learning lab in Northtown" in page
    assert "Added question &#39;What the child likes to be called&#39;" in page
    assert "You started this import, so someone else approves it." in page
    # The choose screen now leads to the review, not to publishing.
    assert client.get(choose_url).headers["Location"].endswith(review)

    approve_as(client, sign_in, review, view="We have our own wording already.")
    assert (
        act(client, review, "reject", {"reason": "Our practice group chose otherwise"}).status_code
        == 302
    )
    assert publish_as(client, sign_in, review).status_code == 400
    page = client.get(review).get_data(as_text=True)
    assert "Our practice group chose otherwise" in page and "Publish the imported" not in page
    assert files(library) == before
    assert load(library, "form", "strategy_discussion")["version"] == SD
    # The uploaded bundle is let go: there is nothing left that could publish it.
    assert client.get(choose_url).status_code == 404


def test_an_import_sent_back_is_chosen_again_and_needs_a_fresh_approval(
    app, client, sign_in, library, a_bundle
):
    sign_in("dee")
    choose_url = upload(client, a_bundle).headers["Location"]
    choose(client, choose_url, "First go")
    review = send_for_approval(client, choose_url)
    sign_out(client)
    sign_in("mo")
    home = client.get("/").get_data(as_text=True)
    assert "Waiting for approval</a>: 1 design or import" in home
    queue = client.get("/designer/waiting").get_data(as_text=True)
    assert "Changes from Council A to ‘Child protection’" in queue and "Import" in queue
    assert act(client, review, "view", {"view": "Say why we take only one."}).status_code == 302
    asked = "Say why we take the new question but not the hint."
    assert act(client, review, "changes", {"changes": asked}).status_code == 302

    sign_out(client)
    sign_in("dee")
    page = client.get(review).get_data(as_text=True)
    assert asked in page and "Change your choices" in page
    choose(client, choose_url, "The hint clashes with our own guidance; the question is new")
    again = send_for_approval(client, choose_url)
    assert again == review  # the same import's review, sent again
    with app.app_context():
        draft = db.session.scalar(select(DesignDraft).where(DesignDraft.kind == "import"))
        assert (draft.status, draft.revision) == ("proposed", 1)
        assert draft.rationale.startswith("The hint clashes")

    sign_out(client)
    sign_in("mo")
    assert act(client, review, "approve").status_code == 302
    response = publish_as(client, sign_in, review)
    assert response.status_code == 302
    latest = Library(library).changesets("strategy_discussion")[-1]
    assert latest["author"] == "Dee Marsh"
    assert latest["review"]["reviewers"] == ["Mo Hassan"]
    assert latest["review"]["published_by"] == "Dee Marsh"
    assert latest["review"]["views"] == [{"by": "Mo Hassan", "view": "Say why we take only one."}]


def _council_a_with_views(folder: Path) -> Path:
    """Council A publishes one change whose reviewers wrote their views."""
    lib_path = copy_library(folder / "a")
    lib = Library(lib_path)
    old = lib.rebuild("strategy_discussion", "form")
    edit(
        lib_path,
        "form",
        "strategy_discussion",
        lambda d: field(d, "concern_summary").update(label="What worries everyone?"),
    )
    new = load(lib_path, "form", "strategy_discussion")
    cs = make_changeset(
        old,
        new,
        rationale="Plainer words",
        author="Asha Khan",
        council="Council A",
        date="2026-11-20",
        reviewers=["Sam Reed"],
        published_by="Asha Khan",
        views=[{"by": "Sam Reed", "view": A_VIEW}],
    )
    lib.write_changeset(cs)
    lib.write_definition(dict(new, version=cs["result"]["version"]), "form")
    return lib_path


def test_reviewers_views_travel_in_the_bundle_and_show_on_import(app, client, sign_in, tmp_path):
    a = _council_a_with_views(tmp_path)
    first, second = tmp_path / "one.zip", tmp_path / "two.zip"
    for out in (first, second):
        export_bundle(Library(a), "child_protection", out, council="Council A")
    assert first.read_bytes() == second.read_bytes()  # still deterministic
    with zipfile.ZipFile(io.BytesIO(first.read_bytes())) as bundle:
        logs = [n for n in bundle.namelist() if n.startswith("change_log/strategy_discussion/")]
        texts = [bundle.read(n).decode() for n in logs]
    assert any(A_VIEW in t for t in texts)
    assert any(
        yaml.safe_load(t)["review"].get("views") == [{"by": "Sam Reed", "view": A_VIEW}]
        for t in texts
    )

    sign_in("dee")
    choose_url = upload(client, first.read_bytes()).headers["Location"]
    page = client.get(choose_url).get_data(as_text=True)
    assert "Sam Reed" in page and A_VIEW in page and "approved by Sam Reed" in page
    token = csrf_from(page)
    client.post(
        choose_url,
        data={"csrf_token": token, "take": ["form-strategy_discussion:0"], "rationale": "Yes"},
    )
    review = send_for_approval(client, choose_url)
    assert A_VIEW in client.get(review).get_data(as_text=True)

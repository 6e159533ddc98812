"""A hand-commented form keeps its comments through a publish from the designer."""

from __future__ import annotations

import yaml

from casework.accounts import service as accounts
from designer.editor import service
from designer.editor.review import service as review


def test_publishing_an_edit_keeps_the_comments_written_in_the_file(app, library_root, demo_users):
    path = library_root / "form_library" / "home_visit.yaml"
    text = path.read_text()
    commented = (
        "# Agreed with the visiting team: ask them before changing the note's date.\n"
        + text.replace(
            "title: Home visit\n", "title: Home visit  # what the work list shows\n", 1
        ).replace(
            "      - id: contact_time\n",
            "      # Asked for by the out-of-hours team.\n      - id: contact_time\n",
        )
    )
    path.write_text(commented)
    with app.test_request_context():
        from casework.library import service as library

        library.sync(str(library_root))
        dee, mo = accounts.find("dee"), accounts.find("mo")
        draft = service.start_from_published(dee, "home_visit")
        field = next(
            f for f in draft.document["sections"][0]["fields"] if f["id"] == "contact_time"
        )
        service.edit(
            dee,
            draft,
            {
                "op": "replace_field",
                "id": "contact_time",
                "field": dict(field, label="Time of the visit"),
            },
            base_revision=draft.revision,
        )
        review.propose(dee, draft, "Say which time we mean.")
        review.write_view(mo, draft, "Clearer.")
        review.approve(mo, draft)
        assert review.publish(dee, draft) == 2
    written = path.read_text()
    first, second = written.splitlines()[:2]
    assert first == "# Agreed with the visiting team: ask them before changing the note's date."
    assert second == "id: home_visit"
    assert "title: Home visit  # what the work list shows\n" in written
    assert "      # Asked for by the out-of-hours team.\n      - id: contact_time\n" in written
    published = yaml.safe_load(written)
    assert published["version"] == 2
    assert published["sections"][0]["fields"][1]["label"] == "Time of the visit"
    # Everything else is exactly as it was (the deterministic layout, untouched parts).
    untouched = commented.replace("version: 1\n", "version: 2\n", 1).replace(
        "        label: Time\n", "        label: Time of the visit\n", 1
    )
    assert written == untouched

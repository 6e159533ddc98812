"""Importing council A's bundle again after declining some of it: the declined changes
are listed as already declined (when, who, why), unticked and not taken, while the
rest of the bundle is offered as before; ticking one takes it after all."""

from __future__ import annotations

import datetime as dt
import re

from designer.changes import Library, write_import
from designer.exchange import choices as importing
from designer.exchange import writing
from tests.casework.conftest import csrf_from
from tests.changes.helpers import field, load

from .approving import approve_and_publish
from .councils import council_b_edits
from .test_import_flow import CONFLICT, NEW_FIELD, S47_HINT, upload

HINT_SENTENCE = (
    "Set hint of question 'What the parents told us, in their words' to "
    "'In the parents' own words.'"
)
REASON = "Only the new question for now; our hint and wording stay"


def _changes(previews):
    return {c.key: c for p in previews for c in p.changes}


def _latest(library, doc_id):
    return Library(library).changesets(doc_id)[-1]


def test_declined_changes_are_recorded_and_not_offered_again(library, a_bundle):
    council_b_edits(library)
    lib = Library(library)
    bundle = importing.checked_bundle(a_bundle)
    choices = {"take": [NEW_FIELD], "decide": {CONFLICT: "ours"}, "rationale": REASON}
    plan, _previews, _notes = importing.planned(lib, bundle, choices)
    written = dict(write_import(lib, plan, author="Dee", council="Council B", reason=REASON))
    assert set(written) == {"strategy_discussion", "section_47_enquiry"}

    s47 = _latest(library, "section_47_enquiry")
    assert s47["operations"] == []
    assert [(d["decision"], d["sentence"]) for d in s47["decisions"]] == [
        ("declined", HINT_SENTENCE),
        ("locked", "Removed question 'Initial conference not needed' from 'What we decided'"),
    ]
    assert s47["decisions"][0]["reason"] == REASON
    assert s47["decisions"][0]["offered_by"] == "Council A"
    [kept] = _latest(library, "strategy_discussion")["decisions"]
    assert kept["decision"] == "kept_ours" and kept["sentence"].startswith("Relabelled")

    # the same bundle again
    again = importing.preview(lib, bundle)
    levels = {c.sentence: c.level for c in _changes(again).values()}
    assert levels[HINT_SENTENCE] == "declined"
    relabel = next(c for c in _changes(again).values() if c.sentence.startswith("Relabelled"))
    assert relabel.level == "declined" and relabel.earlier["decision"] == "kept_ours"
    hint = _changes(again)[S47_HINT]
    assert hint.earlier["author"] == "Dee" and hint.earlier["reason"] == REASON
    assert hint.reason.startswith(f"already declined on {dt.date.today().isoformat()} by Dee")
    # not ticked, and nothing to decide: continuing writes nothing new
    defaults = importing.default_choices(again)
    assert S47_HINT not in defaults["take"] and defaults["decide"] == {}
    choices, errors = importing.read_choices(again, defaults["take"], {}, "Nothing new")
    assert errors == []
    plan, _previews, _notes = importing.planned(lib, bundle, choices)
    assert writing.would_write(plan) == []
    before = {p: p.read_bytes() for p in library.rglob("*.yaml")}
    assert write_import(lib, plan, author="Dee", council="Council B") == []
    assert {p: p.read_bytes() for p in library.rglob("*.yaml")} == before

    # ticked now: taken after all, and the change log says it was reconsidered
    choices, errors = importing.read_choices(again, [S47_HINT], {}, "The hint helps after all")
    assert errors == [] and choices["take"] == [S47_HINT]
    plan, _previews, _notes = importing.planned(lib, bundle, choices)
    [write] = writing.would_write(plan)
    assert write["id"] == "section_47_enquiry"
    assert [c["sentence"] for c in write["changes"]] == [HINT_SENTENCE]
    assert write["decisions"] == [{"decision": "reconsidered", "sentence": HINT_SENTENCE}]
    write_import(lib, plan, author="Dee", council="Council B", reason="The hint helps after all")
    s47_doc = load(library, "form", "section_47_enquiry")
    assert field(s47_doc, "parents_views")["hint"] == "In the parents' own words."
    assert [d["decision"] for d in _latest(library, "section_47_enquiry")["decisions"]] == [
        "reconsidered"
    ]
    assert field(load(library, "form", "strategy_discussion"), "concern_summary")["label"] == (
        "Why are we worried?"
    )


def test_the_import_screen_shows_declined_changes_unticked_with_who_when_why(
    app, client, sign_in, library, a_bundle
):
    council_b_edits(library)
    sign_in("dee")
    choose_url = upload(client, a_bundle).headers["Location"]
    token = csrf_from(client.get(choose_url).get_data(as_text=True))
    response = client.post(
        choose_url,
        data={
            "csrf_token": token,
            "take": [NEW_FIELD],
            f"decide:{CONFLICT}": "ours",
            "rationale": REASON,
        },
    )
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "will record your decisions and change nothing else" in html
    assert (
        "It records that you did not take these" in html
        and HINT_SENTENCE.replace("'", "&#39;") in html
    )
    approve_and_publish(client, sign_in, choose_url)
    assert "Changes imported" in client.get(choose_url).get_data(as_text=True)

    # the same bundle again
    choose_url = upload(client, a_bundle).headers["Location"]
    html = client.get(choose_url).get_data(as_text=True)
    assert "Changes you already declined" in html
    assert re.search(rf'value="{S47_HINT}"(?! checked)', html)
    today = dt.date.today().isoformat()
    assert f"Already declined on {today} by Dee Marsh of Council B" in html
    assert "keeping your version" in html  # the conflict kept ours, now a checkbox too
    assert REASON in html
    assert f'name="decide:{CONFLICT}"' not in html  # nothing left to decide
    token = csrf_from(html)
    response = client.post(choose_url, data={"csrf_token": token, "rationale": "Nothing new"})
    assert response.headers["Location"].endswith("/confirm")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "publishing writes no new version" in html

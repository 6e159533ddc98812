"""The history service and the import choices, without the web layer."""

from __future__ import annotations

import pytest

from designer.changes import Library, export_bundle, publish, write_import
from designer.exchange import choices as importing
from designer.exchange.uploads import PendingImports
from designer.history import service
from designer.history.sidebyside import side_by_side
from tests.changes.helpers import edit, field, load

from .conftest import copy_library, shipped_version
from .councils import A_RATIONALE, council_b_edits

SD = shipped_version("strategy_discussion")  # the shipped library moves on
S47 = shipped_version("section_47_enquiry")


def relabel(library, label="Why are we worried?", rationale="Plainer question"):
    edit(
        library,
        "form",
        "strategy_discussion",
        lambda d: field(d, "concern_summary").update(label=label),
    )
    publish(
        Library(library),
        [library / "form_library" / "strategy_discussion.yaml"],
        rationale=rationale,
        author="Dee Signer",
        council="Council B",
        date="2026-11-22",
        links=["https://example.org/minutes/12"],
    )


def test_history_lists_every_version_with_who_when_why_and_sentences(library):
    relabel(library)
    found = service.history(Library(library), "form", "strategy_discussion")
    assert [v.version for v in found.versions] == list(range(1, SD + 2))
    first, second = found.versions[0], found.versions[-1]
    assert first.first and not second.first
    assert (second.author, second.council, second.date) == ("Dee Signer", "Council B", "2026-11-22")
    assert second.rationale == "Plainer question"
    assert second.links == ["https://example.org/minutes/12"]
    assert second.review_state == "published"
    [change] = second.changes
    old, new = "What has happened that worries us?", "Why are we worried?"
    assert change["sentence"] == f"Relabelled '{old}' as '{new}'"
    assert (change["old"], change["new"]) == (old, new)


def test_compare_gives_sentences_and_marked_side_by_side_lines(library):
    relabel(library)
    comparison = service.compare(Library(library), "form", "strategy_discussion", SD, SD + 1)
    assert [c["category"] for c in comparison.changes] == ["relabelled"]
    changed = [r for r in comparison.rows if r.kind != "same" and r.kind != "gap"]
    assert any("Why are we worried?" in r.right and "worries us" in r.left for r in changed)
    assert any(r.kind == "gap" and r.folded > 100 for r in comparison.rows)
    # the other way round reads as the reverse change
    back = service.compare(Library(library), "form", "strategy_discussion", SD + 1, SD)
    assert back.changes[0]["new"] == "What has happened that worries us?"


def test_side_by_side_pairs_replacements_and_folds_unchanged_runs():
    old = "\n".join(f"line {n}" for n in range(20))
    new = old.replace("line 10", "line ten") + "\nline 20"
    rows = side_by_side(old, new, context=1)
    kinds = [r.kind for r in rows]
    assert kinds == ["gap", "same", "changed", "same", "gap", "same", "added"]
    assert rows[0].folded == 9 and rows[4].folded == 7
    assert (rows[2].left_no, rows[2].left, rows[2].right) == (11, "line 10", "line ten")
    assert (rows[-1].left_no, rows[-1].right_no, rows[-1].right) == (None, 21, "line 20")


def test_specification_takes_an_inclusive_range_in_either_order(library):
    relabel(library)
    relabel(library, "What worries us now?", "Second thoughts")
    lib = Library(library)
    _found, versions = service.specification(lib, "form", "strategy_discussion", SD + 2, SD + 1)
    assert [v.rationale for v in versions] == ["Plainer question", "Second thoughts"]
    with pytest.raises(service.NotFound):
        service.specification(lib, "form", "strategy_discussion", 2, SD + 9)


@pytest.mark.parametrize("doc_id", ["..", "Strategy", "a/b", "strategy_discussion.yaml", ""])
def test_ids_outside_the_language_are_not_found(library, doc_id):
    with pytest.raises(service.NotFound):
        service.history(Library(library), "form", doc_id)


def test_a_form_is_not_found_as_a_pathway(library):
    with pytest.raises(service.NotFound):
        service.history(Library(library), "pathway", "strategy_discussion")


def test_show_value_reads_as_text_and_keeps_yaml_in_the_advanced_view():
    assert service.show_value(None) == "(nothing)"
    assert service.show_value(True) == "Yes"
    assert service.show_value({"id": "x", "type": "text", "label": "Who"}) == "Who"
    folded = service.show_value({"id": "x", "type": "text"})
    assert "data-advanced" in folded and "id: x\ntype: text" in folded


@pytest.fixture
def two_councils(a_bundle, library):
    council_b_edits(library)
    return importing.checked_bundle(a_bundle)


def _changes(previews):
    return {c.key: c for p in previews for c in p.changes}


def test_preview_sorts_their_changes_and_choices_must_decide_each_conflict(library, two_councils):
    previews = importing.preview(Library(library), two_councils)
    levels = {c.sentence: c.level for c in _changes(previews).values()}
    assert levels == {
        "Set hint of question 'What the parents told us, in their words' to "
        "'In the parents' own words.'": "clean",
        "Removed question 'Initial conference not needed' from 'What we decided'": "locked",
        "Added question 'What the child likes to be called' to 'About the child' after "
        "'Other children in the household'": "clean",
        "Relabelled 'What has happened that worries us?' as "
        "'What has happened that worries everyone?'": "hard",
    }
    hard = next(c for c in _changes(previews).values() if c.level == "hard")
    assert hard.ours == ["Relabelled 'What has happened that worries us?' as 'Why are we worried?'"]
    assert importing.default_choices(previews)["take"] == [
        k for k, c in _changes(previews).items() if c.level == "clean"
    ]
    # every conflict needs a decision, and the change log a reason
    _choices, errors = importing.read_choices(previews, [], {}, "  ")
    assert [anchor for anchor, _ in errors] == [
        "decide-form-strategy_discussion-1",
        "rationale",
    ]
    # keys that are not in the preview, or not choosable, are dropped
    choices, errors = importing.read_choices(
        previews,
        ["form-section_47_enquiry:1", "made-up:0"],
        {"form-strategy_discussion:1": "ours", "form-section_47_enquiry:0": "theirs"},
        "Because",
    )
    assert errors == [] and choices["take"] == []
    assert choices["decide"] == {"form-strategy_discussion:1": "ours"}


def test_chosen_changes_are_exactly_what_is_written(library, two_councils):
    lib = Library(library)
    previews = importing.preview(lib, two_councils)
    choices = {
        "take": ["form-strategy_discussion:0"],  # the new field, not the section 47 hint
        "decide": {"form-strategy_discussion:1": "ours"},
        "rationale": "Only the new question",
    }
    plan, again, notes = importing.planned(lib, two_councils, choices)
    assert importing.fingerprint(again) == importing.fingerprint(previews)
    written = write_import(lib, plan, author="Dee", council="Council B", note="why")
    # Declining a change is a decision too: section 47 gets a version whose change set
    # records it, with no other change to the form.
    assert written == [("section_47_enquiry", S47 + 1), ("strategy_discussion", SD + 2)]
    s47_log = lib.changesets("section_47_enquiry")[-1]
    assert s47_log["operations"] == [] and "Not taken" in s47_log["rationale"]
    sd = load(library, "form", "strategy_discussion")
    assert field(sd, "concern_summary")["label"] == "Why are we worried?"
    assert field(sd, "child_known_as") is not None
    s47 = load(library, "form", "section_47_enquiry")
    assert s47["version"] == S47 + 1 and "hint" not in field(s47, "parents_views")
    assert field(s47, "icpc_not_required") is not None
    assert notes == {
        "form-section_47_enquiry": [
            "Not taken (left unticked): Set hint of question 'What the parents told us, in "
            "their words' to 'In the parents' own words.'"
        ],
        "form-strategy_discussion": [
            "Kept ours, not taken: Relabelled 'What has happened that worries us?' as "
            "'What has happened that worries everyone?'"
        ],
    }
    rationale = lib.changesets("strategy_discussion")[-1]["rationale"]
    assert A_RATIONALE in rationale


def test_a_change_that_needs_an_unticked_one_is_refused_with_the_reason(library, tmp_path):
    a = copy_library(tmp_path / "a")

    def move_into_a_new_section(doc):
        moved = doc["sections"][0]["fields"].pop()
        doc["sections"].append({"id": "afterwards", "title": "Afterwards", "fields": [moved]})

    edit(a, "form", "strategy_discussion", move_into_a_new_section)
    publish(
        Library(a),
        [a / "form_library" / "strategy_discussion.yaml"],
        rationale="A section of its own",
        author="Asha",
        council="Council A",
    )
    export_bundle(Library(a), "child_protection", tmp_path / "b.zip", council="Council A")
    bundle = importing.checked_bundle((tmp_path / "b.zip").read_bytes())
    previews = importing.preview(Library(library), bundle)
    add, move = (c.key for c in _changes(previews).values())
    with pytest.raises(importing.ChoiceProblem, match="need one you did not tick"):
        importing.planned(
            Library(library), bundle, {"take": [move], "decide": {}, "rationale": "x"}
        )


def test_a_pending_import_belongs_to_the_person_who_uploaded_it(tmp_path):
    store = PendingImports(tmp_path / "imports")
    pending = store.create(7, "a.zip", b"bundle bytes", "Council A", "child_protection")
    assert store.get(pending.token, 7).sha256 == pending.sha256
    assert store.get(pending.token, 8) is None
    for forged in ("../imports", "", "x" * 19, pending.token + "/.."):
        assert store.get(forged, 7) is None
    (tmp_path / "imports" / pending.token / "bundle.zip").write_bytes(b"swapped")
    with pytest.raises(ValueError, match="changed since it was checked"):
        store.bundle_bytes(pending)

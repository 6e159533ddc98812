"""A change a council declined (or kept its own version over) is recorded in its change
log, and importing the same change again does not offer it as new: it is listed as
already declined, with when, who and why, and taken only when asked to."""

from __future__ import annotations

import copy
import datetime as dt

from click.testing import CliRunner

from designer.changes import (
    Decision,
    change_id,
    check_changeset,
    earlier_decisions,
    export_bundle,
    plan_import,
    publish,
    read_bundle,
    write_import,
)
from designer.changes.change_log import Library
from designer.cli_changes import change_commands

from .helpers import edit, field, load

COMMANDS = {c.name: c for c in change_commands}
THEIR_LABEL = "What has happened that worries everyone?"
OUR_LABEL = "Why are we worried?"
HINT = "Use the child's own words where you can."


def run(name, *args):
    result = CliRunner().invoke(COMMANDS[name], [str(a) for a in args])
    return result.exit_code, result.output


def a_publishes(lib, change, rationale):
    edit(lib, "form", "strategy_discussion", change)
    publish(
        Library(lib),
        [lib / "form_library" / "strategy_discussion.yaml"],
        rationale=rationale,
        author="Asha",
        council="Council A",
        date="2026-11-20",
    )


def bundle_of(lib, out):
    export_bundle(
        Library(lib),
        "child_protection",
        out,
        council="Council A",
        exported_at="2026-11-21T09:00:00Z",
    )
    return out


def relabel_and_add(doc):
    field(doc, "concern_summary")["label"] = THEIR_LABEL
    doc["sections"][0]["fields"].append(
        {"id": "child_known_as", "type": "text", "label": "What the child likes to be called"}
    )


def b_relabels(lib):
    edit(
        lib,
        "form",
        "strategy_discussion",
        lambda d: field(d, "concern_summary").update(label=OUR_LABEL),
    )
    publish(Library(lib), None, rationale="Our own wording", author="Ben", date="2026-11-19")


def test_a_conflict_kept_ours_is_not_offered_again_until_reconsidered(council_library, tmp_path):
    a, b = council_library("council_a"), council_library("council_b")
    a_publishes(a, relabel_and_add, "Plainer words")
    first = bundle_of(a, tmp_path / "a1.zip")
    b_relabels(b)

    code, out = run(
        "import", first, "--write", "--prefer", "ours", "--library", b, "--author", "Ben",
        "--council", "Council B", "--rationale", "Our wording tested better with families",
    )  # fmt: skip
    assert code == 0, out
    library = Library(b)
    [*_, decided] = library.changesets("strategy_discussion")
    assert check_changeset(decided) == []
    [record] = decided["decisions"]
    assert record["decision"] == "kept_ours"
    assert record["sentence"].startswith("Relabelled")
    assert record["offered_by"] == "Council A"
    assert record["offered_in"] == ["strategy_discussion-0002"]
    assert record["reason"] == "Our wording tested better with families"
    versions = len(library.history("strategy_discussion"))

    # the same bundle again: listed as already declined, not awaiting a decision
    code, out = run("import", first, "--library", b)
    assert code == 0, out
    today = dt.date.today().isoformat()
    assert (
        f"Already declined on {today} by Ben of Council B (our version kept), "
        "Our wording tested better with families: Relabelled" in out
    )
    assert "not taken (--reconsider-declined offers it again)" in out
    assert "awaiting a decision" not in out
    # writing it again records nothing new: no version, no churn in the change log
    before = {p: p.read_bytes() for p in (b / "change_log").rglob("*.yaml")}
    code, out = run("import", first, "--write", "--library", b, "--author", "Ben")
    assert code == 0, out
    assert {p: p.read_bytes() for p in (b / "change_log").rglob("*.yaml")} == before
    assert len(library.history("strategy_discussion")) == versions

    # a later bundle from A still holding that change, and a new one
    a_publishes(a, lambda d: field(d, "concern_summary").update(hint=HINT), "A hint")
    second = bundle_of(a, tmp_path / "a2.zip")
    code, out = run("import", second, "--library", b)
    assert code == 0, out
    assert "Already declined on" in out and "Relabelled" in out, out
    assert f"take: Changed hint of question '{THEIR_LABEL}'" in out  # the new change is offered
    code, out = run("import", second, "--write", "--library", b, "--author", "Ben")
    assert code == 0, out
    sd = load(b, "form", "strategy_discussion")
    assert field(sd, "concern_summary")["label"] == OUR_LABEL
    assert field(sd, "concern_summary")["hint"] == HINT

    # reconsidered: offered again as the conflict it is, and taken when decided
    code, out = run("import", second, "--library", b, "--reconsider-declined")
    assert code == 1 and "awaiting a decision" in out, out
    code, out = run(
        "import", second, "--write", "--library", b, "--author", "Ben",
        "--reconsider-declined", "--prefer", "theirs", "--rationale", "Their words won after all",
    )  # fmt: skip
    assert code == 0, out
    assert field(load(b, "form", "strategy_discussion"), "concern_summary")["label"] == THEIR_LABEL
    [*_, taken] = library.changesets("strategy_discussion")
    assert [d["decision"] for d in taken["decisions"]] == ["reconsidered"]
    assert taken["decisions"][0]["change"] == record["change"]
    assert library.rebuild("strategy_discussion", "form") == load(b, "form", "strategy_discussion")
    code, out = run("import", second, "--library", b)
    assert code == 0 and "Already declined" not in out, out


def _plan_item(library, bundle, **kwargs):
    plan = plan_import(library, bundle, **kwargs)
    return plan, next(i for i in plan.items if i.id == "strategy_discussion")


def test_a_declined_clean_change_is_recorded_and_can_still_be_taken(council_library, tmp_path):
    """The engine's side of the web flow's unticked box: the caller declines a change
    that conflicts with nothing; a different change in the same bundle still goes in."""
    a, b = council_library("council_a"), council_library("council_b")

    def two_changes(doc):
        field(doc, "concern_summary")["hint"] = HINT
        doc["sections"][0]["fields"].append(
            {"id": "child_known_as", "type": "text", "label": "What the child likes to be called"}
        )

    a_publishes(a, two_changes, "Two ideas from the learning lab")
    bundle = read_bundle(bundle_of(a, tmp_path / "a.zip"))
    library = Library(b)

    plan, item = _plan_item(library, bundle)
    hint_op = next(op for op in item.result.applied if op["op"] == "set")
    # what the web flow does for an unticked change: leave it out of their copy, say so
    item.declines = [
        Decision(
            change_id("form", "strategy_discussion", hint_op),
            "declined",
            "Set the hint",
            offered_by="Council A",
            reason="Our hint is clearer",
        )
    ]
    item.result.merged = copy.deepcopy(item.local)  # nothing else taken this time
    assert item.decides_anything and not item.changes_anything
    written = write_import(library, plan, author="Dee", council="Council B", date="2026-11-24")
    assert ("strategy_discussion", 2) in written
    [*_, cs] = library.changesets("strategy_discussion")
    assert cs["operations"] == [] and cs["decisions"][0]["decision"] == "declined"
    earlier = earlier_decisions(library.changesets("strategy_discussion"))
    assert earlier[change_id("form", "strategy_discussion", hint_op)].author == "Dee"

    # importing again: the hint is declined (not applied), the new field is still offered
    plan, item = _plan_item(library, bundle)
    [declined] = item.result.declined
    assert declined.theirs == hint_op and declined.decision == "ours"
    assert declined.reason == (
        "already declined on 2026-11-24 by Dee of Council B, Our hint is clearer"
    )
    assert field(item.merged, "concern_summary")["hint"] != HINT
    assert [op["op"] for op in item.result.applied] == ["add_field"]
    assert item.result.clean and not plan.pending
    assert item.decisions("Council A") == []  # nothing new to record about the hint

    # asked to reconsider: applied like any other change, and recorded as reconsidered
    plan, item = _plan_item(library, bundle, reconsider=True)
    assert item.result.declined == []
    assert field(item.merged, "concern_summary")["hint"] == HINT
    write_import(library, plan, author="Dee", council="Council B", date="2026-11-25")
    [*_, cs] = library.changesets("strategy_discussion")
    assert [d["decision"] for d in cs["decisions"]] == ["reconsidered"]
    assert field(load(b, "form", "strategy_discussion"), "child_known_as") is not None


def test_a_change_is_identified_by_what_it_does_not_where_it_was_written():
    base_set = {
        "op": "set",
        "path": ["sections", "worries", "fields", "concern_summary", "label"],
        "old": "What has happened that worries us?",
        "new": THEIR_LABEL,
    }
    moved = dict(base_set, path=["sections", "analysis", "fields", "concern_summary", "label"])
    again = dict(base_set, new="Something else")
    ident = change_id("form", "strategy_discussion", base_set)
    assert len(ident) == 64
    assert change_id("form", "strategy_discussion", moved) == ident  # same field, any section
    assert change_id("form", "strategy_discussion", again) != ident  # a different change
    assert change_id("form", "section_47_enquiry", base_set) != ident  # another form
    add = {
        "op": "add_field",
        "path": ["sections", "about_the_child", "fields", "child_known_as"],
        "after": "siblings",
        "field": {"id": "child_known_as", "type": "text", "label": "Known as"},
    }
    placed = dict(add, after="other_children")
    assert change_id("form", "x", add) == change_id("form", "x", placed)
    changed = dict(add, field=dict(add["field"], label="Likes to be called"))
    assert change_id("form", "x", add) != change_id("form", "x", changed)


def test_decisions_are_checked_and_exports_stay_reproducible(council_library, tmp_path):
    a, b = council_library("council_a"), council_library("council_b")
    a_publishes(a, relabel_and_add, "Plainer words")
    b_relabels(b)
    bundle = read_bundle(bundle_of(a, tmp_path / "a.zip"))
    plan = plan_import(Library(b), bundle, prefer="ours")
    write_import(Library(b), plan, author="Ben", council="Council B", date="2026-11-24")
    [*_, cs] = Library(b).changesets("strategy_discussion")
    assert cs["decisions"]
    assert check_changeset(dict(cs, decisions=[{"change": "x", "decision": "maybe"}]))
    one, two = tmp_path / "one.zip", tmp_path / "two.zip"
    for out in (one, two):
        export_bundle(
            Library(b),
            "child_protection",
            out,
            council="Council B",
            exported_at="2026-11-25T00:00:00Z",
        )
    assert one.read_bytes() == two.read_bytes()
    # the other council reads our decisions as part of a valid change log
    theirs = read_bundle(one)
    assert theirs.changesets["strategy_discussion"][-1]["decisions"] == cs["decisions"]

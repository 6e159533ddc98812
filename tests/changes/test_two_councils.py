"""Two councils, two library folders: A changes three forms and exports; B, which changed
one of the same fields differently, imports. Disjoint changes merge, the clash is a hard
conflict, nothing is lost, and B's change log records what it took from A and why."""

from __future__ import annotations

from click.testing import CliRunner

from designer.changes.change_log import Library
from designer.cli_changes import change_commands

from .helpers import edit, field, load, section_of

COMMANDS = {c.name: c for c in change_commands}


def run(name, *args):
    result = CliRunner().invoke(COMMANDS[name], [str(a) for a in args])
    return result.exit_code, result.output


def council_a_changes(lib):
    def strategy(doc):
        field(doc, "concern_summary")["label"] = "What has happened that worries everyone?"
        doc["sections"][0]["fields"].append(
            {"id": "child_known_as", "type": "text", "label": "What the child likes to be called"}
        )

    def section_47(doc):
        field(doc, "parents_views")["hint"] = "In the parents' own words."

    def core_group(doc):
        plan = next(s for s in doc["sections"] if s["id"] == "the_plan")
        network = next(f for f in plan["fields"] if f["id"] == "safety_network")
        plan["fields"].remove(network)
        next(s for s in doc["sections"] if s["id"] == "whats_changed")["fields"].append(network)

    edit(lib, "form", "strategy_discussion", strategy)
    edit(lib, "form", "section_47_enquiry", section_47)
    edit(lib, "form", "core_group_review", core_group)


def test_two_councils_exchange_a_pathway(council_library, tmp_path):
    a, b = council_library("council_a"), council_library("council_b")
    council_a_changes(a)
    code, out = run(
        "publish",
        "--library",
        a,
        "--rationale",
        "Plainer words after the learning lab",
        "--author",
        "Asha",
        "--council",
        "Council A",
    )
    assert code == 0, out
    assert out.count("version 2") == 3
    bundle = tmp_path / "a.zip"
    assert (
        run("export", "child_protection", "-o", bundle, "--council", "Council A", "--library", a)[0]
        == 0
    )

    edit(
        b,
        "form",
        "strategy_discussion",
        lambda d: field(d, "concern_summary").update(label="Why are we worried?"),
    )
    edit(
        b,
        "form",
        "initial_child_protection_conference",
        lambda d: d.update(owner="B's conference team"),
    )
    assert (
        run("publish", "--library", b, "--rationale", "Our own wording", "--author", "Ben")[0] == 0
    )
    b_before = load(b, "form", "strategy_discussion")

    # preview: exit 1 (a decision is needed), nothing written
    code, out = run("import", bundle, "--library", b)
    assert code == 1, out
    assert "hard conflict on label of field 'concern_summary'" in out
    assert "(both sides changed it differently) -> awaiting a decision" in out
    assert load(b, "form", "strategy_discussion") == b_before

    # write: what merges cleanly is taken; the clash is not
    code, out = run(
        "import", bundle, "--write", "--library", b, "--author", "Ben", "--council", "Council B"
    )
    assert code == 1, out
    sd = load(b, "form", "strategy_discussion")
    assert field(sd, "concern_summary")["label"] == "Why are we worried?"  # ours kept
    assert field(sd, "child_known_as") is not None  # A's addition in the same form taken
    assert field(load(b, "form", "section_47_enquiry"), "parents_views")["hint"] == (
        "In the parents' own words."
    )
    assert section_of(load(b, "form", "core_group_review"), "safety_network") == "whats_changed"
    assert load(b, "form", "initial_child_protection_conference")["owner"] == "B's conference team"

    library = Library(b)
    [*_, latest] = library.changesets("strategy_discussion")
    assert latest["author"] == "Ben" and latest["council"] == "Council B"
    assert "Imported from Council A's bundle" in latest["rationale"]
    assert "strategy_discussion-0002" in latest["rationale"]
    assert "Plainer words after the learning lab" in latest["rationale"]
    assert "Left for a decision" in latest["rationale"]

    # nothing lost: the clash is still offered, and deciding it records the decision
    code, out = run("import", bundle, "--library", b)
    assert code == 1 and "awaiting a decision" in out
    code, out = run(
        "import", bundle, "--write", "--prefer", "theirs", "--library", b, "--author", "Ben"
    )
    assert code == 0, out
    sd = load(b, "form", "strategy_discussion")
    assert field(sd, "concern_summary")["label"] == "What has happened that worries everyone?"
    [*_, decided] = library.changesets("strategy_discussion")
    assert "decided 'theirs'" in decided["rationale"]
    for doc_id in ("strategy_discussion", "section_47_enquiry", "core_group_review"):
        assert library.rebuild(doc_id, "form") == load(b, "form", doc_id)

    # and once everything is taken, importing again has nothing to do
    code, out = run("import", bundle, "--library", b)
    assert code == 0, out


def test_keeping_our_version_is_recorded_in_the_change_log(council_library, tmp_path):
    a, b = council_library("council_a"), council_library("council_b")
    edit(
        a,
        "form",
        "strategy_discussion",
        lambda d: field(d, "concern_summary").update(label="Theirs: what worries everyone?"),
    )
    assert run("publish", "--library", a, "--rationale", "A's words", "--author", "Asha")[0] == 0
    bundle = tmp_path / "a.zip"
    assert (
        run("export", "child_protection", "-o", bundle, "--council", "Council A", "--library", a)[0]
        == 0
    )
    edit(
        b,
        "form",
        "strategy_discussion",
        lambda d: field(d, "concern_summary").update(label="Ours: why are we worried?"),
    )
    assert run("publish", "--library", b, "--rationale", "B's words", "--author", "Ben")[0] == 0
    before = Library(b).history("strategy_discussion")

    code, out = run(
        "import",
        bundle,
        "--write",
        "--prefer",
        "ours",
        "--library",
        b,
        "--author",
        "Ben",
        "--council",
        "Council B",
    )
    assert code == 0, out
    sd = load(b, "form", "strategy_discussion")
    assert field(sd, "concern_summary")["label"] == "Ours: why are we worried?"
    library = Library(b)
    assert len(library.history("strategy_discussion")) == len(before) + 1
    [*_, decided] = library.changesets("strategy_discussion")
    assert "decided 'ours'" in decided["rationale"]
    assert library.rebuild("strategy_discussion", "form") == sd

"""Two councils for the import tests: A edits and exports a bundle; B (the app's
library) has made its own change to one of the same fields."""

from __future__ import annotations

from pathlib import Path

from designer.changes import Library, export_bundle, publish
from tests.changes.helpers import edit, field

A_RATIONALE = "Plainer words after the learning lab in Northtown"
B_RATIONALE = "Our own wording, agreed with the practice group"


def _statutory_removed(doc: dict) -> None:
    outcome = next(s for s in doc["sections"] if s["id"] == "outcome")
    outcome["fields"] = [f for f in outcome["fields"] if f["id"] != "icpc_not_required"]


def council_a_bundle(library_a: Path, out: Path) -> Path:
    """A: relabels a field B also relabels (hard conflict), adds a field (clean), adds a
    hint to another form (clean) and removes a statutory field (locked)."""

    def strategy(doc):
        field(doc, "concern_summary")["label"] = "What has happened that worries everyone?"
        doc["sections"][0]["fields"].append(
            {"id": "child_known_as", "type": "text", "label": "What the child likes to be called"}
        )

    edit(library_a, "form", "strategy_discussion", strategy)
    edit(
        library_a,
        "form",
        "section_47_enquiry",
        lambda d: (
            field(d, "parents_views").update(hint="In the parents' own words."),
            _statutory_removed(d),
        ),
    )
    lib = Library(library_a)
    publish(
        lib,
        [
            library_a / "form_library" / "strategy_discussion.yaml",
            library_a / "form_library" / "section_47_enquiry.yaml",
        ],
        rationale=A_RATIONALE,
        author="Asha Khan",
        council="Council A",
        date="2026-11-20",
    )
    export_bundle(
        lib, "child_protection", out, council="Council A", exported_at="2026-11-21T09:00:00Z"
    )
    return out


def council_b_edits(library_b: Path) -> None:
    edit(
        library_b,
        "form",
        "strategy_discussion",
        lambda d: field(d, "concern_summary").update(label="Why are we worried?"),
    )
    publish(
        Library(library_b),
        [library_b / "form_library" / "strategy_discussion.yaml"],
        rationale=B_RATIONALE,
        author="Ben Ode",
        council="Council B",
        date="2026-11-19",
    )

"""What an approved import writes: per definition, the new version, its changes in
sentences and the decisions taken, and the note that opens its change set."""

from __future__ import annotations

from designer.changes import ImportPlan, describe, diff


def would_write(plan: ImportPlan) -> list[dict]:
    """What publishing would write: per definition, its changes from our latest version."""
    out = []
    for item in plan.items:
        if item.problems or item.status in ("no shared version", "local edits not published"):
            continue
        if item.status == "new":
            out.append(
                {
                    "kind": item.kind,
                    "id": item.id,
                    "title": str(item.theirs.get("title") or item.id),
                    "version": item.theirs["version"],
                    "new": True,
                    "changes": [],
                }
            )
        elif item.status == "merge" and (item.changes_anything or item.decides_anything):
            merged = item.merged
            out.append(
                {
                    "kind": item.kind,
                    "id": item.id,
                    "title": str(merged.get("title") or item.id),
                    "version": item.local["version"] + 1,
                    "new": False,
                    "changes": describe(
                        diff(item.local, merged, item.kind), item.local, merged, item.kind
                    ),
                    "decisions": [
                        {"decision": d.decision, "sentence": d.sentence}
                        for d in item.decisions(plan.bundle.council)
                    ],
                }
            )
    return out


def note_for(choices: dict, notes: list[str], who: str) -> str:
    """The person's reason and their choices, after the engine's account of the merge."""
    lines = [f"Why {who} took these changes: {choices['rationale']}"]
    return "\n".join(lines + notes)


def per_definition(plan: ImportPlan) -> list[tuple[str, ImportPlan]]:
    """The plan split by definition, so each change set carries its own choices."""
    return [
        (f"{item.kind}-{item.id}", ImportPlan(plan.bundle, [item], plan.prefer))
        for item in plan.items
    ]

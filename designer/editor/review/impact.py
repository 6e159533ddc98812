"""What publishing a draft will do, shown before anyone presses Publish.

Records pin the version they were recorded on, so nothing already recorded changes;
the summary says so with numbers, and names what does change: pathways that pre-fill
from (or into) a changed question, statutory mappings, and the family output.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from casework.library import service as library_service
from casework.models.designer import DesignDraft
from designer.changes import describe, diff
from designer.editor import census_words
from designer.editor.forms import operations, question_uses
from designer.editor.review.impact_service import (
    CaseImpact,
    case_impact,
    other_drafts,
    records_on_old_versions,
)
from renderer.definitions import DefinitionError, form_from_mapping, pathway_from_mapping


@dataclass
class Impact:
    changes: list[dict] = field(default_factory=list)  # describe() rows
    records: dict[str, int] = field(default_factory=dict)  # status -> count on old versions
    prefill: list[str] = field(default_factory=list)
    pathway_problems: list[str] = field(default_factory=list)
    statutory: list[str] = field(default_factory=list)
    output: list[str] = field(default_factory=list)
    other_drafts: list[DesignDraft] = field(default_factory=list)
    cases: CaseImpact | None = None  # a pathway's cases, all on earlier versions
    removed: list[tuple[str, list[question_uses.Use]]] = field(default_factory=list)


def _label(doc: dict, field_id: str) -> str:
    for _, _, f, _ in operations.iter_fields(doc):
        if f.get("id") == field_id:
            return f.get("label") or f.get("text") or ""
    return ""


def _changed_fields(ops: list[dict]) -> set[str]:
    """Ids of questions any operation adds, removes, moves or changes."""
    out = set()
    for op in ops:
        path = op.get("path") or []
        for n, step in enumerate(path[:-1]):
            if step == "fields":
                out.add(path[n + 1])
    return out


def _pathways(draft: DesignDraft, new: dict, changed: set[str], impact: Impact) -> None:
    published = {f.form_id: f.definition for f in library_service.latest_forms()}
    published[draft.target_id] = new
    forms = {
        form_id: form_from_mapping(d)
        for form_id, d in published.items()
        if form_id != draft.target_id
    }

    def named(form_id, field_id) -> str:
        return _label(published.get(form_id) or {}, field_id) or "a question"

    try:
        forms[draft.target_id] = form_from_mapping(new)
    except DefinitionError:
        return  # the draft's own errors are shown elsewhere; publishing is refused anyway
    for version in library_service.latest_pathways():
        pathway = version.definition
        stages = {s["id"]: s for s in pathway.get("stages") or []}
        for stage in stages.values():
            for rule in stage.get("prefill") or []:
                source = rule.get("from") or {}
                source_stage = stages.get(source.get("stage"), {})
                if source_stage.get("form") == draft.target_id and source.get("field") in changed:
                    target = named(stage.get("form"), rule["field"])
                    impact.prefill.append(
                        f"‘{pathway['title']}’ pre-fills ‘{target}’ "
                        f"in stage ‘{stage['title']}’ from "
                        f"‘{named(draft.target_id, source['field'])}’, which this change touches."
                    )
                if stage.get("form") == draft.target_id and rule.get("field") in changed:
                    impact.prefill.append(
                        f"‘{pathway['title']}’ pre-fills ‘{named(draft.target_id, rule['field'])}’ "
                        "of this form in "
                        f"stage ‘{stage['title']}’, and this change touches it."
                    )
        uses = any(s.get("form") == draft.target_id for s in stages.values())
        if uses:
            try:
                pathway_from_mapping(pathway, forms)
            except DefinitionError as exc:
                impact.pathway_problems += [
                    f"‘{pathway['title']}’: {p.message}" for p in exc.errors[:10]
                ]


def _new_form_summary(new: dict) -> list[dict]:
    sections = new.get("sections") or []
    count = sum(1 for _ in operations.iter_fields(new))
    rows = [
        {
            "sentence": f"A new form, ‘{new.get('title')}’: {len(sections)} sections, "
            f"{count} questions."
        }
    ]
    for section in sections:
        labels = [
            f.get("label") or f.get("text") or f.get("id") for f in section.get("fields") or []
        ]
        rows.append({"sentence": f"Section ‘{section.get('title')}’: " + "; ".join(labels)})
    return rows


def _pathway_impact(draft: DesignDraft, old: dict, page: int) -> Impact:
    new = dict(draft.document, version=old["version"] + 1)
    impact = Impact(changes=describe(diff(old, new, "pathway"), old, new, "pathway"))
    impact.cases = case_impact(draft.target_id, old, new, page)
    return impact


def _removed(old: dict, new: dict, impact: Impact) -> None:
    """Each question the draft takes out, with what it was used for, and the family
    output's change when the family saw its answer."""
    pathways = [v.definition for v in library_service.latest_pathways()]
    for gone in question_uses.removed_questions(old, new):
        name = gone.get("label") or gone.get("text") or "A question with no wording"
        uses = question_uses.uses_of(old, gone["id"], pathways)
        impact.removed.append((name, uses))
        if any(u.kind == "family" for u in uses):
            impact.output.append(f"‘{name}’ is taken out of the family's document.")
    kept = operations.field_ids(old)
    for _, _, added, _ in operations.iter_fields(new):
        shown = added.get("type") != "guidance" and added.get("share_with_family", True)
        if added.get("id") not in kept and shown:
            name = added.get("label") or added.get("text") or "A question with no wording"
            impact.output.append(f"The family's document will show the answer to ‘{name}’.")


def impact_of(draft: DesignDraft, old: dict | None, page: int = 1) -> Impact:
    if draft.kind == "pathway" and old is not None:
        return _pathway_impact(draft, old, page)
    new = dict(draft.document, version=(old or {}).get("version", 0) + 1)
    ops = diff(old or {}, new, "form")
    if old is None:
        # From nothing the diff is one "set" per key: say what the new form holds instead.
        impact = Impact(changes=_new_form_summary(new))
    else:
        impact = Impact(changes=describe(ops, old, new, "form"))
    impact.records = records_on_old_versions(draft.target_id)
    if old is not None:
        _removed(old, new, impact)
    changed = _changed_fields(ops)
    _pathways(draft, new, changed, impact)
    for field_id, lock in sorted(operations.statutory_fields(new).items()):
        mark = " (changed by this draft)" if field_id in changed else ""
        statutory_return = census_words.return_name(lock["statutory"]["return"])
        impact.statutory.append(
            f"‘{_label(new, field_id)}’ feeds {statutory_return} "
            f"(‘{census_words.item_name(lock['statutory']['item'])}’){mark}."
        )
    if (old or {}).get("output") != new.get("output"):
        impact.output.append("The family output's title, introduction or template changes.")
    for op in ops:
        key = (op.get("path") or [None])[-1]
        if key in ("share_with_family", "family_label"):
            name = _label(new, op["path"][-2]) or _label(old or {}, op["path"][-2])
            what = "whether it is shown" if key == "share_with_family" else "its wording"
            impact.output.append(f"What the family document says about ‘{name}’ changes: {what}.")
    impact.other_drafts = other_drafts(draft)
    return impact

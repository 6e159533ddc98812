"""What every pathway editor page needs: the draft (404 unless it is a pathway), the
questions of each stage's form for conditions and pre-fill, and the way back."""

from __future__ import annotations

from flask import abort, redirect, url_for

from casework.library import service as library
from designer.editor import pages
from designer.editor.conditions import inputs as condition_form
from designer.editor.conditions.logic import editable_rows
from designer.editor.forms.operations import OperationRefused
from designer.editor.pathways import operations as pathway_ops

# A condition compares one answer: a word, a number, a date, yes/no or a choice. The
# composite types (a scale's ratings, a safety plan...) hold no single value to compare.
COMPARED = frozenset(
    {"text", "long_text", "number", "date", "yes_no", "single_choice", "multiple_choice"}
)


def draft_or_404(draft_id: int):
    draft = pages.draft_or_404(draft_id)
    if draft.kind != "pathway":
        abort(404)
    return draft


def item_or_404(draft, noun: str, ident: str) -> dict:
    try:
        if noun == "stage":
            return pathway_ops.find_stage(draft.document, ident)
        return pathway_ops.find_item(draft.document, noun, ident)
    except OperationRefused:
        abort(404)


def back(draft, anchor: str | None = None):
    url = url_for("designer.pathway_draft", draft_id=draft.id)
    return redirect(f"{url}#{anchor}" if anchor else url)


def forms() -> dict[str, dict]:
    return {f.form_id: f.definition for f in library.latest_forms()}


def stage_questions(doc: dict, every: bool = True) -> dict[str, dict]:
    """ "stage_id.field_id" -> the question, labelled "Stage: question", for every
    question of every stage's form (`every=False`: only those a condition can compare)."""
    return questions_of(doc, forms(), every)


def questions_of(doc: dict, by_form: dict[str, dict], every: bool = True) -> dict[str, dict]:
    """As stage_questions, given the forms by id (pure, for tests over the library)."""
    out = {}
    for stage in doc.get("stages") or []:
        form = by_form.get(stage.get("form") or "") or {}
        for section in form.get("sections") or []:
            for field in section.get("fields") or []:
                kind = field.get("type")
                if kind == "calculated":  # compared as what it calculates
                    kind = "number" if field.get("format") == "number" else "text"
                if not field.get("label") or (not every and kind not in COMPARED):
                    continue
                key = f"{stage['id']}.{field['id']}"
                label = f"{stage.get('title')}: {field['label']}"
                out[key] = dict(field, id=key, label=label, type=kind)
    return out


def question_labels(doc: dict) -> dict[tuple[str, str], str]:
    """(stage id, field id) -> the question's own label, to name a question in words."""
    by_form = forms()
    out = {}
    for stage in doc.get("stages") or []:
        form = by_form.get(stage.get("form") or "") or {}
        for section in form.get("sections") or []:
            for field in section.get("fields") or []:
                label = field.get("label") or field.get("text")
                if label and "id" in stage and "id" in field:
                    out[(stage["id"], field["id"])] = label
    return out


def stage_fields(doc: dict) -> list[tuple[str, str]]:
    """("stage_id.field_id", words) for pre-fill sources."""
    return [(key, field["label"]) for key, field in stage_questions(doc).items()]


def stage_choices(doc: dict) -> list[tuple[str, str]]:
    return [(s["id"], s.get("title") or s["id"]) for s in doc.get("stages") or [] if "id" in s]


def builder_context(builder, rule, questions: dict[str, dict]) -> dict:
    """What the condition builder shows for a saved rule: its rows, or the rule
    read-only when the builder cannot say it exactly."""
    return condition_form.view(builder, questions, rule=rule)


def condition_from_form(data, builder, old_rule, questions: dict, errors: dict):
    """(the rule to save, what the builder shows again). A rule the builder could not
    show is kept exactly as it was, whatever was posted. Errors of a button's post
    (such as "Try this rule") are shown, but nothing is saved then."""
    if old_rule is not None and editable_rows(old_rule, questions, False) is None:
        return old_rule, builder_context(builder, old_rule, questions)
    posted = condition_form.read(data, builder.key)
    rule = condition_form.rule_from(posted, questions, builder.key, errors, allow_other=False)
    if posted.action:
        errors.clear()
    return rule, condition_form.view(builder, questions, posted=posted, data=data, errors=errors)

"""The properties panel of one question: wording, type, its own keys, conditions and
validations. Saving replaces the question as one edit; merging is by property, so two
designers changing different properties of one question both keep their change."""

from __future__ import annotations

from flask import request

from casework import access
from designer.editor import pages, properties
from designer.editor.blueprint import EDIT, bp
from designer.editor.conditions import COMPARISONS
from designer.editor.operations import FIELD_TYPES, OperationRefused, find_field


@bp.route("/drafts/<int:draft_id>/fields/<field_id>", methods=["GET", "POST"])
@access.roles(*EDIT)
def edit_field(draft_id: int, field_id: str):
    draft = pages.draft_or_404(draft_id)
    try:
        _, _, field, group = find_field(draft.document, field_id)
    except OperationRefused:
        return pages.back_to_structure(draft)
    fields = pages.fields_by_id(draft.document)
    errors: dict[str, str] = {}
    shown = field
    if request.method == "POST":
        new, errors = properties.field_from_form(request.form, field, fields)
        if not errors:
            problem = pages.apply(
                draft,
                {"op": "replace_field", "id": field_id, "field": new},
                success="Question saved",
            )
            if problem is None:
                return pages.back_to_structure(draft, f"field-{field_id}")
            errors["label"] = problem
        shown = new
    others = [f for f in fields.values() if f["id"] != field_id and f.get("type") != "guidance"]
    return pages.render(
        "designer/field.html",
        draft,
        field=shown,
        group=group,
        errors=errors,
        others=others,
        title=f"Question: {field.get('label') or field.get('text') or field_id}",
        types=[(t, properties.TYPE_NAMES[t]) for t in FIELD_TYPES],
        comparisons=[(k, v[1]) for k, v in COMPARISONS.items()],
        rules={key: properties.rule_rows(shown.get(key), fields) for key in properties.RULE_KEYS},
        validations=properties.validation_rows(shown.get("validations"), fields),
        options_text=properties.options_text(shown.get("options")),
        fact_choices=properties.fact_choices(shown.get("type"), shown.get("fact")),
        fact_uses=properties.FACT_USES,
        P=properties,
    )

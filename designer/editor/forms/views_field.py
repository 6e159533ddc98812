"""The properties panel of one question: wording, type, its own keys, conditions and
validations. Saving replaces the question as one edit; merging is by property, so two
designers changing different properties of one question both keep their change."""

from __future__ import annotations

from flask import request

from casework import access
from designer.editor import pages
from designer.editor.blueprint import EDIT, bp
from designer.editor.conditions import inputs as condition_form
from designer.editor.conditions.logic import COMPARISONS, NO_VALUE, ORDERED
from designer.editor.forms import properties
from designer.editor.forms.operations import FIELD_TYPES, OperationRefused, find_field

VALIDATION_COMPARISONS = ("equals", "not_equals", *ORDERED, *sorted(NO_VALUE))


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
    # "Add another condition", "Remove", "Update" and "Try this rule" post the whole
    # page: it comes back as typed, nothing saved.
    acting = request.method == "POST" and condition_form.action_of(request.form)
    if request.method == "POST":
        new, errors = properties.field_from_form(request.form, field, fields)
        if acting:
            errors = {}
        elif not errors:
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
    questions = {f["id"]: f for f in others}
    builders = {}
    for builder in condition_form.form_builders(shown.get("type")):
        if request.method == "POST":
            builders[builder.key] = condition_form.view(
                builder,
                questions,
                posted=condition_form.read(request.form, builder.key),
                data=request.form,
                errors=errors,
            )
        else:
            builders[builder.key] = condition_form.view(
                builder, questions, rule=shown.get(builder.key)
            )
    return pages.render(
        "designer/field.html",
        draft,
        field=shown,
        group=group,
        errors=errors,
        others=others,
        title=f"Question: {field.get('label') or field.get('text') or field_id}",
        types=[(t, properties.TYPE_NAMES[t]) for t in FIELD_TYPES],
        # A validation compares the answer itself with one value, another answer or today.
        comparisons=[(k, COMPARISONS[k][1]) for k in VALIDATION_COMPARISONS],
        builders=builders,
        validations=properties.validation_rows(shown.get("validations"), fields),
        options_text=properties.options_text(shown.get("options")),
        fact_choices=properties.fact_choices(shown.get("type"), shown.get("fact")),
        fact_uses=properties.FACT_USES,
        P=properties,
    )

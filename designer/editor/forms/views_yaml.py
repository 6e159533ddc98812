"""The form's details and family output, and the expert YAML view of the same draft."""

from __future__ import annotations

from flask import jsonify, redirect, request, url_for
from flask_login import current_user

from casework import access
from designer.editor import pages, service
from designer.editor.blueprint import EDIT, REVIEW, bp
from designer.editor.forms import note_settings
from renderer.definitions import DefinitionError
from renderer.definitions.serialise import dump_definition
from renderer.definitions.yaml_source import parse_yaml

DETAIL_KEYS = ("title", "purpose", "owner", "summary_for_family")


@bp.route("/drafts/<int:draft_id>/details", methods=["GET", "POST"])
@access.roles(*EDIT)
def details(draft_id: int):
    draft = pages.draft_or_404(draft_id)
    if draft.kind == "pathway":  # a pathway's details have their own page
        return redirect(url_for("designer.pathway_details", draft_id=draft.id))
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {k: request.form.get(k, "").strip() for k in DETAIL_KEYS}
        if not values["title"]:
            errors["title"] = "Enter the form's title"
        if not values["purpose"]:
            errors["purpose"] = "Enter why this form exists"
        role = request.form.get("authorisation", "")
        values["authorisation"] = {"role": "team_manager"} if role == "team_manager" else None
        if request.form.get("note_settings") == "shown":
            values |= note_settings.from_form(request.form, draft.document)
        output = {
            k: request.form.get(f"output_{k}", "").strip()
            for k in ("title", "introduction", "template")
        }
        if not errors:
            problem = pages.apply(draft, {"op": "set_form", "values": values})
            problem = problem or pages.apply(
                draft, {"op": "set_output", "values": output}, success="Details saved"
            )
            if problem is None:
                return redirect(url_for("designer.details", draft_id=draft.id))
            errors["title"] = problem
    return pages.render(
        "designer/details.html",
        draft,
        errors=errors,
        note=note_settings.shown(draft.document),
        title=f"{draft.title}: details and output",
    )


@bp.route("/drafts/<int:draft_id>/yaml", methods=["GET", "POST"])
@access.roles(*REVIEW)
def yaml_view(draft_id: int):
    draft = pages.draft_or_404(draft_id)
    text = dump_definition(draft.document, draft.kind)
    problems: list = []
    result = None
    if request.method == "POST":
        if current_user.role not in EDIT:
            return redirect(url_for("designer.yaml_view", draft_id=draft.id))
        text = request.form.get("yaml", "")
        try:
            source = parse_yaml(text.encode("utf-8"), "draft.yaml")
        except DefinitionError as exc:
            problems = exc.problems
        else:
            doc = source.data
            if not isinstance(doc, dict) or doc.get("id") != draft.target_id:
                problems = [f"The id must stay '{draft.target_id}'"]
            else:
                result = service.check(draft, doc, source)
                if result.ok or request.form.get("save_anyway") == "yes":
                    problem = pages.apply(
                        draft, {"op": "replace_document", "document": doc}, success="YAML saved"
                    )
                    if problem is None:
                        return redirect(url_for("designer.yaml_view", draft_id=draft.id))
                    problems = [problem]
    return pages.render(
        "designer/yaml.html",
        draft,
        text=text,
        problems=problems,
        posted=result,
        title=f"{draft.title}: YAML",
    )


@bp.route("/drafts/<int:draft_id>/yaml/check", methods=["POST"])
@access.roles(*REVIEW)
def yaml_check(draft_id: int):
    """Check YAML without saving it: editor.mjs calls this as the designer types."""
    draft = pages.draft_or_404(draft_id)
    text = request.form.get("yaml", "")[:1_000_000]
    try:
        source = parse_yaml(text.encode("utf-8"), "draft.yaml")
    except DefinitionError as exc:
        return jsonify(ok=False, problems=[_problem(p) for p in exc.problems])
    doc = source.data
    if not isinstance(doc, dict) or doc.get("id") != draft.target_id:
        return jsonify(
            ok=False,
            problems=[
                {
                    "line": 1,
                    "code": "",
                    "path": "id",
                    "message": f"The id must stay '{draft.target_id}'",
                }
            ],
        )
    result = service.check(draft, doc, source)
    return jsonify(
        ok=result.ok,
        problems=[_problem(p.problem) for p in result.errors + result.warnings],
    )


def _problem(problem) -> dict:
    return {
        "line": problem.line,
        "code": problem.code,
        "path": problem.path,
        "message": problem.message,
        "severity": problem.severity,
    }

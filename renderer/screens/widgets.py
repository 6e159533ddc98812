"""The tree the templates render: each Widget names a macro and carries its params.

Most widgets are GOV.UK Frontend components (``govukInput``, ``govukRadios``...) whose
``params`` are exactly the component's Nunjucks/Jinja parameters, so the template only
dispatches. Definition text is only ever passed as ``text`` (escaped by the component),
never as ``html``. Convivial's own kinds (``field``, ``fieldset``, ``add_another``,
``calculated``, ``paragraph``, ``summary``, ``current_file``) are macros in
``templates/screens/section.html``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .names import Path, label_of


@dataclass
class Widget:
    kind: str
    params: dict = field(default_factory=dict)
    children: list[Widget] = field(default_factory=list)


def rule_json(rule: object) -> str:
    """A rule for a ``data-*`` attribute: compact JSON (the template escapes it)."""
    return json.dumps(rule, separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def label(f, classes: str = "govuk-label--s") -> dict:
    return {"text": label_of(f), "classes": classes}


def legend(f, classes: str = "govuk-fieldset__legend--s") -> dict:
    return {"legend": {"text": label_of(f), "classes": classes}}


def hint(f) -> dict | None:
    return {"text": f.hint} if f.hint else None


def error(messages: list[str] | None) -> dict | None:
    return {"text": " ".join(messages)} if messages else None


def errors_at(errors: dict, path: Path) -> list[str]:
    return list(errors.get(path.name, ()))


def wrap(
    f, inner: list[Widget], *, hidden: bool, item_field: bool = False, source: str | None = None
) -> Widget:
    """The per-field wrapper: ``data-field`` and the rules the browser applies live.

    ``source`` says where a pre-filled answer came from; it sits under the question so a
    practitioner checks it where they would change it.
    """
    attrs = {"data-field": f.id, "data-type": f.type}
    if f.show_if is not None:
        attrs["data-show-if"] = rule_json(f.show_if)
    if f.required:
        attrs["data-required"] = "true"
    if f.required_if is not None:
        attrs["data-required-if"] = rule_json(f.required_if)
    if f.validations:
        attrs["data-validations"] = rule_json(
            [{"rule": v.rule, "message": v.message} for v in f.validations]
        )
    if f.calculation is not None:
        attrs["data-calculation"] = rule_json(f.calculation)
    if item_field:
        attrs["data-item-field"] = "true"
    if source:
        inner = [*inner, Widget("source", {"id": f"{f.id}-source", "text": source})]
    if len(inner) == 1 and inner[0].kind in FORM_GROUP_KINDS:
        return on_form_group(inner[0], attrs, hidden=hidden)
    return Widget("field", {"attributes": attrs, "hidden": hidden}, inner)


# GOV.UK components that take their form group's classes and attributes. A question that
# is one of them alone carries the wrapper's class and attributes on the component's own
# form group: the same markup for people and our scripts, one element fewer per question
# for the browser to parse (150 on the longest sections). Not govukCharacterCount: this
# port of its macro cannot pass form group attributes on to its textarea.
FORM_GROUP_KINDS = frozenset(
    {
        "govukInput",
        "govukTextarea",
        "govukRadios",
        "govukCheckboxes",
        "govukSelect",
        "govukDateInput",
        "govukFileUpload",
    }
)


def on_form_group(widget: Widget, attrs: dict, *, hidden: bool) -> Widget:
    """``widget`` with the per-field wrapper's class and attributes on its form group."""
    group = dict(widget.params.get("formGroup") or {})
    group["classes"] = " ".join(filter(None, [group.get("classes"), "convivial-field"]))
    group["attributes"] = {**(group.get("attributes") or {}), **attrs}
    if hidden:
        group["attributes"]["hidden"] = {"value": True, "optional": True}
    return Widget(widget.kind, {**widget.params, "formGroup": group}, widget.children)


def paragraph(text: str, classes: str = "govuk-body") -> Widget:
    return Widget("paragraph", {"text": text, "classes": classes})

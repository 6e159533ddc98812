"""What a question is used for, in words: shown before it is deleted and when a draft
removes it, so nobody takes out a question without seeing what leans on it.

Pure Python: the form and the pathways are plain mappings. A use is one sentence a working
group can act on; the kinds are the ones issue 16 names (required, the family document,
rules, pre-fill and case facts, the census).
"""

from __future__ import annotations

from dataclasses import dataclass

from designer.editor.forms.operations import iter_fields as _iter
from renderer.definitions.facts import FACTS
from renderer.definitions.rule_refs import rule_vars


def iter_fields(doc: dict):
    return (f for _, _, f, _ in _iter(doc))


NO_ANSWER = frozenset({"guidance"})  # asks nothing, so nothing can use its answer


@dataclass(frozen=True)
class Use:
    kind: str  # required | family | rule | prefill | fact | census | flow
    sentence: str


def _name(field: dict) -> str:
    text = field.get("label") or field.get("text") or field.get("id", "")
    return text if field.get("label") or field.get("text") else text.replace("_", " ")


def _reads(rule, field_id: str, prefix: str = "") -> bool:
    """Whether a JSON Logic rule reads the answer (`x` or `x.part`)."""
    wanted = prefix + field_id
    return any(v == wanted or v.startswith(wanted + ".") for v in rule_vars(rule))


def _form_uses(form: dict, field: dict) -> list[Use]:
    field_id = field["id"]
    out: list[Use] = []
    if field.get("required"):
        out.append(Use("required", "Practitioners must answer it: it is required."))
    elif field.get("required_if"):
        out.append(Use("required", "Practitioners must answer it in some cases."))
    if field.get("type") not in NO_ANSWER and field.get("share_with_family", True):
        out.append(Use("family", "Its answer is in the family's document."))
    template = ((form.get("output") or {}).get("template")) or ""
    if field_id in template:
        out.append(Use("family", "The family document's own layout names it."))
    for other in iter_fields(form):
        if other is not field and other.get("id") != field_id:
            out += _read_by(other, field_id)
    if form.get("note_date") == field_id:
        out.append(Use("rule", "It gives the date of the case note."))
    if _reads(form.get("visit_when"), field_id):
        out.append(Use("rule", "It decides whether the note counts as a visit."))
    return out + _kept(field)


def _read_by(other: dict, field_id: str) -> list[Use]:
    """How another question's rules read this one's answer."""
    out: list[Use] = []
    name = _name(other)
    if _reads(other.get("show_if"), field_id):
        out.append(Use("rule", f"‘{name}’ is shown only depending on its answer."))
    if _reads(other.get("required_if"), field_id):
        out.append(Use("rule", f"Whether ‘{name}’ must be answered depends on it."))
    if any(_reads(v.get("rule"), field_id) for v in other.get("validations") or []):
        out.append(Use("rule", f"A check on ‘{name}’ reads its answer."))
    if _reads(other.get("calculation"), field_id):
        out.append(Use("rule", f"‘{name}’ is worked out from it."))
    if other.get("not_before_field") == field_id:
        out.append(Use("rule", f"‘{name}’ cannot be a date before it."))
    return out


def _kept(field: dict) -> list[Use]:
    """The case fact and the statutory return the answer goes to."""
    out: list[Use] = []
    fact = field.get("fact")
    if fact:
        words = FACTS[fact].label if fact in FACTS else "a case fact"
        out.append(
            Use("fact", f"It holds the case fact ‘{words}’, which other forms may fill in from.")
        )
    statutory = field.get("statutory")
    if statutory:
        out.append(
            Use("census", "It feeds the children in need census, so it cannot be deleted.")
            if statutory.get("return") == "cin_census"
            else Use("census", "It feeds a statutory return, so it cannot be deleted.")
        )
    return out


def _pathway_uses(form_id: str, field_id: str, pathway: dict) -> list[Use]:
    out: list[Use] = []
    title = pathway.get("title", "a pathway")
    stages = pathway.get("stages") or []
    titles = {s.get("id"): s.get("title", "a stage") for s in stages}
    own = [s.get("id") for s in stages if s.get("form") == form_id]
    for stage in stages:
        for rule in stage.get("prefill") or []:
            source = rule.get("from") or {}
            if source.get("stage") in own and source.get("field") == field_id:
                out.append(
                    Use(
                        "prefill",
                        f"‘{title}’ fills in a question of ‘{stage.get('title')}’ from it.",
                    )
                )
            if stage.get("id") in own and rule.get("field") == field_id:
                out.append(Use("prefill", f"‘{title}’ fills it in at ‘{stage.get('title')}’."))
    for kind, items in (("transition", "transitions"), ("trigger", "triggers")):
        for item in pathway.get(items) or []:
            if any(_reads(item.get("when"), field_id, f"{s}.") for s in own):
                where = titles.get(item.get("to") or item.get("start"), "")
                aim = f" (to ‘{where}’)" if where else ""
                out.append(Use("flow", f"‘{title}’ decides a {kind}{aim} by its answer."))
    for event in pathway.get("events") or []:
        recorded = event.get("recorded_by") or {}
        if recorded.get("stage") in own and recorded.get("field") == field_id:
            out.append(
                Use(
                    "flow",
                    f"‘{title}’ starts the clock ‘{event.get('label', 'an event')}’ from its date.",
                )
            )
    return out


def uses_of(form: dict, field_id: str, pathways: list[dict]) -> list[Use]:
    """Every use of the question `field_id` of `form`, in the form and the pathways."""
    field = next((f for f in iter_fields(form) if f.get("id") == field_id), None)
    if field is None:
        return []
    out = _form_uses(form, field)
    for pathway in pathways:
        out += _pathway_uses(form.get("id", ""), field_id, pathway)
    return list(dict.fromkeys(out))  # the same sentence once


def removed_questions(old: dict, new: dict) -> list[dict]:
    """Questions of `old` that `new` no longer has."""
    kept = {f.get("id") for f in iter_fields(new)}
    return [f for f in iter_fields(old) if f.get("id") not in kept]

"""Checks a schema cannot express: ids, references, rules, cycles, patterns, and the
output template (templates.py).

Runs only on schema-valid data, so shapes can be trusted here.
"""

from __future__ import annotations

# the stdlib's own parser, used only to inspect nesting (typeshed has no stub for it)
import re._parser as sre_parse  # type: ignore[import-not-found]
from dataclasses import dataclass

import re2

from .crosscheck_facts import form_fact_problems
from .crosscheck_notes import note_problems
from .errors import Problem, did_you_mean
from .identifiers import IdChecker
from .rule_refs import (
    find_var,
    rule_item_vars,
    rule_problems,
    rule_vars,
    unknown_var_problem,
)
from .templates import output_template_problems

MAX_PATTERN_LENGTH = 500
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # errors become CV308 problems; no stderr noise


@dataclass
class FieldRef:
    data: dict
    path: tuple
    order: int
    group: str | None  # id of the enclosing repeating group, if any


def collect_fields(data: dict) -> list[FieldRef]:
    out: list[FieldRef] = []
    for si, section in enumerate(data["sections"]):
        for fi, f in enumerate(section["fields"]):
            path = ("sections", si, "fields", fi)
            out.append(FieldRef(f, path, len(out), None))
            for ni, nested in enumerate(
                f.get("fields", ()) if f["type"] == "repeating_group" else ()
            ):
                out.append(FieldRef(nested, (*path, "fields", ni), len(out), f["id"]))
    return out


def rules_of(field: dict):
    """(rule, key path relative to the field, description) for every rule in a field."""
    for key in ("show_if", "required_if", "calculation"):
        if key in field:
            yield field[key], (key,), key
    for i, v in enumerate(field.get("validations", ())):
        yield v["rule"], ("validations", i, "rule"), f"validations[{i}]"


def check_form(doc, expected_id: str | None = None) -> list[Problem]:
    data = doc.data
    problems: list[Problem] = []
    ids = IdChecker(doc, problems)
    fields = collect_fields(data)

    ids.check_reserved(data["id"], ("id",), "form", namespaced=False)
    if expected_id is not None and data["id"] != expected_id:
        line, col = doc.locate(("id",))
        problems.append(
            Problem(
                "CV304",
                f"The form id is '{data['id']}' but the file is named '{expected_id}.yaml'.",
                file=doc.file,
                line=line,
                column=col,
                path="id",
            )
        )
    sections = [(s["id"], ("sections", i, "id")) for i, s in enumerate(data["sections"])]
    for ident, path in sections:
        ids.check_reserved(ident, path, "section")
    ids.unique(sections, "section", "this form")
    for ref in fields:
        ids.check_reserved(ref.data["id"], (*ref.path, "id"), "field")
    by_id = ids.unique([(r.data["id"], (*r.path, "id")) for r in fields], "field", "this form")
    field_at = {r.data["id"]: r for r in fields if by_id.get(r.data["id"]) == (*r.path, "id")}

    for ref in fields:
        _check_field(doc, ref, field_at, ids, problems)
    problems.extend(form_fact_problems(doc, fields))
    problems.extend(note_problems(doc))
    _check_rules(doc, fields, field_at, problems)
    _check_cycles(doc, fields, field_at, "calculation", "CV403", problems)
    _check_cycles(doc, fields, field_at, "show_if", "CV404", problems)
    problems.extend(output_template_problems(doc))
    return problems


def _check_field(doc, ref: FieldRef, field_at, ids: IdChecker, problems) -> None:
    f, path = ref.data, ref.path
    if f.get("options"):
        _check_options(doc, ref, ids, problems)
    _check_field_references(doc, ref, field_at, problems)
    for low, high in (("min", "max"), ("min_items", "max_items")):
        if low in f and high in f and f[low] > f[high]:
            _add(
                doc,
                problems,
                "CV309",
                (*path, low),
                f"{low} ({f[low]}) of field '{f['id']}' is more than {high} ({f[high]}).",
            )
    if "pattern" in f:
        message = pattern_problem(f["pattern"])
        if message:
            _add(
                doc,
                problems,
                "CV308",
                (*path, "pattern"),
                f"The pattern of field '{f['id']}' is refused: {message}",
            )


def _check_options(doc, ref: FieldRef, ids: IdChecker, problems) -> None:
    f, path, opts = ref.data, ref.path, ref.data["options"]
    pairs = [(o["id"], (*path, "options", i, "id")) for i, o in enumerate(opts)]
    for ident, p in pairs:
        ids.check_reserved(ident, p, "option", namespaced=False)
    ids.unique(pairs, "option", f"field '{f['id']}'")
    excl = f.get("exclusive_option")
    if excl is not None and excl not in {o["id"] for o in opts}:
        _add(
            doc,
            problems,
            "CV307",
            (*path, "exclusive_option"),
            f"exclusive_option '{excl}' of field '{f['id']}' is not one of its options "
            f"({', '.join(o['id'] for o in opts)}).",
        )


def _check_field_references(doc, ref: FieldRef, field_at, problems) -> None:
    """A field that names another field (a date it may not precede, the safety goal it
    scores, the scale it repeats) names one of this form of the right type."""
    f, path = ref.data, ref.path
    for key, wanted in (
        ("not_before_field", "date"),
        ("safety_goal", "safety_goal"),
        ("scale", "scale"),
    ):
        target = f.get(key)
        if target is None or f["type"] == "scale" and key == "scale":
            continue
        other = field_at.get(target)
        if other is None:
            _add(
                doc,
                problems,
                "CV305",
                (*path, key),
                f"{key} of field '{f['id']}' names '{target}', which is not a field of this "
                f"form.{did_you_mean(target, field_at)}",
            )
        elif other.data["type"] != wanted:
            _add(
                doc,
                problems,
                "CV306",
                (*path, key),
                f"{key} of field '{f['id']}' names '{target}', a {other.data['type']} field; "
                f"it must be a {wanted} field.",
            )


def pattern_problem(pattern: str) -> str | None:
    """Why a pattern is refused, or None. The server matches with RE2 (linear time);
    the browser's pattern attribute uses a backtracking engine, so nested repeats that
    RE2 handles safely could still freeze a practitioner's browser."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"it is {len(pattern)} characters long; the limit is {MAX_PATTERN_LENGTH}."
    try:
        re2.compile(pattern, options=_RE2_OPTIONS)
    except re2.error as exc:
        detail = exc.args[0] if exc.args else exc
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        return f"it is not valid RE2 syntax ({detail})."
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:  # noqa: BLE001 - RE2 accepted it; Python's parser is only a helper
        return None
    if _nested_repeat(parsed, inside=False):
        return (
            "it repeats a group that itself repeats (like '(a+)+'), which can make "
            "a browser hang for minutes on a short answer."
        )
    return None


def _nested_repeat(items, inside: bool) -> bool:
    for op, arg in items:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            _low, high, sub = arg
            unbounded = high is sre_parse.MAXREPEAT or high > 1
            found = (inside and unbounded) or _nested_repeat(sub, inside or unbounded)
        elif name == "SUBPATTERN":
            found = _nested_repeat(arg[-1], inside)
        elif name == "BRANCH":
            found = any(_nested_repeat(b, inside) for b in arg[1])
        else:
            found = False
        if found:
            return True
    return False


def _check_rules(doc, fields: list[FieldRef], field_at, problems) -> None:
    top = {i for i, r in field_at.items() if r.group is None}
    for ref in fields:
        siblings = {i for i, r in field_at.items() if r.group == ref.group} if ref.group else set()
        known = top | siblings | {"today"}
        for rule, rel, what in rules_of(ref.data):
            path = (*ref.path, *rel)
            context = f"{what} of field '{ref.data['id']}'"
            problems.extend(rule_problems(doc, rule, path))
            for name in sorted(rule_vars(rule)):
                head = name.split(".", 1)[0]
                if head in known:
                    continue
                if head in field_at:
                    inner = find_var(rule, name) or ()
                    _add(
                        doc,
                        problems,
                        "CV405",
                        (*path, *inner),
                        f"The rule in {context} uses '{name}', a field inside the repeating "
                        f"group '{field_at[head].group}'; outside that group there is one "
                        "answer per item, so it has no single value.",
                    )
                else:
                    problems.append(
                        unknown_var_problem(doc, rule, path, name, sorted(known), context)
                    )
            _check_item_vars(doc, rule, path, context, field_at, problems)


def _check_item_vars(doc, rule, path, context, field_at, problems) -> None:
    """Inside some/all/none/map/filter over a repeating group, names are its fields."""
    for collection, names in rule_item_vars(rule).items():
        group = field_at.get(collection)
        if group is None or group.data["type"] != "repeating_group":
            continue
        nested = {f["id"] for f in group.data["fields"]}
        for name in sorted(names):
            if name.split(".", 1)[0] not in nested:
                problems.append(
                    unknown_var_problem(
                        doc,
                        rule,
                        path,
                        name,
                        sorted(nested),
                        context,
                        f"a field of the repeating group '{collection}'",
                    )
                )


def _check_cycles(doc, fields, field_at, key: str, code: str, problems) -> None:
    """Depth-first search on 'rule of X reads Y' edges among fields having that rule."""
    graph = {
        r.data["id"]: {v.split(".", 1)[0] for v in rule_vars(r.data[key])} & set(field_at)
        for r in fields
        if key in r.data and field_at.get(r.data["id"]) is r
    }
    state: dict[str, int] = {}
    reported: set[frozenset] = set()

    def visit(node, stack):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                loop = stack[stack.index(nxt) :]
                sig = frozenset(loop)
                if sig not in reported:
                    reported.add(sig)
                    ref = field_at[loop[0]]
                    _add(
                        doc,
                        problems,
                        code,
                        (*ref.path, key),
                        f"The {key} of field '{loop[0]}' depends on itself: "
                        f"{' -> '.join([*loop, loop[0]])}.",
                    )
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [])


def _add(doc, problems, code, path, message) -> None:
    line, col = doc.locate(path)
    problems.append(
        Problem(code, message, file=doc.file, line=line, column=col, path=doc.path_text(path))
    )

"""Plain-language English descriptions of rules, for working groups and change logs."""

from __future__ import annotations

import json
import re

from .coercion import as_float, is_number, number_to_string
from .grammar import is_logic, operation

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_COMPARE = {
    ">": ("is more than", "is after"),
    ">=": ("is at least", "is on or after"),
    "<": ("is less than", "is before"),
    "<=": ("is at most", "is on or before"),
}
_EQUALITY = {"==": "is", "===": "is", "!=": "is not", "!==": "is not"}
_ARITHMETIC = {"+": "plus", "-": "minus", "*": "times", "/": "divided by"}
_BOOLEAN_OPS = frozenset({"and", "or"})


def describe(rule: object, labels: dict[str, str] | None = None) -> str:
    """Describe ``rule`` in plain English, naming fields by their labels where given.

    Never raises: parts it cannot put into words are shown as compact JSON.
    """
    try:
        return _Describer(labels or {}).text(rule, "form")
    except Exception:  # noqa: BLE001 - a description must never break a page or change log
        return _compact(rule)


def _compact(node: object) -> str:
    try:
        return json.dumps(node, separators=(",", ":"), ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        return "a rule too complex to describe"


class _Describer:
    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels

    def text(self, node: object, scope: str) -> str:
        """``scope`` is "form" for the top level, "item" inside map/filter/all/none/some
        and "reduce" inside a reduce, where names refer to other things."""
        if isinstance(node, list):
            return self.listing(node, scope, "and")
        if not is_logic(node):
            return self.literal(node)
        op, args = operation(node)
        method = getattr(self, "op_" + _METHOD_NAMES.get(op, ""), None)
        if method is None:
            return _compact(node)
        return method(op, args, scope)

    def literal(self, value: object) -> str:
        if isinstance(value, str):
            return json.dumps(value, ensure_ascii=False)
        if isinstance(value, bool):
            return "true" if value else "false"
        if is_number(value):
            return number_to_string(as_float(value))
        if value is None:
            return "nothing"
        return _compact(value)

    def listing(self, items: list, scope: str, conjunction: str) -> str:
        parts = [self.text(item, scope) for item in items]
        if not parts:
            return "no items"
        if len(parts) == 1:
            return parts[0]
        return ", ".join(parts[:-1]) + f" {conjunction} " + parts[-1]

    def name(self, name: str, scope: str) -> str:
        if scope == "reduce":
            named = self._reduce_name(name)
            if named is not None:
                return named
        if scope == "item":
            return self._item_name(name)
        return self._form_name(name)

    def _reduce_name(self, name: str) -> str | None:
        """Inside a reduce: its own two names, or None for a name of the form."""
        if name == "accumulator":
            return "the running result"
        if name == "current":
            return "the item"
        if name.startswith("current."):
            return self.name(name[len("current.") :], "item")
        return None

    def _item_name(self, name: str) -> str:
        if name == "":
            return "the item"
        label = self.labels.get(name)
        return f'its answer to "{label}"' if label else f"its {name}"

    def _form_name(self, name: str) -> str:
        if name == "":
            return "all the answers"
        if name in self.labels:
            return f'the answer to "{self.labels[name]}"'
        if name == "today":
            return "today's date"
        for prefix, owner in (("child.", "the child's"), ("case.", "the case's")):
            if name.startswith(prefix):
                return f"{owner} {name[len(prefix) :].replace('_', ' ')}"
        return f"the answer to {name}"

    def question(self, name: str, scope: str) -> str:
        """How to name a field after "there is no answer to"."""
        if scope == "form" and name in self.labels:
            return f'"{self.labels[name]}"'
        phrase = self.name(name, scope)
        return phrase.removeprefix("the answer to ").removeprefix("its answer to ")

    def condition(self, node: object, scope: str) -> str:
        """A value used as a condition: a bare field means "it has an answer"."""
        name = self.var_name(node)
        if name is not None and is_logic(node) and len(operation(node)[1]) < 2:
            return f"there is an answer to {self.question(name, scope)}"
        return self.text(node, scope)

    def var_name(self, node: object) -> str | None:
        if is_logic(node) and operation(node)[0] == "var":
            args = operation(node)[1]
            name = args[0] if args else ""
            if name is None or isinstance(name, str):
                return name or ""
            if is_number(name):
                return number_to_string(as_float(name))
        return None

    def clause(self, node: object, scope: str) -> str:
        """A sub-condition, bracketed when it is itself an and/or."""
        text = self.condition(node, scope)
        if is_logic(node) and operation(node)[0] in _BOOLEAN_OPS:
            return f"({text})"
        return text

    def op_var(self, op: str, args: list, scope: str) -> str:
        name = self.var_name({"var": args})
        if name is None:
            return "the answer named by " + self.text(args[0], scope)
        text = self.name(name, scope)
        if len(args) > 1:
            text += f" (or {self.text(args[1], scope)} if there is no answer)"
        return text

    def op_equality(self, op: str, args: list, scope: str) -> str:
        left, right = (args + [None, None])[:2]
        if left is None:
            left, right = right, left
        subject = self.text(left, scope)
        if right is None:
            return f"{subject} {'is not' if op in ('!=', '!==') else 'is'} empty"
        return f"{subject} {_EQUALITY[op]} {self.text(right, scope)}"

    def op_compare(self, op: str, args: list, scope: str) -> str:
        dated = any(self.is_date(a) for a in args)
        words = _COMPARE[op][1 if dated else 0]
        parts = [self.text(a, scope) for a in args]
        if len(parts) == 3:
            # a < b < c reads best from the middle: "b is more than a and less than c".
            lower = _COMPARE[">" if op == "<" else ">="][1 if dated else 0]
            return f"{parts[1]} {lower} {parts[0]} and {words} {parts[2]}"
        if len(parts) < 2:
            return _compact({op: args})
        return f"{parts[0]} {words} {parts[1]}"

    def is_date(self, node: object) -> bool:
        if isinstance(node, str):
            return bool(_DATE.match(node))
        name = self.var_name(node)
        return name is not None and ("date" in name or name == "today" or name.endswith("_on"))

    def op_not(self, op: str, args: list, scope: str) -> str:
        inner = args[0] if args else None
        name = self.var_name(inner)
        if name is not None:
            return f"there is no answer to {self.question(name, scope)}"
        return f"it is not true that {self.clause(inner, scope)}"

    def op_truthy(self, op: str, args: list, scope: str) -> str:
        inner = args[0] if args else None
        name = self.var_name(inner)
        if name is not None:
            return f"there is an answer to {self.question(name, scope)}"
        return f"it is true that {self.clause(inner, scope)}"

    def op_boolean(self, op: str, args: list, scope: str) -> str:
        parts = [self.clause(a, scope) for a in args]
        if len(parts) <= 2:
            return f" {op} ".join(parts) or _compact({op: args})
        lead = "all of these are true" if op == "and" else "at least one of these is true"
        return f"{lead}: " + "; ".join(parts)

    def op_in(self, op: str, args: list, scope: str) -> str:
        needle, haystack = (args + [None, None])[:2]
        if isinstance(haystack, list):
            choices = self.listing(haystack, scope, "or")
            return f"{self.text(needle, scope)} is one of {choices}"
        if isinstance(haystack, str):
            return f"{self.text(needle, scope)} appears in the text {self.literal(haystack)}"
        return f"{self.text(haystack, scope)} includes {self.text(needle, scope)}"

    def op_missing(self, op: str, args: list, scope: str) -> str:
        keys = args[0] if args and isinstance(args[0], list) else args
        if op == "missing_some":
            keys = args[1] if len(args) > 1 else []
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            return _compact({op: args})
        names = [self.question(k, scope) for k in keys]
        if op == "missing_some":
            count = self.text(args[0], scope)
            return f"fewer than {count} of these have an answer: " + ", ".join(names)
        if len(names) == 1:
            return f"there is no answer to {names[0]}"
        return "at least one of these has no answer: " + ", ".join(names)

    def op_if(self, op: str, args: list, scope: str) -> str:
        parts = []
        for i in range(0, len(args) - 1, 2):
            lead = "if" if i == 0 else "otherwise, if"
            parts.append(
                f"{lead} {self.condition(args[i], scope)}, then {self.text(args[i + 1], scope)}"
            )
        if len(args) % 2 == 1:
            last = self.text(args[-1], scope)
            parts.append(f"otherwise {last}" if parts else last)
        return "; ".join(parts) or "nothing"

    def op_arithmetic(self, op: str, args: list, scope: str) -> str:
        # A question added up is its answer, not "there is an answer to" it.
        parts = [
            f"({self.text(a, scope)})"
            if is_logic(a) and operation(a)[0] in _BOOLEAN_OPS
            else self.text(a, scope)
            for a in args
        ]
        if op == "-" and len(parts) == 1:
            return f"minus {parts[0]}"
        return f" {_ARITHMETIC[op]} ".join(parts) or _compact({op: args})

    def op_remainder(self, op: str, args: list, scope: str) -> str:
        parts = [self.text(a, scope) for a in args] + ["?", "?"]
        return f"the remainder when {parts[0]} is divided by {parts[1]}"

    def op_extreme(self, op: str, args: list, scope: str) -> str:
        word = {"max": "largest", "min": "smallest"}[op]
        return f"the {word} of {self.listing(args, scope, 'and')}"

    def op_cat(self, op: str, args: list, scope: str) -> str:
        return "the text " + " followed by ".join(self.text(a, scope) for a in args)

    def op_substr(self, op: str, args: list, scope: str) -> str:
        parts = [self.text(a, scope) for a in args] + ["", ""]
        text = f"part of {parts[0]} from position {parts[1]}"
        return text + (f", {parts[2]} characters long" if len(args) > 2 else "")

    def op_merge(self, op: str, args: list, scope: str) -> str:
        return "the items of " + self.listing(args, scope, "and")

    def op_scoped(self, op: str, args: list, scope: str) -> str:
        source = self.text(args[0], scope) if args else "nothing"
        inner_scope = "reduce" if op == "reduce" else "item"
        body = self.text(args[1], inner_scope) if len(args) > 1 else "nothing"
        if op in ("some", "all", "none", "filter") and len(args) > 1:
            body = self.condition(args[1], inner_scope)
        if op == "some":
            return f"for at least one item in {source}, {body}"
        if op == "all":
            return f"for every item in {source}, {body}"
        if op == "none":
            return f"for no item in {source}, {body}"
        if op == "filter":
            return f"the items in {source} for which {body}"
        if op == "map":
            return f"for each item in {source}, {body}"
        start = self.text(args[2], scope) if len(args) > 2 else "nothing"
        return f"{source} combined item by item, starting from {start}, as {body}"

    def op_log(self, op: str, args: list, scope: str) -> str:
        return self.text(args[0], scope) if args else "nothing"


_METHOD_NAMES = {
    "var": "var",
    **dict.fromkeys(_EQUALITY, "equality"),
    **dict.fromkeys(_COMPARE, "compare"),
    "!": "not",
    "!!": "truthy",
    "and": "boolean",
    "or": "boolean",
    "in": "in",
    "missing": "missing",
    "missing_some": "missing",
    "if": "if",
    "?:": "if",
    **dict.fromkeys(_ARITHMETIC, "arithmetic"),
    "%": "remainder",
    "max": "extreme",
    "min": "extreme",
    "cat": "cat",
    "substr": "substr",
    "merge": "merge",
    **dict.fromkeys(("map", "filter", "reduce", "all", "none", "some"), "scoped"),
    "log": "log",
}

"""Static analysis of rules: which variables they read, and what is wrong with them."""

from __future__ import annotations

import math

from .coercion import is_number, to_string
from .errors import MAX_DEPTH, RuleError, RuleProblem
from .grammar import ARITY, FORBIDDEN, OPERATORS, SCOPED, is_logic, operation

Path = tuple[str | int, ...]
_ARRAY_BUILDERS = frozenset({"merge", "if", "?:"})


def variables(rule: object) -> set[str]:
    """Every top-level variable name the rule reads.

    Names are as json-logic-js sees them (``{"var": 1}`` reads ``"1"``); ``{"var": ""}``
    (the whole data) is not a name. Inside map/filter/reduce/all/none/some the per-item
    expression reads the item, not the form, so its names are not reported; see
    ``item_variables``.
    """
    found: set[str] = set()
    try:
        _Walker(found).walk(rule)
    except RecursionError:
        raise RuleError(f"rule is nested more than {MAX_DEPTH} levels deep") from None
    return found


def data_read(rule: object) -> tuple[set[str], bool]:
    """The top-level names of the data a rule reads (``"child.age"`` reads ``"child"``),
    and whether it reads the whole data (``{"var": ""}``), which names nothing."""
    walker = _Walker(set())
    try:
        walker.walk(rule)
    except RecursionError:
        raise RuleError(f"rule is nested more than {MAX_DEPTH} levels deep") from None
    return {name.split(".", 1)[0] for name in walker.found}, walker.whole


def item_variables(rule: object) -> dict[str, set[str]]:
    """Names read relative to each item, keyed by the collection variable iterated.

    For ``{"some": [{"var": "people"}, {"==": [{"var": "role"}, "parent"]}]}`` this is
    ``{"people": {"role"}}`` (for a repeating group, names of its nested fields). In a
    reduce, ``current.x`` is reported as ``x``; ``accumulator`` is not a field.
    """
    result: dict[str, set[str]] = {}
    try:
        _collect_items(rule, result)
    except RecursionError:
        raise RuleError(f"rule is nested more than {MAX_DEPTH} levels deep") from None
    return result


def _collect_items(node: object, result: dict[str, set[str]]) -> None:
    if isinstance(node, list):
        for item in node:
            _collect_items(item, result)
        return
    if not is_logic(node):
        return
    op, args = operation(node)
    if op in SCOPED and len(args) >= 2:
        source = args[0]
        if is_logic(source) and operation(source)[0] == "var":
            name = _literal_name(operation(source)[1][:1])
            names = variables(args[1])
            if op == "reduce":
                names = {n[len("current.") :] for n in names if n.startswith("current.")}
            if name:
                result.setdefault(name, set()).update(names)
        # A scoped operation inside the body iterates part of an item, not the form.
        args = args[:1] + args[2:]
    for arg in args:
        _collect_items(arg, result)


def _literal_name(args: list) -> str | None:
    if not args or args[0] is None:
        return ""
    name = args[0]
    if isinstance(name, str) or is_number(name):
        return to_string(name)
    return None


class _Walker:
    """Collects variable names; ``computed`` records places a name is not a literal."""

    def __init__(self, found: set[str]) -> None:
        self.found = found
        self.computed: list[Path] = []
        self.whole = False  # {"var": ""}, {"var": null} or {"var": []}: all the data

    def walk(self, node: object, path: Path = ()) -> None:
        if isinstance(node, list):
            for i, item in enumerate(node):
                self.walk(item, path + (i,))
            return
        if not is_logic(node):
            return
        op, args = operation(node)
        at = _arg_paths(node, path)
        if op == "var":
            self._var(args, at)
        elif op == "missing":
            self._missing(args, at)
        elif op == "missing_some":
            self._missing_some(args, at)
        elif op in SCOPED:
            self._scoped(op, args, at)
        else:
            for i, arg in enumerate(args):
                self.walk(arg, at(i))

    def _missing_some(self, args: list, at) -> None:
        if args:
            self.walk(args[0], at(0))
        if len(args) > 1:
            self.keys(args[1], at(1))

    def _scoped(self, op: str, args: list, at) -> None:
        """Only the list a scoped operation walks (and reduce's start) read the data."""
        if args:
            self.walk(args[0], at(0))
        if op == "reduce" and len(args) > 2:
            self.walk(args[2], at(2))

    def _var(self, args: list, at) -> None:
        if not args or args[0] in ("", None, []):
            self.whole = True
        if args and isinstance(args[0], list):
            # JS reads String(["a", "b"]) == "a,b": never what a designer meant.
            self.walk(args[0], at(0))
            self.computed.append(at(0))
        else:
            self.key(args[0] if args else None, at(0))
        for i, arg in enumerate(args[1:], 1):
            self.walk(arg, at(i))

    def _missing(self, args: list, at) -> None:
        if args and (isinstance(args[0], list) or _builds_array(args[0])):
            self.keys(args[0], at(0))
        else:
            for i, arg in enumerate(args):
                self.key(arg, at(i))

    def key(self, expr: object, path: Path) -> None:
        """An expression whose value is used as one variable name."""
        if expr is None:
            return
        if isinstance(expr, str) or is_number(expr):
            name = to_string(expr)
            if name:
                self.found.add(name)
        elif isinstance(expr, list) and expr:
            # {"var": ["a", default]} shape, as "missing" builds it from a list key.
            self.key(expr[0], path + (0,))
            for i, item in enumerate(expr[1:], 1):
                self.walk(item, path + (i,))
        elif is_logic(expr) and operation(expr)[0] in ("if", "?:"):
            self.branches(expr, path, self.key)
        else:
            self.walk(expr, path)
            self.computed.append(path)

    def keys(self, expr: object, path: Path) -> None:
        """An expression whose value is used as a list of variable names."""
        if isinstance(expr, list):
            for i, item in enumerate(expr):
                self.key(item, path + (i,))
        elif is_logic(expr) and operation(expr)[0] == "merge":
            at = _arg_paths(expr, path)
            for i, arg in enumerate(operation(expr)[1]):
                if isinstance(arg, list) or _builds_array(arg):
                    self.keys(arg, at(i))
                else:
                    self.key(arg, at(i))
        elif is_logic(expr) and operation(expr)[0] in ("if", "?:"):
            self.branches(expr, path, self.keys)
        else:
            self.walk(expr, path)
            self.computed.append(path)

    def branches(self, expr: dict, path: Path, handle) -> None:
        args = operation(expr)[1]
        at = _arg_paths(expr, path)
        for i, arg in enumerate(args):
            is_result = i % 2 == 1 or i == len(args) - 1
            if is_result:
                handle(arg, at(i))
            else:
                self.walk(arg, at(i))


def _builds_array(expr: object) -> bool:
    return is_logic(expr) and operation(expr)[0] in _ARRAY_BUILDERS


def _arg_paths(node: dict, path: Path):
    op, raw = next(iter(node.items()))
    if isinstance(raw, list):
        return lambda i: path + (op, i)
    return lambda i: path + (op,)


def check_rule(rule: object) -> list[RuleProblem]:
    """Static problems: unknown or forbidden operators, nesting deeper than the limit,
    wrong argument counts or shapes, computed variable names, non-JSON values."""
    problems: list[RuleProblem] = []
    _check(rule, (), 0, problems)
    if any(p.message.startswith("rule is nested") for p in problems):
        # Too deep for the walker's recursion; the depth problem says it all.
        return problems
    walker = _Walker(set())
    walker.walk(rule)
    for path in walker.computed:
        problems.append(
            RuleProblem("a variable name must be written out, not computed by a rule", path)
        )
    return problems


def _check(node: object, path: Path, depth: int, problems: list[RuleProblem]) -> None:
    if isinstance(node, list) or is_logic(node):
        depth += 1
        if depth > MAX_DEPTH:
            problems.append(RuleProblem(f"rule is nested more than {MAX_DEPTH} levels deep", path))
            return
    if isinstance(node, list):
        for i, item in enumerate(node):
            _check(item, path + (i,), depth, problems)
    elif isinstance(node, dict):
        if len(node) != 1:
            problems.append(
                RuleProblem(
                    f"an object in a rule must have exactly one key, its operator "
                    f"(this one has {len(node)})",
                    path,
                )
            )
            return
        _check_operation(node, path, depth, problems)
    elif isinstance(node, float) and not math.isfinite(node):
        problems.append(RuleProblem(f"{node!r} is not a JSON number", path))
    elif not (node is None or isinstance(node, str | int | float)):
        problems.append(RuleProblem(f"a {type(node).__name__} is not a JSON value", path))


def _check_operation(node: dict, path: Path, depth: int, problems: list[RuleProblem]) -> None:
    op, args = operation(node)
    at = _arg_paths(node, path)
    if op in FORBIDDEN:
        problems.append(RuleProblem(FORBIDDEN[op], path))
    elif op not in OPERATORS:
        problems.append(RuleProblem(f"unknown operator {op!r}", path))
    else:
        low, high = ARITY[op]
        if not low <= len(args) <= high:
            problems.append(RuleProblem(_arity_message(op, len(args)), path))
        if op == "missing_some" and args and not (is_number(args[0]) or is_logic(args[0])):
            problems.append(RuleProblem("'missing_some' needs a number of answers first", at(0)))
    for i, arg in enumerate(args):
        _check(arg, at(i), depth, problems)


def _arity_message(op: str, count: int) -> str:
    low, high = ARITY[op]
    if low == high:
        wanted = f"exactly {int(low)}"
    elif high == math.inf:
        wanted = f"at least {int(low)}"
    else:
        wanted = f"{int(low)} to {int(high)}"
    plural = "" if wanted.endswith(" 1") else "s"
    return f"{op!r} takes {wanted} argument{plural}, got {count}"

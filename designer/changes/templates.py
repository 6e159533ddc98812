"""Checks on output templates from another council, before anything renders them.

``template_problems(text)`` parses a template with Jinja's SandboxedEnvironment and
refuses what a family document never needs and an attacker would: names and
attributes that start with an underscore (``__class__``, ``_private``), the
``mro``/``func_globals``-style escape hatches, imports, includes, extends, macros'
``caller`` and ``self`` tricks, and very large or deeply nested templates. The
outputs issue renders templates with the same sandbox; this check is the part it
reuses, so a bundle is refused before anyone sees it.
"""

from __future__ import annotations

from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

__all__ = ["MAX_TEMPLATE_CHARS", "template_problems"]

MAX_TEMPLATE_CHARS = 50_000
_MAX_DEPTH = 30
_UNSAFE_NAMES = {
    "self",
    "caller",
    "varargs",
    "kwargs",
    "loop_controls",
    "range",
    "lipsum",
    "cycler",
    "joiner",
    "namespace",
    "config",
    "request",
    "mro",
    "func_globals",
    "f_globals",
    "gi_frame",
    "gi_code",
    "cr_frame",
    "format",
    "format_map",
}
_FORBIDDEN_NODES = (nodes.Import, nodes.FromImport, nodes.Include, nodes.Extends)


def _name_problem(name: str) -> str | None:
    if name.startswith("_"):
        return f"'{name}' starts with an underscore, which templates may not use"
    if name in _UNSAFE_NAMES:
        return f"'{name}' is not allowed in a template"
    return None


def template_problems(text: object) -> list[str]:
    """Reasons this template is refused; an empty list means it may be rendered."""
    if text is None:
        return []
    if not isinstance(text, str):
        return ["the template must be text"]
    if len(text) > MAX_TEMPLATE_CHARS:
        return [f"the template is {len(text)} characters; the limit is {MAX_TEMPLATE_CHARS}"]
    env = SandboxedEnvironment(autoescape=True)
    try:
        tree = env.parse(text)
    except TemplateSyntaxError as exc:
        return [f"the template does not parse (line {exc.lineno}): {exc.message}"]
    problems: list[str] = []

    def walk(node: nodes.Node, depth: int) -> None:
        if depth > _MAX_DEPTH:
            problems.append("the template is nested too deeply")
            return
        if isinstance(node, _FORBIDDEN_NODES):
            problems.append(f"line {node.lineno}: templates may not import, include or extend")
        if isinstance(node, nodes.Name):
            problem = _name_problem(node.name)
            if problem:
                problems.append(f"line {node.lineno}: {problem}")
        if isinstance(node, nodes.Getattr):
            problem = _name_problem(node.attr)
            if problem:
                problems.append(f"line {node.lineno}: {problem}")
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            problem = _name_problem(str(node.arg.value))
            if problem:
                problems.append(f"line {node.lineno}: {problem}")
        if isinstance(node, nodes.Filter | nodes.Test) and node.name in {"attr", "format"}:
            problems.append(f"line {node.lineno}: the '{node.name}' filter is not allowed")
        for child in node.iter_child_nodes():
            walk(child, depth + 1)

    walk(tree, 0)
    return sorted(set(problems), key=problems.index)

"""Output templates: the one static check, part of the language.

A form's ``output.template`` is Jinja that another council may have written, so it is
untrusted. ``template_problems(text)`` parses it with Jinja's SandboxedEnvironment
(nothing is compiled or run) and walks the tree, refusing what a family document
never needs and an attacker would:

- names, attributes and constant subscripts that start with an underscore
  (``__class__``, ``x['__globals__']``, ``_private``);
- the escape hatches and helpers in ``UNSAFE_NAMES`` (``self``, ``caller``, ``range``,
  ``lipsum``, ``cycler``, ``joiner``, ``namespace``, ``dict``, ``mro``,
  ``func_globals``, ``format``...);
- ``{% import %}``, ``{% from %}``, ``{% include %}`` and ``{% extends %}``;
- any filter outside ``FILTERS`` (always ``attr`` and ``format``) and any test outside
  ``TESTS``;
- templates over ``MAX_TEMPLATE_CHARS`` characters, or nested more than ``MAX_DEPTH``
  deep (including nesting too deep for Jinja's own parser).

Each problem names the template's own line. The loader reports them as CV310 at the
matching line of the YAML file (``output_template_problems``); the document renderer
(``renderer.documents.sandbox``) refuses the same templates before running one in its
bounded sandbox, and a bundle from another council is refused on import because every
form in it passes the loader. Pure: Jinja's parser only, no Flask.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

from .errors import Problem

__all__ = [
    "FILTERS",
    "MAX_DEPTH",
    "MAX_TEMPLATE_CHARS",
    "REFUSED_FILTERS",
    "TESTS",
    "UNSAFE_NAMES",
    "TemplateProblem",
    "output_template_problems",
    "template_problems",
]

MAX_TEMPLATE_CHARS = 50_000
MAX_DEPTH = 30
MAX_REPORTED = 10  # per template, in the loader: one mistake repeated is not 500 problems

UNSAFE_NAMES = frozenset(
    {
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
        "dict",
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
)
# The filters and tests a template may use. The document sandbox provides exactly these
# (renderer/documents/filters.py; it asserts the two lists agree when it is imported).
FILTERS = frozenset(
    {
        *("capitalize", "count", "default", "d", "e", "escape", "first", "join", "last"),
        *("length", "lower", "title", "trim", "truncate", "upper", "wordcount"),
        *("date", "paragraphs"),
    }
)
TESTS = frozenset(
    {
        *("defined", "undefined", "none", "string", "number", "mapping", "sequence"),
        *("iterable", "boolean", "integer", "true", "false", "odd", "even", "divisibleby"),
        *("eq", "equalto", "==", "ne", "!=", "lt", "<", "le", "<=", "gt", ">", "ge", ">=", "in"),
    }
)
# Never allowed, even if someone adds them to FILTERS: each reaches inside values.
REFUSED_FILTERS = {
    "attr": "it reads any attribute of a value by name",
    "format": "it formats with Python's '%' operator, which reads inside values",
}
_FORBIDDEN_NODES = (nodes.Import, nodes.FromImport, nodes.Include, nodes.Extends)
_FILTER_LIST = ", ".join(sorted(FILTERS))
_PARSER = SandboxedEnvironment(autoescape=True)


@dataclass(frozen=True)
class TemplateProblem:
    """One reason a template is refused; ``line`` is the template's own line, if known."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


def _name_problem(name: str) -> str | None:
    if name.startswith("_"):
        return f"'{name}' starts with an underscore, which templates may not use"
    if name in UNSAFE_NAMES:
        return f"'{name}' is not allowed in a template"
    return None


def _filter_problem(name: str) -> str | None:
    if name in REFUSED_FILTERS:
        return (
            f"the '{name}' filter is not available: the '{name}' filter is not allowed in "
            f"any template, as {REFUSED_FILTERS[name]}; use one of {_FILTER_LIST}"
        )
    if name not in FILTERS:
        return f"the '{name}' filter is not available; use one of {_FILTER_LIST}"
    return None


def _node_problem(node: nodes.Node) -> str | None:
    """Why this one node of a template is refused (each kind of node has one check)."""
    if isinstance(node, _FORBIDDEN_NODES):
        return "templates may not import, include or extend other templates"
    if isinstance(node, nodes.Name):
        return _name_problem(node.name)
    if isinstance(node, nodes.Getattr):
        return _name_problem(node.attr)
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return _name_problem(str(node.arg.value))
    if isinstance(node, nodes.Filter):
        return _filter_problem(node.name)
    if isinstance(node, nodes.Test) and (node.name in REFUSED_FILTERS or node.name not in TESTS):
        return f"the '{node.name}' test is not available"
    return None


def template_problems(text: object) -> list[TemplateProblem]:
    """Reasons this template is refused, in template order; an empty list means it
    may be rendered (in the bounded sandbox)."""
    if text is None:
        return []
    if not isinstance(text, str):
        return [TemplateProblem(None, "the template must be text")]
    if len(text) > MAX_TEMPLATE_CHARS:
        return [
            TemplateProblem(
                None, f"the template is {len(text)} characters; the limit is {MAX_TEMPLATE_CHARS}"
            )
        ]
    try:
        tree = _PARSER.parse(text)
    except TemplateSyntaxError as exc:
        return [TemplateProblem(exc.lineno, f"the template does not parse: {exc.message}")]
    except RecursionError:  # brackets nested past what Jinja's parser can follow
        return [TemplateProblem(None, "the template is nested too deeply")]
    return _tree_problems(tree)


def _tree_problems(tree: nodes.Node) -> list[TemplateProblem]:
    """Each node's problem once, in template order, down to MAX_DEPTH."""
    problems: list[TemplateProblem] = []

    def add(node: nodes.Node, message: str | None) -> None:
        if message:
            problem = TemplateProblem(node.lineno, message)
            if problem not in problems:
                problems.append(problem)

    def walk(node: nodes.Node, depth: int) -> None:
        if depth > MAX_DEPTH:
            add(node, "the template is nested too deeply")
            return
        add(node, _node_problem(node))
        for child in node.iter_child_nodes():
            walk(child, depth + 1)

    walk(tree, 0)
    return problems


TEMPLATE_PATH = ("output", "template")


def output_template_problems(doc) -> list[Problem]:
    """CV310 for each problem of a (schema-valid) form's output template, at the YAML
    line the template line was written on when the template is a literal block
    (``template: |``), otherwise at the template's first line."""
    output = doc.data.get("output")
    text = output.get("template") if isinstance(output, dict) else None
    found = template_problems(text)
    if not found:
        return []
    line, column = doc.locate(TEMPLATE_PATH)
    block = doc.blocks.get(TEMPLATE_PATH)  # (YAML line of template line 1, its column)
    out = []
    for problem in found[:MAX_REPORTED]:
        at_line, at_column = line, column
        if problem.line and block:
            at_line, at_column = block[0] + problem.line - 1, block[1]
        where = f" (template line {problem.line})" if problem.line else ""
        out.append(
            Problem(
                "CV310",
                f"The output template is refused{where}: {problem.message}.",
                file=doc.file,
                line=at_line,
                column=at_column,
                path=doc.path_text(TEMPLATE_PATH),
            )
        )
    if len(found) > MAX_REPORTED:
        more = len(found) - MAX_REPORTED
        last = out[-1]
        out[-1] = Problem(
            "CV310",
            last.message[:-1] + f"; and {more} more problem(s) in the same template.",
            file=last.file,
            line=last.line,
            column=last.column,
            path=last.path,
        )
    return out

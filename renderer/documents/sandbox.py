"""Output templates from anyone, rendered safely: a checked, bounded Jinja sandbox.

Templates are untrusted (a bundle from another council carries its own). Three layers:

1. ``template_problems(text)``, the language's static check
   (``renderer.definitions.templates``, the same one the loader reports as CV310),
   refuses before anything runs what a family document never needs and an attacker
   would: underscore names and attributes, the escape hatches (``self``, ``lipsum``,
   ``cycler``, ``joiner``, ``namespace``, ``range``...), imports/includes/extends,
   filters and tests outside the language's short lists (exactly the ones this
   environment provides), and oversized or deeply nested templates. Each problem
   names the template line.
2. The environment is an immutable sandbox with autoescape, no globals, a short list of
   filters, and attributes limited to a few harmless methods of text and mappings.
3. Rendering is bounded: every loop iteration, call, attribute lookup and operator
   checks a deadline; the total characters written anywhere (including macro and block
   buffers), each value built by ``*``, ``+``, ``%``, ``~`` or a filter, and the
   number of loop iterations are capped.

Anything refused or stopped raises ``TemplateRefused`` with a message for the working
group that names the line.
"""

from __future__ import annotations

from jinja2 import ChainableUndefined, Undefined, nodes
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.runtime import LoopContext, markup_join
from jinja2.sandbox import ImmutableSandboxedEnvironment

from renderer.definitions import templates as language
from renderer.definitions.templates import MAX_TEMPLATE_CHARS, TemplateProblem, template_problems

from . import budget
from . import filters as safe_filters

TEMPLATE_NAME = "output template"

_SAFE_METHODS = {
    str: frozenset({"upper", "lower", "title", "capitalize", "strip", "startswith", "endswith"}),
    dict: frozenset({"items", "keys", "values", "get"}),
}
_LOOP_ATTRIBUTES = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0"}
    | {"previtem", "nextitem"}
)
# Names the bounding transform adds; a template cannot write them (underscore).
_ITER, _OUT, _CONCAT = "_cv_iter", "_cv_out", "_cv_concat"


class TemplateRefused(Exception):
    """A template that may not run, or was stopped. ``str()`` is the working group's message."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"Line {line}: {message}" if line else message)


# --- the bounded environment ------------------------------------------------------


class _Undefined(ChainableUndefined):
    """A missing answer (or one kept out of this version) prints as nothing."""

    __slots__ = ()


class DocumentSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def __init__(self):
        super().__init__(autoescape=True, undefined=_Undefined)
        self.globals.clear()
        self.filters = dict(safe_filters.FILTERS)
        self.tests = {k: v for k, v in self.tests.items() if k in safe_filters.TESTS}

    def is_safe_attribute(self, obj, attr, value) -> bool:
        if attr.startswith("_"):
            return False
        if isinstance(obj, LoopContext):
            return attr in _LOOP_ATTRIBUTES
        for kind, allowed in _SAFE_METHODS.items():
            if isinstance(obj, kind):
                return attr in allowed
        return False

    def unsafe_undefined(self, obj, attribute):
        raise SecurityError(f"'{attribute}' of a {type(obj).__name__} is not available")

    # every attribute, item, call and operator passes here: the time bound lives here
    def getattr(self, obj, attribute):
        budget.tick()
        if isinstance(attribute, str) and attribute.startswith("_"):
            return self.unsafe_undefined(obj, attribute)
        if isinstance(obj, Undefined):
            return obj  # a missing answer's parts are missing too
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        budget.tick()
        if isinstance(argument, str) and argument.startswith("_"):
            return self.unsafe_undefined(obj, argument)
        if isinstance(obj, Undefined):
            return obj
        return super().getitem(obj, argument)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        budget.tick()
        for arg in (*args, *kwargs.values()):
            budget.checked(arg)
        return budget.checked(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context, operator, left, right):
        budget.tick()
        if operator == "**" and _too_big_power(left, right):
            raise budget.Stopped("that power is too large for a template")
        if operator == "%" and isinstance(left, str):
            raise budget.Stopped("'%' formatting of text is not allowed in a template")
        if operator == "*":
            if _is_int(left):
                budget.check_size(budget.size_of(right) * abs(left))
            elif _is_int(right):
                budget.check_size(budget.size_of(left) * abs(right))
        if operator == "+":
            budget.check_size(budget.size_of(left) + budget.size_of(right))
        return budget.checked(super().call_binop(context, operator, left, right))

    # the helpers the bounding transform calls
    @staticmethod
    def bounded_iter(iterable):
        current = budget.current()
        for item in iterable:
            if current is not None:
                current.iterate()
            yield item

    @staticmethod
    def counted_output(value):
        current = budget.current()
        if current is not None:
            current.write(value)
        return value

    @staticmethod
    def checked_concat(parts):
        budget.check_size(sum(len(str(p)) for p in parts))
        return markup_join(parts)


def _too_big_power(left, right) -> bool:
    if not isinstance(left, int | float) or not isinstance(right, int | float):
        return False
    bits = max(abs(int(left)), 2).bit_length()
    return abs(right) > 100 or bits * abs(right) > 4096


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bound(tree: nodes.Template) -> nodes.Template:
    """Route loops, output and ``~`` through the environment's bounded helpers."""

    def call(name, *args):
        return nodes.Call(nodes.Name(name, "load"), list(args), [], None, None)

    for node in tree.find_all(nodes.For):
        node.iter = call(_ITER, node.iter)
    for node in tree.find_all(nodes.Output):
        node.nodes = [call(_OUT, child) for child in node.nodes]
    for node in list(tree.find_all(nodes.Concat)):
        parts = nodes.List(node.nodes)
        node.nodes = [call(_CONCAT, parts)]
    for node in tree.find_all(nodes.Node):
        node.set_lineno(getattr(node, "lineno", 1) or 1, override=False)
        node.set_environment(_ENV)
    return tree


_ENV = DocumentSandbox()
# The static check allows exactly the filters and tests this environment provides.
assert set(_ENV.filters) == language.FILTERS  # noqa: S101 - drift must fail loudly
assert set(_ENV.tests) == language.TESTS  # noqa: S101


def compile_template(text: str):
    """A checked, bounded template object; raises TemplateRefused."""
    problems = template_problems(text)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise TemplateRefused(first.message + more, first.line)
    tree = _bound(_ENV.parse(text))
    code = _ENV.compile(tree, TEMPLATE_NAME, f"<{TEMPLATE_NAME}>")
    template = _ENV.template_class.from_code(
        _ENV,
        code,
        _ENV.make_globals(
            {_ITER: _ENV.bounded_iter, _OUT: _ENV.counted_output, _CONCAT: _ENV.checked_concat}
        ),
    )
    return template


def render(template, context: dict, *, seconds: float = budget.DEADLINE_SECONDS) -> str:
    """Render a compiled template within the time, size and iteration bounds."""
    budget.start(seconds)
    try:
        return "".join(template.generate(context))
    except budget.Stopped as exc:
        raise TemplateRefused(str(exc), _template_line(exc)) from None
    except SecurityError as exc:
        raise TemplateRefused(
            f"{exc}; templates may only read the record's answers", _template_line(exc)
        ) from None
    except RecursionError as exc:
        raise TemplateRefused(
            "the template calls itself too deeply, so it was stopped", _template_line(exc)
        ) from None
    except (MemoryError, OverflowError) as exc:
        raise TemplateRefused("the template needed too much memory", _template_line(exc)) from None
    except (TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
        raise TemplateRefused(
            f"the template could not be used: {exc}", _template_line(exc)
        ) from None
    finally:
        budget.finish()


def _template_line(exc: BaseException) -> int | None:
    """The template line of the innermost template frame (Jinja rewrites tracebacks)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == f"<{TEMPLATE_NAME}>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


__all__ = [
    "MAX_TEMPLATE_CHARS",
    "TemplateProblem",
    "TemplateRefused",
    "compile_template",
    "render",
    "template_problems",
]

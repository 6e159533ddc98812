"""The small set of filters and tests an output template may use.

Every filter checks the render's deadline and the size of what it returns. Two are our
own: ``date`` ("2026-03-12" -> "12 March 2026") and ``paragraphs`` (text -> escaped
``<p>`` paragraphs, keeping the writer's line breaks). There is no ``safe`` filter: a
template cannot turn an answer into markup.
"""

from __future__ import annotations

import functools
import re
from datetime import date

from jinja2 import filters as jf
from jinja2 import tests as jt
from markupsafe import Markup, escape

from . import budget


def format_date(value) -> str:
    """An ISO date as "12 March 2026"; anything else as it is."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            d = date.fromisoformat(value)
        except ValueError:
            return value
        return f"{d.day} {d:%B %Y}"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    return "" if value is None else str(value)


def paragraphs(value) -> Markup:
    """Text as paragraphs: blank lines split paragraphs, single line breaks are kept."""
    if value is None:
        return Markup("")
    text = str(value).replace("\r\n", "\n").strip()
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    return Markup("").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in b.split("\n")))
        for b in blocks
    )


def _bounded(func):
    @functools.wraps(func)
    def run(*args, **kwargs):
        budget.tick()
        return budget.checked(func(*args, **kwargs))

    return run


_JINJA = (
    *("capitalize", "count", "default", "d", "e", "escape", "first", "join", "last"),
    *("length", "lower", "title", "trim", "truncate", "upper", "wordcount"),
)
FILTERS = {name: _bounded(jf.FILTERS[name]) for name in _JINJA}
FILTERS["date"] = _bounded(format_date)
FILTERS["paragraphs"] = _bounded(paragraphs)

TESTS = frozenset(
    (
        *("defined", "undefined", "none", "string", "number", "mapping", "sequence"),
        *("iterable", "boolean", "integer", "true", "false", "odd", "even", "divisibleby"),
        *("eq", "equalto", "==", "ne", "!=", "lt", "<", "le", "<=", "gt", ">", "ge", ">=", "in"),
    )
)
assert set(jt.TESTS) >= TESTS  # noqa: S101 - a Jinja upgrade that drops one must fail loudly

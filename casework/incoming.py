"""What arrives with a request, refused before any view sees it when no database could keep it.

PostgreSQL cannot store a NUL character in text, and no database can store a lone UTF-16
surrogate (JSON can carry one). Both databases store whole numbers in 64 bits. Checking
once here, for every route, means no form, search or script can reach a query with them.
"""

from __future__ import annotations

from flask import request
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

# The largest id or revision an INTEGER column holds on PostgreSQL (32 bits, signed);
# SQLite's are 64 bits, so this bound is the one both databases keep.
LARGEST = 2**31 - 1


class UnstorableCharacters(BadRequest):
    """A value carried a character no record can keep; the page says which and what to do."""

    description = (
        "Something you sent contains a hidden character that cannot be saved "
        "(a null or broken character, often pasted from another program). "
        "Remove it, or type that part again, and send it again."
    )


class BoundedInteger(IntegerConverter):
    """`<int:...>` in every route: more digits than any id can have is simply not found."""

    regex = r"\d{1,10}"

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's own parameter name
        kwargs.setdefault("max", LARGEST)
        super().__init__(map, *args, **kwargs)


def whole_number(raw: object) -> int:
    """A non-negative whole number that fits a database column, or ValueError."""
    text = str(raw).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        raise ValueError(f"not a whole number a record can hold: {text[:20]!r}")
    number = int(text)
    if number > LARGEST:
        raise ValueError("too large")
    return number


def _unstorable(text: str) -> bool:
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _like_a_form(body: object) -> bool:
    """Flask-WTF reads a JSON body as a form: only names with text (or lists of text) fit."""

    def text(value):
        return isinstance(value, str)

    return isinstance(body, dict) and all(
        text(v) or isinstance(v, list) and all(text(i) for i in v) for v in body.values()
    )


def _arrived():
    yield from (request.view_args or {}).values()
    for source in (request.args, request.form):
        for key, values in source.lists():
            yield key
            yield from values
    for key, upload in request.files.items(multi=True):
        yield key
        yield upload.filename or ""
    if request.is_json:
        try:
            body = request.get_json(silent=True)
        except RecursionError:
            raise BadRequest("The data sent is nested too deeply.") from None
        if not _like_a_form(body):
            raise BadRequest("The data sent must be named pieces of text, as a form sends them.")
        for key, value in body.items():
            yield key
            yield from value if isinstance(value, list) else [value]


def refuse_unstorable() -> None:
    """before_request hook for every route."""
    for value in _arrived():
        if isinstance(value, str) and _unstorable(value):
            raise UnstorableCharacters()


def install(app) -> None:
    """Before any blueprint is registered: its rules compile with the bounded converter."""
    app.url_map.converters["int"] = BoundedInteger
    app.before_request(refuse_unstorable)

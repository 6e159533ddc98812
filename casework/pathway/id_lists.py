"""A column among a list of ids, as one array parameter on PostgreSQL.

``column.in_(ids)`` writes a placeholder per id: the statement's text changes with the
list's length, so the driver converts it again each time (and never prepares it), and a
manager's 500 team cases are 500 parameters. ``= ANY(:ids)`` is one parameter and the
same text every time. SQLite has no arrays: there it stays ``IN``.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ARRAY, Integer, any_, bindparam
from sqlalchemy.sql import ColumnElement


def among(column, ids: Collection[int], dialect: str) -> ColumnElement[bool]:
    """``dialect``: the database's (``db.engine.dialect.name``)."""
    if dialect == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    return column.in_(list(ids))


def among_named(column, name: str, dialect: str) -> ColumnElement[bool]:
    """The same with the list left out, given at execution as the parameter ``name``
    (a list), so that a statement built once serves every request."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=ARRAY(Integer)))
    return column.in_(bindparam(name, expanding=True))

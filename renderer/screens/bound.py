"""One section bound to one request: a WTForms form, the widgets, the answers read back.

WTForms attribute names are ``f__<field id>`` (``ATTRIBUTE_PREFIX``) so that no field id
(``data``, ``errors``, ``meta``, ``validate``, ``process``...) can shadow a WTForms
attribute; each field's HTML ``name`` and ``id`` are the bare field id. Answers are read
by the field types (registry.py), not by WTForms coercion, so nothing typed is lost.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import wtforms

from .names import ACTION
from .registry import handler_for

ATTRIBUTE_PREFIX = "f__"
_ACTION = re.compile(r"(add|remove):([a-z0-9_-]{1,200})(?::(\d{1,4}))?\Z")


def attribute_name(field_id: str) -> str:
    return ATTRIBUTE_PREFIX + field_id


class AnswerField(wtforms.Field):
    """A WTForms field holding one JSON answer; ``definition`` is the language Field."""

    def __init__(self, label=None, validators=None, *, definition=None, html_name=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.definition = definition
        self.type_name = definition.type if definition is not None else ""
        if html_name:
            self.name = html_name
            self.id = html_name

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)


def form_class(section) -> type[wtforms.Form]:
    """The section's WTForms class (built once at compile time)."""
    attrs = {
        attribute_name(f.id): AnswerField(label=f.label or f.id, definition=f, html_name=f.id)
        for f in section.fields
        if handler_for(f.type).answerable
    }
    return type(f"Section_{section.id}", (wtforms.Form,), attrs)


@dataclass(frozen=True)
class Action:
    """A no-JavaScript "Add another" or "Remove" press: ``_action=add:<list>`` etc."""

    kind: str  # "add" | "remove"
    list: str  # the list's path name: "participants", "<plan>-rules"
    index: int | None = None


def parse_action(fd) -> Action | None:
    raw = fd.get(ACTION) if fd is not None else None
    match = _ACTION.match(raw or "")
    if not match:
        return None
    kind, path, index = match.groups()
    if kind == "remove" and index is None:
        return None
    return Action(kind, path, int(index) if index is not None else None)


@dataclass
class BoundSection:
    """A section bound to answers (and maybe posted form data); render it with
    ``screens/section.html``'s ``section_fields(bound)``."""

    section: object  # SectionInfo
    # The WTForms form is built on first use: a page shown, not posted, never needs one,
    # and a long section's form was a tenth of its page's time.
    make_form: Callable[[], wtforms.Form] = field(repr=False)
    widgets: list
    errors: dict
    action: Action | None
    multipart: bool
    _answers: dict = field(repr=False)
    _stats: dict = field(repr=False, default_factory=dict)
    # What the form's rules saw at bind time (every top-level field's value, hidden ones
    # as None): the page gives the browser the other sections' part of it.
    rule_data: dict = field(repr=False, default_factory=dict)

    def answers(self) -> dict:
        """This section's answers, every answerable field present (``None`` if empty)."""
        return copy.deepcopy(self._answers)

    def extra_items(self) -> dict[str, int]:
        """Blank items to show when redisplaying after this post (pass to ``bind``)."""
        extra = {path: blank for path, (_, blank) in self._stats.items() if blank}
        if self.action and self.action.kind == "add":
            extra[self.action.list] = extra.get(self.action.list, 0) + 1
        return extra

    @cached_property
    def form(self) -> wtforms.Form:
        return self.make_form()

    def field(self, field_id: str) -> AnswerField:
        return getattr(self.form, attribute_name(field_id))

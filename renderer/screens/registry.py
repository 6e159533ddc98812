"""Type-to-field dispatch: one small FieldType object per field type of the language.

A FieldType knows, for one field at one place on the page (a ``Path``):

* ``read(f, formdata, path, ctx, existing)`` - the JSON answer from posted form data
  (``None`` when nothing was entered; what was typed is never dropped: a partial date
  comes back as ``{"day", "month", "year"}`` text, a non-number as the typed string);
* ``widgets(f, answer, path, ctx, data)`` - the Widget tree that displays the answer
  (``answer -> widgets`` is the only display path, so redisplay after a post and a
  fresh display of a saved record look the same);
* ``problems(f, answer, path, cx, data)`` - type checks of a non-empty answer, as
  ``{element_id: [message]}``; ``required_message(f)`` for an empty required one;
* ``rule_value(f, answer)`` - the value JSON Logic rules see (``None`` when empty or not
  yet valid, e.g. a partial date);
* ``display(f, answer, people)`` - human-readable text for check-answers pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .names import enter, select

REGISTRY: dict[str, FieldType] = {}


def register(cls: type[FieldType]) -> type[FieldType]:
    REGISTRY[cls.type] = cls()
    return cls


def handler_for(type_name: str) -> FieldType:
    try:
        return REGISTRY[type_name]
    except KeyError:
        raise ValueError(f"no screen type is registered for field type {type_name!r}") from None


def people_triples(people) -> tuple[tuple[str, str, str | None], ...]:
    """People as (id, label, role or None), from (id, label) or (id, label, role)."""
    out = []
    for person in people or ():
        pid, name, *rest = person
        out.append((str(pid), str(name), rest[0] if rest else None))
    return tuple(out)


@dataclass
class Context:
    """Everything a bind or a check knows beyond the definition and the answers."""

    today: date
    people: tuple = ()
    people_known: bool = False  # check(): only validate person ids when people were given
    can_authorise: bool = False
    authorising: bool = False
    extra_items: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    fields_by_id: dict = field(default_factory=dict)
    remove: tuple | None = None  # ("<list path>", index) when a Remove button was pressed
    list_stats: dict = field(default_factory=dict)  # list path -> (items shown, blank)


class FieldType:
    type = ""
    answerable = True
    verb = "enter"
    multipart = False

    def read(self, f, fd, path, ctx: Context, existing):
        raise NotImplementedError

    def is_empty(self, f, answer) -> bool:
        return answer is None or answer in ("", [], {})

    def rule_value(self, f, answer):
        return None if self.is_empty(f, answer) else answer

    def problems(self, f, answer, path, cx: Context, data: dict) -> dict[str, list[str]]:
        return {}

    def must_answer(self, f) -> bool:
        """Required regardless of rules (``required``; a list's ``min_items``)."""
        return bool(f.required)

    def required_message(self, f) -> str:
        return select(f) if self.verb == "select" else enter(f)

    def widgets(self, f, answer, path, ctx: Context, data: dict) -> list:
        raise NotImplementedError

    def display(self, f, answer, people) -> str:
        return "" if self.is_empty(f, answer) else str(answer)


def one_error(path, message: str) -> dict[str, list[str]]:
    return {path.name: [message]}

"""Server-side enforcement of the rules the browser applies live.

For each field that is visible (``logic``): an empty answer is an error only when the
field is required (``required``, a true ``required_if``, a list's ``min_items``); a
non-empty answer gets its type checks (``FieldType.problems``) and, only when those
pass, its ``validations`` (each JSON Logic rule must be true on the rule data, which
inside a list item includes the item's fields). Hidden fields are never required and
their errors are ignored; their answers are kept. ``manager_authorisation`` fields are
only checked when ``authorising`` (the practitioner cannot fill them in).

Errors are ``{element_id: [message, ...]}`` in page order, where ``element_id`` is the
field id for a top-level field and ``<id>-<part>``/``<list>-<i>-<sub>`` inside one:
the id of the element the error summary links to (docs/screens.md).
"""

from __future__ import annotations

from .logic import item_state, truth
from .names import Path
from .registry import Context, handler_for


def add_error(errors: dict, key: str, message: str) -> None:
    messages = errors.setdefault(key, [])
    if message not in messages:
        messages.append(message)


def check_field(f, answer, path: Path, data: dict, cx: Context, errors: dict) -> None:
    """Check one visible field; ``data`` is the rule data where it sits."""
    h = handler_for(f.type)
    if not h.answerable:
        return
    if f.type == "manager_authorisation" and not cx.authorising:
        return
    if h.is_empty(f, answer):
        if h.must_answer(f) or truth(f.required_if, data, False):
            add_error(errors, path.name, h.required_message(f))
        return
    problems = h.problems(f, answer, path, cx, data)
    if problems:
        for key, messages in problems.items():
            for message in messages:
                add_error(errors, key, message)
        return
    for validation in f.validations:
        if not truth(validation.rule, data, True):
            add_error(errors, path.name, validation.message)


def check_item(fields, item: dict, path: Path, form_data: dict, cx: Context, errors: dict):
    """Check the fields of one list item (or one composite's parts) at ``path``."""
    item = item if isinstance(item, dict) else {}
    state = item_state(fields, item, form_data)
    for f in fields:
        if f.id not in state.hidden:
            check_field(f, item.get(f.id), path.part(f.id), state.data, cx, errors)

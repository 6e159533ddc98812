"""Lists of items (MOJ "add another"): repeating_group, statement_list, danger_statement,
safety_goal, and the lists inside a safety_plan.

Each item is a fieldset of simple fields named ``<list>-<i>-<sub>``; a hidden
``<list>-<i>-_item`` marks that the item was on the page (so blank items can be counted).
Without JavaScript, "Add another <item>" and "Remove" are submit buttons named
``_action`` with values ``add:<list>`` and ``remove:<list>:<i>``; with JavaScript, MOJ
Frontend's add-another clones items and renumbers names from ``data-name``. Items
where nothing was entered are dropped when read; everything typed is kept.
"""

from __future__ import annotations

from renderer.definitions import Field

from . import widgets as w
from .checking import check_item
from .logic import item_state
from .names import ITEM_MARKER, label_of, subject
from .registry import FieldType, handler_for, register

MAX_BLANK_ITEMS = 20  # blank items shown at once, however many a post asks for


def read_items(fields, fd, path, ctx, existing) -> list[dict] | None:
    existing = existing if isinstance(existing, list) else []
    indices = fd.indices(path.name)
    items, blank = [], 0
    for i in indices:
        if ctx.remove == (path.name, i):
            continue
        old = existing[i] if i < len(existing) and isinstance(existing[i], dict) else {}
        ip = path.item(i)
        item = {
            f.id: handler_for(f.type).read(f, fd, ip.part(f.id), ctx, old.get(f.id))
            for f in fields
            if handler_for(f.type).answerable
        }
        if all(
            handler_for(f.type).is_empty(f, item.get(f.id))
            for f in fields
            if handler_for(f.type).answerable
        ):
            blank += 1
            continue
        items.append(item)
    removed_blank = (
        1 if ctx.remove and ctx.remove[0] == path.name and ctx.remove[1] in indices else 0
    )
    ctx.list_stats[path.name] = (len(indices) - removed_blank, blank)
    return items or None


def check_items(f, fields, items, path, cx, data, errors, *, noun, min_items=None, max_items=None):
    items = items if isinstance(items, list) else []
    if max_items and len(items) > max_items:
        errors.setdefault(path.name, []).append(
            f"{subject(f)} can have no more than {max_items} {plural(noun, max_items)}"
        )
    if min_items and 0 < len(items) < min_items:
        errors.setdefault(path.name, []).append(
            f"Add at least {min_items} {plural(noun, min_items)}"
        )
    for i, item in enumerate(items):
        check_item(fields, item, path.item(i), data, cx, errors)


def item_label(f, default: str = "item") -> str:
    return f.item_label or default


def plural(noun: str, n: int) -> str:
    if n == 1:
        return noun
    irregular = {"child": "children", "person": "people"}
    return irregular.get(noun, noun[:-1] + "ies" if noun.endswith("y") else noun + "s")


def list_widget(
    f, fields, items, path, ctx, data, *, noun, legend=None, max_items=None, min_items=None
) -> w.Widget:
    items = [i for i in (items if isinstance(items, list) else []) if isinstance(i, dict)]
    blanks = min(int(ctx.extra_items.get(path.name, 0) or 0), MAX_BLANK_ITEMS)
    if max_items:
        blanks = min(blanks, max(0, max_items - len(items)))
    shown = items + [{}] * max(blanks, 0)
    while len(shown) < max(1, min_items or 0):
        shown.append({})
    children = []
    for i, item in enumerate(shown):
        ip = path.item(i)
        state = item_state(fields, item, data)
        parts = []
        for sub in fields:
            h = handler_for(sub.type)
            inner = h.widgets(sub, item.get(sub.id), ip.part(sub.id), ctx, state.data)
            parts.append(w.wrap(sub, inner, hidden=sub.id in state.hidden, item_field=True))
        marker = ip.part(ITEM_MARKER)
        children.append(
            w.Widget(
                "item",
                {
                    "title": noun[:1].upper() + noun[1:],
                    "marker": {"name": marker.name, "template": marker.template},
                    "remove": f"remove:{path.name}:{i}" if len(shown) > 1 else None,
                },
                parts,
            )
        )
    can_add = not max_items or len(shown) < max_items
    return w.Widget(
        "add_another",
        {
            "id": path.name,
            "legend": legend if legend is not None else label_of(f),
            "level": 3 if legend is not None else 2,
            "hint": f.hint if legend is None else None,
            "errorMessage": w.error(w.errors_at(ctx.errors, path)),
            "add": {"value": f"add:{path.name}", "text": f"Add another {noun}"}
            if can_add
            else None,
        },
        children,
    )


def list_display(fields, items, people, noun: str) -> str:
    blocks = []
    for n, item in enumerate(items if isinstance(items, list) else [], start=1):
        lines = [f"{noun[:1].upper() + noun[1:]} {n}"]
        for sub in fields:
            h = handler_for(sub.type)
            value = item.get(sub.id) if isinstance(item, dict) else None
            if h.answerable and not h.is_empty(sub, value):
                lines.append(f"{label_of(sub)}: {h.display(sub, value, people)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def is_blank_list(items) -> bool:
    return not isinstance(items, list) or not items


class ItemList(FieldType):
    """A field whose answer is a list of items with ``fields(f)``."""

    noun = "item"

    def fields(self, f) -> tuple:
        raise NotImplementedError

    def noun_for(self, f) -> str:
        return self.noun

    def limits(self, f) -> tuple[int | None, int | None]:
        return f.min_items, f.max_items

    def must_answer(self, f) -> bool:
        return bool(f.required or (self.limits(f)[0] or 0) > 0)

    def required_message(self, f) -> str:
        least = max(1, self.limits(f)[0] or 0)
        if least == 1:
            return f"Add at least one {self.noun_for(f)}"
        return f"Add at least {least} {plural(self.noun_for(f), least)}"

    def is_empty(self, f, answer) -> bool:
        return is_blank_list(answer)

    def read(self, f, fd, path, ctx, existing):
        return read_items(self.fields(f), fd, path, ctx, existing)

    def problems(self, f, answer, path, cx, data):
        if not isinstance(answer, list) or not all(isinstance(i, dict) for i in answer):
            return {path.name: [f"{subject(f)} must be a list"]}
        errors: dict = {}
        low, high = self.limits(f)
        check_items(
            f,
            self.fields(f),
            answer,
            path,
            cx,
            data,
            errors,
            noun=self.noun_for(f),
            min_items=low,
            max_items=high,
        )
        return errors

    def widgets(self, f, answer, path, ctx, data):
        low, high = self.limits(f)
        widget = list_widget(
            f,
            self.fields(f),
            answer,
            path,
            ctx,
            data,
            noun=self.noun_for(f),
            max_items=high,
            min_items=low,
        )
        extra = getattr(f, "prompt", None)
        if extra:
            widget.params["hint"] = extra
        return [widget]

    def display(self, f, answer, people):
        return list_display(self.fields(f), answer, people, self.noun_for(f))


@register
class RepeatingGroup(ItemList):
    type = "repeating_group"

    def fields(self, f):
        return f.fields

    def noun_for(self, f):
        return item_label(f)


def fixed(*specs: dict) -> tuple[Field, ...]:
    return tuple(Field.from_mapping(s) for s in specs)


STATEMENT_FIELDS = fixed(
    {"id": "statement", "type": "long_text", "label": "What was said or seen", "required": True},
    {"id": "who_said", "type": "text", "label": "Who said it", "required": True},
    {"id": "when", "type": "date", "label": "When", "required": True, "not_in_future": True},
    {
        "id": "source",
        "type": "text",
        "label": "Where this came from (optional)",
        "hint": "For example, a home visit, a phone call or a report",
    },
)
DANGER_FIELDS = fixed(
    {"id": "who_is_worried", "type": "text", "label": "Who is worried", "required": True},
    {
        "id": "behaviour",
        "type": "long_text",
        "label": "What they are worried about",
        "hint": "The adults' behaviour or the situation, described exactly",
        "required": True,
    },
    {
        "id": "what_could_happen",
        "type": "long_text",
        "label": "What could happen to the child",
        "hint": "If nothing changes",
        "required": True,
    },
    {
        "id": "impact_on_child",
        "type": "long_text",
        "label": "What the impact on the child would be",
        "required": True,
    },
    {"id": "disagreements", "type": "long_text", "label": "Where people disagree (optional)"},
)
GOAL_FIELDS = fixed(
    {
        "id": "parents_will",
        "type": "long_text",
        "label": "What the parents will be doing",
        "required": True,
    },
    {
        "id": "child_will_experience",
        "type": "long_text",
        "label": "What the child will experience",
        "required": True,
    },
    {
        "id": "professionals_will_see",
        "type": "long_text",
        "label": "What professionals will see",
        "required": True,
    },
    {"id": "for_how_long", "type": "text", "label": "For how long", "required": True},
)


@register
class StatementList(ItemList):
    type = "statement_list"
    noun = "statement"

    def fields(self, f):
        return STATEMENT_FIELDS


@register
class DangerStatement(ItemList):
    type = "danger_statement"
    noun = "danger statement"

    def fields(self, f):
        return DANGER_FIELDS

    def limits(self, f):
        return None, f.max_items or 3


@register
class SafetyGoal(ItemList):
    type = "safety_goal"
    noun = "safety goal"

    def fields(self, f):
        return GOAL_FIELDS

    def limits(self, f):
        return None, f.max_items

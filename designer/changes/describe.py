"""Each operation as a sentence a working group understands, with its old and new value."""

from __future__ import annotations

from typing import Any

from renderer.definitions.facts import FACTS

from .addressing import identity, index, kind_of, split_path

__all__ = ["category", "describe", "describe_operation"]

_LABEL_KEYS = ("label", "title", "text", "description")
_RULE_KEYS = {"show_if", "required_if", "validations", "calculation", "when", "rule"}
_RELABEL_KEYS = {"label", "title", "text", "family_label", "hint", "description"}
_NOUN_WORDS = {
    "prefill": "pre-fill for",
    "parameter": "timescale setting",
    "event": "event",
    "field": "question",
    "option": "answer",
}
# A property named as a working group would name it; others are written as words.
_PROPERTY_WORDS = {
    "summary_for_family": "summary for the family",
    "family_label": "wording for the family",
    "show_if": "when it shows",
    "required_if": "when it must be answered",
    "not_in_future": "must not be in the future",
    "not_before_field": "the date it must not be before",
    "done_by": "who does it",
    "fires_on": "when it starts the next stage",
    "working_days": "working days",
}


def _name(ident: tuple, indexes: list[dict]) -> str:
    """'Who is in the safety network?' for a field, stage name for a prefill, else the id."""
    for idx in indexes:
        entry = idx.get(ident)
        if entry is None:
            continue
        for key in _LABEL_KEYS:
            value = entry.item.get(key)
            if isinstance(value, str) and value:
                return value
    return words_for_id(ident[-1]) if ident else "the definition"


def words_for_id(ident: Any) -> str:
    """An id with nothing better to name it, written as words ('review_date' -> 'Review
    date'): a working group never reads the id itself."""
    return str(ident).replace("_", " ").strip().capitalize()


def _named(value: Any, indexes: list[dict]) -> Any:
    """A value that is the id of a stage, question or event is named by its label."""
    if not isinstance(value, str) or "_" not in value:
        return value
    for idx in indexes:
        for ident in idx:
            if isinstance(ident, tuple) and ident and ident[-1] == value:
                return _name(ident, indexes)
    return value


def _property(prop: list) -> str:
    return " ".join(_PROPERTY_WORDS.get(str(p), str(p).replace("_", " ")) for p in prop)


def _noun(noun: str) -> str:
    return _NOUN_WORDS.get(noun, noun)


def _quote(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 80 else value[:77] + "..."
        return f"'{text}'"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "nothing"
    if isinstance(value, dict | list):
        return "new values (shown below)"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def category(op: dict, kind: str) -> str:
    """added, removed, moved, relabelled, type changed, rule changed, pre-fill changed,
    timescale changed, statutory mapping changed, or changed."""
    name = op.get("op", "")
    path = op.get("path") or []
    if name == "set":
        item_path, prop = split_path(kind, path)
        ident = identity(kind, item_path)
        key = prop[0] if prop else ""
        if ident[-2:-1] == ("prefill",) or key == "prefill":
            return "pre-fill changed"
        if key in _RELABEL_KEYS and len(prop) == 1:
            return "relabelled"
        if key == "type":
            return "type changed"
        if key in _RULE_KEYS:
            return "rule changed"
        if key == "statutory":
            return "statutory mapping changed"
        if key in ("fact", "fact_use"):
            return "case fact changed"
        if key == "due" or ident[:1] == ("parameter",) or key == "recorded_by":
            return "timescale changed"
        return "changed"
    verb, _, noun = name.partition("_")
    if noun == "prefill":
        return "pre-fill changed"
    if noun == "parameter" and verb != "move":
        return "timescale changed"
    return {"add": "added", "remove": "removed", "move": "moved"}.get(verb, "changed")


def describe_operation(op: dict, old: dict, new: dict, kind: str | None = None) -> str:
    """One sentence for ``op``, naming things by their labels in ``new`` or ``old``."""
    kind = kind or kind_of(new or old)
    indexes = [index(new, kind), index(old, kind)]
    name = op.get("op", "")
    path = op.get("path") or []
    if name == "set":
        item_path, prop = split_path(kind, path)
        ident = identity(kind, item_path)
        where = _property(prop)
        owner = f"{_noun(ident[-2])} '{_name(ident, indexes)}'" if ident else f"the {kind}"
        if not ident and prop == ["id"]:
            return f"Created the {kind}" if "old" not in op else f"Changed the {kind}'s id"
        if prop in (["fact"], ["fact_use"]):
            return _fact_sentence(prop[0], op, _quote(_name(ident, indexes)))
        flow = _flow_sentence(op, ident, prop, indexes)
        if flow:
            return flow
        was, now = (_named(op.get(k), indexes) for k in ("old", "new"))
        if "old" not in op:
            return f"Set {where} of {owner} to {_quote(now)}"
        if "new" not in op:
            return f"Removed {where} of {owner} (was {_quote(was)})"
        if prop == ["label"] or prop == ["title"]:
            return f"Relabelled {_quote(op['old'])} as {_quote(op['new'])}"
        return f"Changed {where} of {owner} from {_quote(was)} to {_quote(now)}"
    verb, _, noun = name.partition("_")
    ident = identity(kind, path)
    label = _quote(_name(ident, indexes))
    owner_ident = identity(kind, path[:-2])
    owner = _quote(_name(owner_ident, indexes)) if owner_ident else f"the {kind}"
    if verb == "add":
        after = op.get("after")
        value = op.get(noun) or {}
        fallback = words_for_id(value.get("field") or path[-1])
        label = _quote(next((value[k] for k in _LABEL_KEYS if value.get(k)), fallback))
        place = f" after {_quote(_name(_sibling(ident, after), indexes))}" if after else " first"
        return f"Added {_noun(noun)} {label} to {owner}{place}"
    if verb == "remove":
        return f"Removed {_noun(noun)} {label} from {owner}"
    to_owner_ident = identity(kind, (op.get("to") or path)[:-2])
    to_owner = _quote(_name(to_owner_ident, indexes)) if to_owner_ident else f"the {kind}"
    if to_owner_ident == owner_ident:
        after = op.get("after")
        place = f"after {_quote(_name(_sibling(ident, after), indexes))}" if after else "to the top"
        return f"Moved {label} {place} in {owner}"
    return f"Moved {label} from {owner} to {to_owner}"


_FACT_USE_WORDS = {
    "both": "records and reads",
    "records": "records (and is never pre-filled with)",
    "reads": "only reads (is pre-filled with, but does not record)",
}


def _fact_name(name: Any) -> str:
    fact = FACTS.get(name) if isinstance(name, str) else None
    return _quote(fact.label if fact else name)


def _fact_sentence(key: str, op: dict, field: str) -> str:
    """ "The question 'Where the child lives now' now holds the case fact 'Where the child
    lives'": the fact's plain name, never its dotted one."""
    old, new = op.get("old"), op.get("new")
    if key == "fact_use":
        use = _FACT_USE_WORDS.get(new or "both", str(new))
        return f"The question {field} now {use} its case fact"
    if "old" not in op:
        return f"The question {field} now holds the case fact {_fact_name(new)}"
    if "new" not in op:
        return f"The question {field} no longer holds the case fact {_fact_name(old)}"
    return (
        f"The question {field} now holds the case fact {_fact_name(new)} "
        f"instead of {_fact_name(old)}"
    )


def _flow_sentence(op: dict, ident: tuple, prop: list, indexes: list[dict]) -> str | None:
    """When a transition fires and which answer records an event, said as a working group
    would say it rather than as a key and a value."""
    if ident[:1] == ("transition",) and prop == ["fires_on"]:
        entry = next((idx[ident] for idx in indexes if ident in idx), None)
        item = entry.item if entry else {}
        stages = (("stage", item.get("from")), ("stage", item.get("to")))
        source, target = (_quote(_name(s, indexes)) for s in stages)
        if op.get("new") == "submitted":
            return f"{target} now starts as soon as {source} is submitted, before it is signed off"
        return f"{target} now waits until {source} is signed off"
    if ident[:1] == ("event",) and prop[:1] == ["recorded_by"]:
        event = _quote(_name(ident, indexes))
        if "new" not in op:
            return f"Event {event} is no longer recorded by an answer in a form"
        new = op["new"] if prop == ["recorded_by"] else None
        if isinstance(new, dict):
            stage = _quote(_name(("stage", new.get("stage")), indexes))
            return (
                f"Event {event} now starts its clocks from the date answered in {stage} "
                f"('{words_for_id(new.get('field'))}'), as soon as that answer is saved"
            )
        return f"Event {event} is now recorded by {_quote(op['new'])}"
    return None


def _sibling(ident: tuple, sibling_id: Any) -> tuple:
    return ident[:-1] + (sibling_id,)


def describe(ops: list[dict], old: dict, new: dict, kind: str | None = None) -> list[dict]:
    """``[{sentence, category, op, old?, new?}]`` for a list of operations."""
    kind = kind or kind_of(new or old)
    out = []
    for op in ops:
        row: dict[str, Any] = {
            "sentence": describe_operation(op, old, new, kind),
            "category": category(op, kind),
            "op": op,
        }
        name = op.get("op", "")
        if name == "set" and op.get("path") == ["id"]:
            pass  # the document's own id: the sentence says it was created
        elif name == "set":
            for key in ("old", "new"):
                if key in op:
                    row[key] = op[key]
        elif name.startswith("remove_"):
            row["old"] = op.get("old")
        elif name.startswith("add_"):
            row["new"] = op.get(name[4:])
        out.append(row)  # a move's sentence says from where to where
    return out

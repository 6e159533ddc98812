"""HTML names, element ids, posted form data and GOV.UK-style message wording.

Naming scheme (stable, documented in docs/screens.md):

* a top-level field's HTML ``name`` and element ``id`` are its field id (``child_name``);
* parts of a composite join with ``-``: ``<id>-day``, ``<scale>-worker-score``;
* items of a list join the index: ``<group>-<i>-<sub>`` (MOJ "add another" rewrites the
  ``%index%`` in ``data-name``/``data-id`` when it clones an item in the browser);
* page controls that are not answers start with ``_`` (``_action``, ``_section``,
  ``_field``, ``<list>-<i>-_item``),
  which no field id can (ids match ``^[a-z][a-z0-9_]*$``).

Field ids are snake_case and parts are fixed words or digits, so no two generated names
can collide. The WTForms attribute of a field is ``f__<id>`` (see bound.py), so an id
such as ``data`` or ``validate`` never shadows WTForms' own attributes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,62}\Z")
ACTION = "_action"
SECTION_MARKER = "_section"
# Names a field an autosave posts on its own, so that one posted empty (no box ticked,
# no item left) is read as empty rather than left alone.
FIELD_MARKER = "_field"
ITEM_MARKER = "_item"


@dataclass(frozen=True)
class Path:
    """Where an input lives on the page: its name, and its MOJ template inside a list."""

    name: str
    template: str | None = None

    def part(self, part: str | int) -> Path:
        tpl = f"{self.template}-{part}" if self.template else None
        return Path(f"{self.name}-{part}", tpl)

    def item(self, index: int) -> Path:
        return Path(f"{self.name}-{index}", f"{self.name}-%index%")

    def moj(self, suffix: str = "", id_suffix: str | None = None) -> dict:
        """``data-name``/``data-id`` attributes for an input inside a cloneable item."""
        if not self.template:
            return {}
        ids = suffix if id_suffix is None else id_suffix
        return {"data-name": self.template + suffix, "data-id": self.template + ids}


class FormData:
    """Posted form data: a Werkzeug MultiDict, or a plain dict of str or list of str."""

    def __init__(self, source: object = None):
        self._values: dict[str, list[str]] = {}
        if source is None:
            return
        if hasattr(source, "getlist"):
            for key in source.keys():  # noqa: SIM118 - MultiDict.keys() is unique keys
                self._values[str(key)] = [str(v) for v in source.getlist(key)]
            return
        for key, value in dict(source).items():
            values = value if isinstance(value, list | tuple) else [value]
            self._values[str(key)] = [str(v) for v in values]

    def get(self, key: str) -> str | None:
        values = self._values.get(key)
        return values[0] if values else None

    def getlist(self, key: str) -> list[str]:
        return list(self._values.get(key, ()))

    def __contains__(self, key: str) -> bool:
        return key in self._values

    def keys(self) -> list[str]:
        return list(self._values)

    def has_field(self, name: str) -> bool:
        """Whether anything was posted for the field named ``name`` (or its parts)."""
        prefix = name + "-"
        return any(k == name or k.startswith(prefix) for k in self._values)

    def indices(self, prefix: str) -> list[int]:
        """Item indices posted under ``<prefix>-<i>-...``, in ascending order."""
        pattern = re.compile(re.escape(prefix) + r"-(\d{1,4})-")
        found = {int(m.group(1)) for k in self._values if (m := pattern.match(k))}
        return sorted(found)


def text_value(raw: str | None) -> str | None:
    """A typed text answer: line endings as the browser counts them, ends trimmed."""
    if raw is None:
        return None
    value = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    return value or None


def js_length(value: str) -> int:
    """Length as the browser's maxlength and character count measure it (UTF-16)."""
    return len(value.encode("utf-16-le")) // 2


# --- message wording -------------------------------------------------------------


def lower_first(text: str) -> str:
    """ "Child's name" -> "child's name"; "GP name" and "UPN" stay as written."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def label_of(field) -> str:
    return field.label or field.text or field.id.replace("_", " ").capitalize()


def is_question(field) -> bool:
    return label_of(field).rstrip().endswith("?")


def subject(field) -> str:
    """The field as the subject of a sentence: "Date of birth must be a real date"."""
    label = label_of(field)
    return f"‘{label}’" if is_question(field) else label


def enter(field) -> str:
    if is_question(field):
        return f"Enter an answer to ‘{label_of(field)}’"
    return f"Enter {lower_first(label_of(field))}"


def select(field) -> str:
    if is_question(field):
        return f"Select an answer to ‘{label_of(field)}’"
    return f"Select {lower_first(label_of(field))}"


def join_words(words: list[str], last: str = "and") -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)

"""Safe YAML reading that keeps line/column marks and refuses hostile input.

PyYAML's safe loader is safe from code execution but not from resource exhaustion
(alias bombs, deep nesting) and it follows YAML 1.1, where `on:` and `no` become
booleans. Definitions use keys like `on:` and answers like "no", so scalars are
resolved with the YAML 1.2 core schema here, keys are always text, and dates stay
text (JSON Schema and canonical JSON need plain JSON types).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from . import limits
from .errors import DefinitionError, Problem

_T = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_T + s for s in ("str", "int", "float", "bool", "null"))
_MAP, _SEQ = _T + "map", _T + "seq"


class _CoreResolver(BaseResolver):
    """YAML 1.2 core schema: only true/false are booleans, no timestamps, no sexagesimal."""


_CoreResolver.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_CoreResolver.add_implicit_resolver(
    _INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_CoreResolver.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_CoreResolver.add_implicit_resolver(
    _NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _Refused(Exception):
    def __init__(self, code: str, message: str, mark=None):
        super().__init__(message)
        self.code, self.message, self.mark = code, message, mark


class _PyParser(Reader, Scanner, Parser):
    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


try:  # libyaml's event parser is 15x faster; composition stays in Python (below)
    from yaml._yaml import CParser as _EventParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    # the stubs type the name as CParser; the pure-Python parser has the same interface
    _EventParser = _PyParser  # type: ignore[misc,assignment]


class _Loader(Composer, _EventParser, _CoreResolver):
    """Events from the parser, nodes from PyYAML's Python composer, so that the alias
    count and depth are checked as each node is composed, before anything expands."""

    def __init__(self, stream):
        _EventParser.__init__(self, stream)
        Composer.__init__(self)
        _CoreResolver.__init__(self)
        self.alias_count = 0
        self.depth = 0

    def _here(self):
        """Where the next event starts (None at the end of the stream)."""
        event = self.peek_event()
        return event.start_mark if event is not None else None

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            self.alias_count += 1
            if self.alias_count > limits.MAX_ALIASES:
                raise _Refused(
                    "CV104",
                    f"This file uses more than {limits.MAX_ALIASES} aliases ('*name'); "
                    f"the limit is {limits.MAX_ALIASES}.",
                    self._here(),
                )
        self.depth += 1
        if self.depth > limits.MAX_DEPTH:
            raise _Refused(
                "CV105",
                f"This file is nested more than {limits.MAX_DEPTH} levels deep; "
                f"the limit is {limits.MAX_DEPTH}.",
                self._here(),
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


NodePath = tuple


@dataclass
class SourceDoc:
    """Parsed data plus where each value (and each mapping key) was written."""

    data: object
    file: str = ""
    marks: dict = field(default_factory=dict)
    key_marks: dict = field(default_factory=dict)
    # literal blocks ("key: |"): path -> (line, column) of the block's first text line,
    # so a problem on line n of the text (an output template's) can point at its line
    blocks: dict = field(default_factory=dict)

    def locate(self, path: NodePath, key: bool = False) -> tuple[int, int]:
        """Line and column of the node at `path`, or of its nearest written ancestor."""
        path = tuple(path)
        if path in self.key_marks and (key or isinstance(self._value(path), dict | list)):
            # a whole list or mapping is best shown at its key: "options:" not its first item
            return self.key_marks[path]
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (0, 0))  # 0:0 = no YAML behind it (a mapping from code)

    def _value(self, path):
        node: Any = self.data  # a value from the document: anything JSON can hold
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def path_text(self, path: NodePath) -> str:
        """sections[2].fields[4].show_if, readable as written in docs/language.md."""
        out = ""
        for part in path:
            if isinstance(part, int):
                out += f"[{part}]"
            else:
                out += ("." if out else "") + str(part)
        return out


# A mapping key is plain text, a number, true/false or null: never a list or a tag.
_KEY_TAGS = (_STR, _INT, _FLOAT, _BOOL, _NULL)


class _Builder:
    """Turns composed nodes into plain JSON values, counting expanded nodes."""

    def __init__(self, doc: SourceDoc, text: str = ""):
        self.doc = doc
        self.count = 0
        self.text = text
        self._lines: list[str] | None = None
        self._blocks: dict[int, tuple[int, int]] = {}

    def build(self, node, path, depth=0):
        self.count += 1
        if self.count > limits.MAX_NODES:
            raise _Refused(
                "CV104",
                f"Expanding this file's aliases gives more than {limits.MAX_NODES:,} values; "
                f"the limit is {limits.MAX_NODES:,}.",
                node.start_mark,
            )
        if depth > limits.MAX_DEPTH:
            raise _Refused(
                "CV105",
                f"This file is nested more than {limits.MAX_DEPTH} levels deep (counting "
                f"aliases); the limit is {limits.MAX_DEPTH}.",
                node.start_mark,
            )
        self.doc.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, ScalarNode):
            if node.style == "|":
                self.literal_block(node, path)
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                raise self.bad_tag(node)
            return [self.build(n, (*path, i), depth + 1) for i, n in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self.mapping(node, path, depth)
        raise self.bad_tag(node)  # pragma: no cover - composer yields only the three kinds

    def mapping(self, node, path, depth: int) -> dict:
        if node.tag != _MAP:
            raise self.bad_tag(node)
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _KEY_TAGS:
                raise _Refused(
                    "CV110",
                    "This key is a list, mapping or tagged value, not plain text.",
                    key_node.start_mark,
                )
            key = key_node.value
            if key in out:
                raise _Refused(
                    "CV106",
                    f"The key '{key}' is written twice in the same mapping.",
                    key_node.start_mark,
                )
            self.doc.key_marks[(*path, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            out[key] = self.build(value_node, (*path, key), depth + 1)
        return out

    def literal_block(self, node, path) -> None:
        """Where a literal block's text starts: the line after its '|' header, at the
        indentation of its first non-blank line. Worked out once per block, however
        many aliases repeat it."""
        first = node.start_mark.line + 1  # 0-based: the line after the header
        if first not in self._blocks:
            if self._lines is None:
                self._lines = self.text.split("\n")
            column = 0
            for line in self._lines[first : first + 1000]:
                if line.strip():
                    column = len(line) - len(line.lstrip(" "))
                    break
            self._blocks[first] = (first + 1, column + 1)
        self.doc.blocks[path] = self._blocks[first]

    def bad_tag(self, node):
        tag = node.tag[len(_T) :] if node.tag.startswith(_T) else node.tag
        shown = ("!!" + tag) if node.tag.startswith(_T) else tag
        return _Refused(
            "CV103",
            f"The YAML tag '{shown}' is not allowed; definitions are plain data "
            "(text, numbers, true/false, lists and mappings).",
            node.start_mark,
        )

    def scalar(self, node):
        value, tag = node.value, node.tag
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() == "true"
        if tag == _INT:
            digits = value.lstrip("+-")
            if len(digits) > limits.MAX_INT_DIGITS:
                raise _Refused(
                    "CV206",
                    f"This number has {len(digits)} digits; the limit is {limits.MAX_INT_DIGITS}.",
                    node.start_mark,
                )
            return int(value, 0) if value.startswith(("0o", "0x")) else int(value)
        if tag == _FLOAT:
            # JSON has no infinity or NaN, so canonical hashing could not represent them
            number = math.inf if value.lstrip("+-").lower() in (".inf", ".nan") else float(value)
            if not math.isfinite(number):
                raise _Refused("CV206", f"'{value}' is not a finite number.", node.start_mark)
            return number
        raise self.bad_tag(node)


def parse_yaml(raw: bytes | str, file: str = "") -> SourceDoc:
    """Parse one YAML document, raising DefinitionError (never anything else)."""
    _check_size(len(raw.encode("utf-8") if isinstance(raw, str) else raw), file)
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DefinitionError(
                [
                    Problem(
                        "CV109",
                        f"This file is not UTF-8 text (byte {exc.start}).",
                        file=file,
                        line=1,
                        column=1,
                    )
                ]
            ) from None
    doc = SourceDoc(data=None, file=file)
    loader = None
    try:
        loader = _Loader(raw)  # the reader already rejects control characters here
        node = loader.get_single_node()
        if node is None:
            raise _Refused("CV108", "This file is empty.")
        doc.data = _Builder(doc, raw).build(node, ())
    except _Refused as exc:
        line, col = _mark(exc.mark)
        raise DefinitionError(
            [Problem(exc.code, exc.message, file=file, line=line, column=col)]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _mark(mark)
        if "nesting depth" in (exc.problem or ""):
            # PyYAML 6.0.3 and later refuse deep flow nesting in the scanner, before our
            # composer counts levels: the same limit, so the same error wherever it is caught.
            raise DefinitionError(
                [
                    Problem(
                        "CV105",
                        f"This file is nested more than {limits.MAX_DEPTH} levels deep; "
                        f"the limit is {limits.MAX_DEPTH}.",
                        file=file,
                        line=line,
                        column=col,
                    )
                ]
            ) from None
        what = exc.problem or "could not be read"
        ctx = f" ({exc.context}"
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            ctx += f" that starts at line {exc.context_mark.line + 1}"
        ctx = ctx + ")" if exc.context else ""
        raise DefinitionError(
            [Problem("CV102", f"YAML syntax: {what}{ctx}.", file=file, line=line, column=col)]
        ) from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise DefinitionError(
            [Problem("CV102", f"YAML could not be read: {exc}.", file=file, line=1, column=1)]
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        line, col = doc.locate(())
        raise DefinitionError(
            [
                Problem(
                    "CV108",
                    f"This file holds {kind}, not a definition (a mapping starting with 'id:').",
                    file=file,
                    line=line,
                    column=col,
                )
            ]
        )
    return doc


def _check_size(size: int, file: str) -> None:
    if size > limits.MAX_FILE_BYTES:
        message = (
            f"This file is {limits.human_size(size)}; the limit is "
            f"{limits.human_size(limits.MAX_FILE_BYTES)}."
        )
        raise DefinitionError([Problem("CV101", message, file=file, line=1, column=1)])


def _mark(mark) -> tuple[int, int]:
    if mark is None:
        return 1, 1
    return mark.line + 1, mark.column + 1


def read_source(path: str | Path) -> SourceDoc:
    """Read a file from disk with the size limit applied before reading it whole."""
    p = Path(path)
    name = str(path)
    try:
        _check_size(p.stat().st_size, name)  # before reading, so a huge file costs nothing
        raw = p.read_bytes()
    except OSError as exc:
        message = f"The file could not be read: {exc.strerror or exc}."
        raise DefinitionError([Problem("CV109", message, file=name, line=1, column=1)]) from None
    return parse_yaml(raw, name)

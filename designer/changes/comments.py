"""Comments people write in a library file survive a publish.

Publishing writes the deterministic text of `dump_definition`; on its own that would drop
every `# comment` a council wrote in the file. `keep_comments(old, new)` puts each comment
of the old file back beside the same thing in the new text: a comment on its own line goes
before the key or list item that followed it, an end-of-line comment at the end of the same
key's line. Things are matched by their path, list items by their `id` (or the `field` a
pre-fill is about) rather than their position, so a comment follows its question when the
question moves. A comment about something the new version no longer has goes with it.

ruamel.yaml's round-trip loader gives the line of every key and list item; its own dumper is
not used, because its line wrapping differs from PyYAML's and the file's layout must stay
the deterministic one. Pure Python: nothing of Flask.
"""

from __future__ import annotations

import io
import re

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

__all__ = ["keep_comments"]

_BLOCK_HEADER = re.compile(
    r"^\s*(?:-\s+)*(?:[^#'\"\s][^#]*?|'[^']*'|\"[^\"]*\"):\s+[|>][-+0-9]*\s*(?:#.*)?$"
)
_LIST_BLOCK = re.compile(r"^\s*(?:-\s+)+[|>][-+0-9]*\s*(?:#.*)?$")


def _item_key(item, index: int):
    if isinstance(item, CommentedMap):
        for key in ("id", "field"):
            if isinstance(item.get(key), str | int):
                return (key, item[key])
    return index


def _lines(node, path: tuple = (), out: dict | None = None) -> dict[int, tuple]:
    """Line number (0-based) -> path of the shallowest key or list item starting there."""
    out = {} if out is None else out
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            line = node.lc.key(key)[0]
            out.setdefault(line, (*path, key))
            _lines(value, (*path, key), out)
    elif isinstance(node, CommentedSeq):
        for index, value in enumerate(node):
            step = _item_key(value, index)
            line = node.lc.item(index)[0]
            out.setdefault(line, (*path, step))
            _lines(value, (*path, step), out)
    return out


def _load(text: str):
    return YAML(typ="rt").load(io.StringIO(text))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_column(line: str) -> int:
    """Column where the key of a `key: |` line starts, after any `- ` list markers."""
    col = _indent(line)
    while line[col : col + 2] == "- ":
        col += 2
        while col < len(line) and line[col] == " ":
            col += 1
    return col


def _trailing(line: str) -> int | None:
    """Where an end-of-line comment starts (outside quotes), or None."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"" and (i == 0 or line[i - 1] in " [{,:-"):
            quote = ch
        elif ch == "#" and i > 0 and line[i - 1] in " \t":
            return i
    return None


def _comments(text: str) -> tuple[list[tuple[int | None, list[str]]], dict[int, str]]:
    """Blocks of own-line comments with the line they come before (None: the end of the
    file), and end-of-line comments by line. Lines inside block scalars are text."""
    lines = text.split("\n")
    blocks: list[tuple[int | None, list[str]]] = []
    trailing: dict[int, str] = {}
    pending: list[str] = []
    block_col: int | None = None
    for n, line in enumerate(lines):
        stripped = line.strip()
        if block_col is not None:
            if not stripped or _indent(line) > block_col:
                continue
            block_col = None
        if not stripped:
            continue
        if stripped.startswith("#"):
            pending.append(stripped)
            continue
        if pending:
            blocks.append((n, pending))
            pending = []
        at = _trailing(line)
        if at is not None:
            trailing[n] = line[at:].rstrip()
        if _BLOCK_HEADER.match(line) or _LIST_BLOCK.match(line):
            block_col = _key_column(line) if _BLOCK_HEADER.match(line) else _indent(line)
    if pending:
        blocks.append((None, pending))
    return blocks, trailing


def _place(new: str, blocks, trailing, old_paths, new_lines_of, inline: bool) -> str:
    lines = new.split("\n")
    before: dict[int, list[str]] = {}
    after_all: list[str] = []
    ends: dict[int, str] = {}
    for line, texts in blocks:
        target = new_lines_of.get(old_paths.get(line)) if line is not None else None
        if line is None:
            after_all += texts
        elif target is not None:
            before.setdefault(target, []).extend(texts)
    for line, text in trailing.items():
        target = new_lines_of.get(old_paths.get(line))
        if target is None:
            continue
        if inline:
            ends[target] = text
        else:
            before.setdefault(target, []).append(text)
    out = []
    for n, line in enumerate(lines):
        pad = " " * _indent(line)
        out += [pad + t for t in before.get(n, [])]
        out.append(f"{line}  {ends[n]}" if n in ends and line else line)
    if after_all:
        while out and out[-1] == "":
            out.pop()
        out += after_all + [""]
    return "\n".join(out)


def keep_comments(old: str, new: str) -> str:
    """`new` (deterministic text) with the comments of `old` put back; `new` unchanged when
    `old` has none or cannot be read."""
    if "#" not in old:
        return new
    try:
        old_paths = _lines(_load(old))
        new_lines_of = {path: line for line, path in _lines(_load(new)).items()}
    except Exception:  # noqa: BLE001 - an unreadable old file has no comments to keep
        return new
    blocks, trailing = _comments(old)
    if not blocks and not trailing:
        return new
    wanted = yaml.safe_load(new)
    # End-of-line comments inside a wrapped plain value would cut it short: check, and
    # put them on a line of their own when they would.
    for inline in (True, False):
        text = _place(new, blocks, trailing, old_paths, new_lines_of, inline)
        try:
            if yaml.safe_load(text) == wanted:
                return text
        except yaml.YAMLError:
            continue
    return new

"""Two deterministic YAML texts side by side, changed lines marked, long runs of
unchanged lines folded so a one-word change in a 600-line form stays findable."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

CONTEXT = 3  # unchanged lines kept either side of a change


@dataclass(frozen=True)
class Row:
    kind: str  # same | changed | removed | added | gap
    left_no: int | None = None
    left: str = ""
    right_no: int | None = None
    right: str = ""
    folded: int = 0  # for a gap: how many unchanged lines it stands for


def _pairs(tag: str, a: list[str], i1: int, i2: int, b: list[str], j1: int, j2: int):
    if tag == "equal":
        for k in range(i2 - i1):
            yield Row("same", i1 + k + 1, a[i1 + k], j1 + k + 1, b[j1 + k])
        return
    left, right = list(range(i1, i2)), list(range(j1, j2))
    for k in range(max(len(left), len(right))):
        i = left[k] if k < len(left) else None
        j = right[k] if k < len(right) else None
        if i is not None and j is not None:
            yield Row("changed", i + 1, a[i], j + 1, b[j])
        elif i is not None:
            yield Row("removed", i + 1, a[i])
        else:
            yield Row("added", right_no=j + 1, right=b[j])


def side_by_side(old: str, new: str, context: int = CONTEXT) -> list[Row]:
    a, b = old.splitlines(), new.splitlines()
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        rows.extend(_pairs(tag, a, i1, i2, b, j1, j2))
    return _fold(rows, context)


def _fold(rows: list[Row], context: int) -> list[Row]:
    near = set()
    for n, row in enumerate(rows):
        if row.kind != "same":
            near.update(range(n - context, n + context + 1))
    out: list[Row] = []
    hidden = 0
    for n, row in enumerate(rows):
        if row.kind == "same" and n not in near:
            hidden += 1
            continue
        if hidden:
            out.append(Row("gap", folded=hidden))
            hidden = 0
        out.append(row)
    if hidden:
        out.append(Row("gap", folded=hidden))
    return out

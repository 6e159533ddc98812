"""Change sets: what changed between two versions, why, who and when (change_log/)."""

from __future__ import annotations

import copy
import datetime as _dt
import re

from .addressing import NOUNS, kind_of
from .apply import ApplyError, apply_operations
from .diff import diff
from .source import schema_errors, sha256_of

__all__ = [
    "ChangeSetError",
    "apply_changeset",
    "check_changeset",
    "make_changeset",
    "slug",
]

_OP_KEYS = {
    "add": {"op", "path", "after"},
    "remove": {"op", "path", "old"},
    "move": {"op", "path", "to", "after"},
    "set": {"op", "path", "old", "new"},
}


class ChangeSetError(ValueError):
    """A change set that is not well formed, or does not fit the version it names."""


def slug(text: str, words: int = 6) -> str:
    """A short file-name slug from a rationale: 'Ask about the network' -> ask-about-the-network."""
    parts = re.findall(r"[a-z0-9]+", text.lower())[:words]
    return "-".join(parts) or "change"


def _check_op(n: int, op: object) -> list[str]:
    if not isinstance(op, dict):
        return [f"operations.{n}: must be a mapping"]
    name = op.get("op")
    verb, _, noun = str(name).partition("_")
    if name == "set":
        verb = "set"
    elif verb not in {"add", "remove", "move"} or noun not in NOUNS:
        return [f"operations.{n}: unknown operation {name!r}"]
    allowed = _OP_KEYS[verb] | ({noun} if verb == "add" else set())
    out = [f"operations.{n}: unexpected key {k!r} in {name}" for k in op if k not in allowed]
    path = op.get("path")
    if not isinstance(path, list) or not path or not all(isinstance(p, str) for p in path):
        out.append(f"operations.{n}: 'path' must be a list of ids and keys")
    if verb == "add" and not isinstance(op.get(noun), dict):
        out.append(f"operations.{n}: {name} needs '{noun}', the new {noun}")
    if verb == "move" and not isinstance(op.get("to"), list):
        out.append(f"operations.{n}: {name} needs 'to', the new path")
    if verb == "set" and "old" not in op and "new" not in op:
        out.append(f"operations.{n}: set needs 'old', 'new' or both")
    return out


def check_changeset(cs: object) -> list[str]:
    """Every problem with a change set's shape (schema, then each operation)."""
    if not isinstance(cs, dict):
        return ["a change set must be a mapping"]
    problems = schema_errors(cs, "changeset")
    for n, op in enumerate(cs.get("operations") or []):
        problems.extend(_check_op(n, op))
    target = cs.get("target") or {}
    result = cs.get("result") or {}
    if isinstance(result, dict) and isinstance(target, dict) and isinstance(cs.get("id"), str):
        expected = f"{target.get('id')}-{result.get('version', 0):04d}"
        if isinstance(result.get("version"), int) and cs["id"] != expected:
            problems.append(f"id: should be {expected!r} (target id and new version)")
    return problems


def make_changeset(
    old: dict | None,
    new: dict,
    *,
    rationale: str,
    author: str,
    council: str | None = None,
    date: str | None = None,
    review_state: str = "published",
    reviewers: list[str] | None = None,
    published_by: str | None = None,
    links: list[str] | None = None,
    version: int | None = None,
    decisions: list[dict] | None = None,
    views: list[dict] | None = None,
) -> dict:
    """The change set that takes ``old`` (None for a new definition) to ``new``.

    The new version is ``version`` or one more than ``old``'s; ``new``'s own
    ``version`` is ignored and the result hash is of ``new`` at the new version.
    ``decisions`` (entries as ``Decision.record`` gives them, see decisions.py) records
    what an import decided about another council's changes besides what it took.
    ``views`` are the reviewers' own written views ({"by": name, "view": text}, in the
    order they were written), so another council reads why the change was agreed.
    """
    kind = kind_of(new)
    base_version = int(old["version"]) if old else 0
    version = version if version is not None else base_version + 1
    result_doc = dict(new, version=version)
    cs: dict = {
        "id": f"{new['id']}-{version:04d}",
        "target": {"kind": kind, "id": new["id"]},
        "base": {"version": base_version, "sha256": sha256_of(old) if old else None},
        "result": {"version": version, "sha256": sha256_of(result_doc)},
        "rationale": rationale,
        "author": author,
    }
    if council:
        cs["council"] = council
    cs["date"] = date or _dt.date.today().isoformat()
    cs["review"] = {"state": review_state}
    if reviewers:
        cs["review"]["reviewers"] = list(reviewers)
    if published_by:
        cs["review"]["published_by"] = published_by
    if views:
        cs["review"]["views"] = [{"by": v["by"], "view": v["view"]} for v in views]
    if links:
        cs["links"] = list(links)
    if decisions:
        cs["decisions"] = [dict(d) for d in decisions]
    cs["operations"] = diff(old or {}, result_doc, kind)
    return cs


def apply_changeset(cs: dict, base: dict | None, *, check_base: bool = True) -> dict:
    """The version ``cs`` produces from ``base`` (None for a change set from version 0).

    Refuses a change set whose base hash does not match ``base`` (unless
    ``check_base`` is false, which merges use), and a result whose hash is not the
    one the change set records.
    """
    problems = check_changeset(cs)
    if problems:
        raise ChangeSetError(f"{cs.get('id', 'change set')}: " + "; ".join(problems[:5]))
    kind = cs["target"]["kind"]
    expected = cs["base"]["sha256"]
    actual = sha256_of(base) if base else None
    if check_base and expected != actual:
        raise ChangeSetError(
            f"{cs['id']} was made on version {cs['base']['version']} "
            f"(sha256 {str(expected)[:12]}...), but the definition given is "
            + (f"version {base.get('version')} (sha256 {str(actual)[:12]}...)" if base else "empty")
            + "; use import or merge to bring it onto a version that has moved on"
        )
    try:
        doc = apply_operations(copy.deepcopy(base) if base else {}, cs["operations"], kind)
    except ApplyError as exc:
        raise ChangeSetError(f"{cs['id']}: {exc}") from exc
    doc["version"] = cs["result"]["version"]
    if sha256_of(doc) != cs["result"]["sha256"]:
        raise ChangeSetError(
            f"{cs['id']}: applying it does not give the version it records "
            f"(sha256 {cs['result']['sha256'][:12]}...)"
        )
    return doc

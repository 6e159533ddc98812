"""Hard limits on definitions, checked before any expensive work.

A definition from another council is untrusted input: every limit here bounds memory
or time, and each is stated in the error when it is hit so the author knows the rule.
"""

from __future__ import annotations

from .errors import Problem

MAX_FILE_BYTES = 1024 * 1024
MAX_ALIASES = 50
MAX_NODES = 100_000  # after alias expansion
MAX_DEPTH = 40
MAX_FIELDS_PER_FORM = 500
MAX_OPTIONS_PER_FIELD = 200
MAX_SECTIONS_PER_FORM = 100
MAX_STAGES_PER_PATHWAY = 100
MAX_INT_DIGITS = 30


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        mb = n / (1024 * 1024)
        return f"{mb:.1f} MB" if mb != int(mb) else f"{int(mb)} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


def _fields(container, prefix):
    """Every field mapping in sections / repeating groups, tolerating bad shapes."""
    items = container.get("fields") if isinstance(container, dict) else None
    if not isinstance(items, list):
        return
    for i, f in enumerate(items):
        path = (*prefix, "fields", i)
        yield path, f
        if isinstance(f, dict) and isinstance(f.get("fields"), list):
            yield from _fields(f, path)


def count_problems(data, kind: str, doc) -> list[Problem]:
    """CV107 for lists over their limit. Runs before schema validation."""
    count = _COUNTS.get(kind)
    if count is None or not isinstance(data, dict):
        return []
    return list(count(data, kind, doc))


def _over(doc, path, message: str) -> Problem:
    line, col = doc.locate(path)
    return Problem("CV107", message, file=doc.file, line=line, column=col, path=doc.path_text(path))


def _form_counts(data: dict, kind: str, doc):
    sections = data.get("sections")
    if not isinstance(sections, list):
        return
    if len(sections) > MAX_SECTIONS_PER_FORM:
        yield _over(
            doc,
            ("sections",),
            f"This {kind} has {len(sections)} sections; the limit is {MAX_SECTIONS_PER_FORM}.",
        )
    total = 0
    for si, section in enumerate(sections):
        for fpath, f in _fields(section, ("sections", si)):
            total += 1
            opts = f.get("options") if isinstance(f, dict) else None
            if isinstance(opts, list) and len(opts) > MAX_OPTIONS_PER_FIELD:
                yield _over(
                    doc,
                    (*fpath, "options"),
                    f"This field has {len(opts)} options; the limit is {MAX_OPTIONS_PER_FIELD}.",
                )
    if total > MAX_FIELDS_PER_FORM:
        yield _over(
            doc,
            ("sections",),
            f"This {kind} has {total} fields; the limit is {MAX_FIELDS_PER_FORM}.",
        )


def _pathway_counts(data: dict, kind: str, doc):
    stages = data.get("stages")
    if isinstance(stages, list) and len(stages) > MAX_STAGES_PER_PATHWAY:
        yield _over(
            doc,
            ("stages",),
            f"This {kind} has {len(stages)} stages; the limit is {MAX_STAGES_PER_PATHWAY}.",
        )


_COUNTS = {"form": _form_counts, "pathway": _pathway_counts}

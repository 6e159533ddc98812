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
    out: list[Problem] = []

    def over(path, what, n, limit):
        line, col = doc.locate(path)
        out.append(
            Problem(
                "CV107",
                f"This {kind} has {n} {what}; the limit is {limit}.",
                file=doc.file,
                line=line,
                column=col,
                path=doc.path_text(path),
            )
        )

    if not isinstance(data, dict):
        return out
    if kind == "form":
        sections = data.get("sections")
        if not isinstance(sections, list):
            return out
        if len(sections) > MAX_SECTIONS_PER_FORM:
            over(("sections",), "sections", len(sections), MAX_SECTIONS_PER_FORM)
        total = 0
        for si, section in enumerate(sections):
            for fpath, f in _fields(section, ("sections", si)):
                total += 1
                opts = f.get("options") if isinstance(f, dict) else None
                if isinstance(opts, list) and len(opts) > MAX_OPTIONS_PER_FIELD:
                    p = (*fpath, "options")
                    out.append(
                        Problem(
                            "CV107",
                            f"This field has {len(opts)} options; the limit is "
                            f"{MAX_OPTIONS_PER_FIELD}.",
                            file=doc.file,
                            line=doc.locate(p)[0],
                            column=doc.locate(p)[1],
                            path=doc.path_text(p),
                        )
                    )
        if total > MAX_FIELDS_PER_FORM:
            over(("sections",), "fields", total, MAX_FIELDS_PER_FORM)
    elif kind == "pathway":
        stages = data.get("stages")
        if isinstance(stages, list) and len(stages) > MAX_STAGES_PER_PATHWAY:
            over(("stages",), "stages", len(stages), MAX_STAGES_PER_PATHWAY)
    return out

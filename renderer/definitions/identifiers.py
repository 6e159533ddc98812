"""Id rules shared by forms and pathways: reserved words and uniqueness."""

from __future__ import annotations

import keyword

from .errors import Problem

# From docs/language.md: names WTForms, Jinja and the renderer already use, so a field
# with one of these ids would shadow framework attributes when compiled to a form class.
RESERVED = frozenset({
    "data", "errors", "meta", "validate", "process", "populate_obj", "form", "field",
    "fields", "label", "description", "flags", "name", "type", "id", "widget", "raw_data",
    "object_data", "default", "filters", "validators", "render_kw", "self", "class", "loop",
    "super", "caller", "varargs", "kwargs", "true", "false", "none", "csrf_token", "submit",
})  # fmt: skip
# Rule variables use these as namespaces, so a field or stage with one of these ids
# would make {"var": "today"} or {"var": "case.reference"} ambiguous.
RULE_NAMESPACES = frozenset({"today", "case", "child"})


def reserved_reason(ident: str, namespaced: bool = True) -> str | None:
    if keyword.iskeyword(ident):
        return "a Python keyword"
    if ident in RESERVED:
        return "reserved by the form renderer"
    if namespaced and ident in RULE_NAMESPACES:
        return "a name rules already use ('today', 'case.…', 'child.…')"
    return None


class IdChecker:
    """Collects CV302/CV303 problems while ids are registered in document order."""

    def __init__(self, doc, problems: list[Problem]):
        self.doc = doc
        self.problems = problems

    def check_reserved(self, ident, path, what: str, namespaced: bool = True) -> None:
        if not isinstance(ident, str):
            return
        reason = reserved_reason(ident, namespaced)
        if reason:
            line, col = self.doc.locate(path)
            self.problems.append(
                Problem(
                    "CV302",
                    f"The {what} id '{ident}' is {reason}.",
                    file=self.doc.file,
                    line=line,
                    column=col,
                    path=self.doc.path_text(path),
                )
            )

    def unique(self, items, what: str, scope: str) -> dict:
        """items: (id, path) pairs. Returns id -> first path, reporting later duplicates."""
        first: dict = {}
        for ident, path in items:
            if ident in first:
                line, col = self.doc.locate(path)
                fl, _ = self.doc.locate(first[ident])
                self.problems.append(
                    Problem(
                        "CV303",
                        f"The {what} id '{ident}' is used twice in {scope} (first at line {fl}).",
                        file=self.doc.file,
                        line=line,
                        column=col,
                        path=self.doc.path_text(path),
                    )
                )
            else:
                first[ident] = path
        return first

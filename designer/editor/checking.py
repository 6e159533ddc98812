"""Check a draft with the language's own loader, and say which element each problem is on.

The checks are exactly those of `convivial check` (the same loader, the same error
catalogue); only the presentation differs: each problem is pinned to the section,
question or property the editor shows, so it appears next to what caused it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from renderer.definitions import (
    DefinitionError,
    Problem,
    form_from_mapping,
    pathway_from_mapping,
)
from renderer.definitions.loader import form_problems, pathway_problems
from renderer.definitions.yaml_source import SourceDoc

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


@dataclass(frozen=True)
class Located:
    problem: Problem
    section: str | None = None  # section id
    field: str | None = None  # field id
    key: str | None = None  # the property of the field, section or form
    stage: str | None = None  # stage id, in a pathway
    # (noun, id) of a pathway's transition, trigger, event or timescale setting
    item: tuple[str, str] | None = None

    @property
    def anchor(self) -> str:
        """The id of the element on the structure page the problem belongs to."""
        if self.item:
            return f"{self.item[0]}-{self.item[1]}"
        if self.field:
            return f"field-{self.field}"
        if self.stage:
            return f"stage-{self.stage}"
        if self.section:
            return f"section-{self.section}"
        return f"form-{self.key or 'details'}"


@dataclass
class CheckResult:
    form: object | None  # the Form (or Pathway) model when there are no errors
    errors: list[Located] = field(default_factory=list)
    warnings: list[Located] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.form is not None and not self.errors

    def for_field(self, field_id: str) -> list[Located]:
        return [p for p in self.errors + self.warnings if p.field == field_id]

    def for_section(self, section_id: str) -> list[Located]:
        return [p for p in self.errors + self.warnings if p.section == section_id and not p.field]

    def for_form(self) -> list[Located]:
        return [
            p for p in self.errors + self.warnings if not p.section and not p.stage and not p.item
        ]

    def for_item(self, noun: str, ident: str) -> list[Located]:
        return [p for p in self.errors + self.warnings if p.item == (noun, ident)]

    def for_stage(self, stage_id: str) -> list[Located]:
        return [p for p in self.errors + self.warnings if p.stage == stage_id]


def _steps(path: str) -> list[str | int]:
    return [name if name else int(index) for name, index in _STEP.findall(path or "")]


# A pathway's lists whose items have a place of their own on the stages page.
ITEMS = {
    "transitions": "transition",
    "triggers": "trigger",
    "events": "event",
    "parameters": "parameter",
}


def locate(doc: dict, problem: Problem) -> Located:
    """Turn `sections[0].fields[2].options` into (section id, field id, 'options')."""
    steps = _steps(problem.path)
    section = field = key = stage = item = None
    node: object = doc
    n = 0
    while n < len(steps):
        step = steps[n]
        child = None
        if isinstance(node, dict) and isinstance(step, str):
            child = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            child = node[step]
        if child is None:
            key = key or (step if isinstance(step, str) else None)
            break
        if isinstance(step, int) and isinstance(child, dict) and isinstance(child.get("id"), str):
            container = steps[n - 1] if n else None
            if container == "sections":
                section, key = child["id"], None
            elif container == "fields":
                field, key = child["id"], None
            elif container == "stages":
                stage, key = child["id"], None
            elif container in ITEMS and n == 1:
                item, key = (ITEMS[container], child["id"]), None
        elif isinstance(step, str) and key is None:
            key = step
        node = child
        n += 1
    return Located(problem, section, field, key, stage, item)


_QUOTED = re.compile(r"'([A-Za-z0-9_]+)'")


def _names(doc: dict) -> dict[str, str]:
    """Each id of the document with the words a person knows it by."""
    names: dict[str, str] = {}
    for section in doc.get("sections") or []:
        if isinstance(section, dict):
            names.setdefault(str(section.get("id")), section.get("title") or "")
            for f in section.get("fields") or []:
                if isinstance(f, dict):
                    names.setdefault(str(f.get("id")), f.get("label") or f.get("text") or "")
                    for inner in f.get("fields") or [] if isinstance(f.get("fields"), list) else []:
                        if isinstance(inner, dict):
                            names.setdefault(str(inner.get("id")), inner.get("label") or "")
    for key in ("stages", "events", "parameters"):
        for item in doc.get(key) or []:
            if isinstance(item, dict):
                words = item.get("title") or item.get("label") or item.get("description")
                names.setdefault(str(item.get("id")), words or "")
    return {k: v for k, v in names.items() if v}


def in_words(doc: dict, problem: Problem) -> Problem:
    """The problem with each quoted id of the document said by its label: the loader's
    messages name ids (right for `convivial check`), a working group reads labels."""
    names = _names(doc)

    def say(match: re.Match) -> str:
        name = names.get(match.group(1))
        return f"‘{name}’" if name else match.group(0)

    message = _QUOTED.sub(say, problem.message)
    return problem if message == problem.message else replace(problem, message=message)


def check(doc: dict, source: SourceDoc | None = None) -> CheckResult:
    """Every error and warning the loader reports, located in the editor. Pass the
    parsed YAML as `source` to keep line numbers (the YAML view)."""
    try:
        problems = form_problems(source or SourceDoc(data=doc, file=""), None)
    except DefinitionError as exc:  # limits refused before any other check
        problems = exc.problems
    located = [locate(doc, in_words(doc, p)) for p in problems]
    errors = [p for p in located if p.problem.is_error]
    warnings = [p for p in located if not p.problem.is_error]
    form = None
    if not errors:
        try:
            form = form_from_mapping(doc)
        except DefinitionError as exc:
            errors = [locate(doc, in_words(doc, p)) for p in exc.errors]
    return CheckResult(form, errors, warnings)


def check_pathway(doc: dict, forms: dict, source: SourceDoc | None = None) -> CheckResult:
    """As check(), for a pathway: `forms` maps form id -> Form (the published library)."""
    try:
        problems = pathway_problems(source or SourceDoc(data=doc, file=""), forms, None)
    except DefinitionError as exc:
        problems = exc.problems
    located = [locate(doc, in_words(doc, p)) for p in problems]
    errors = [p for p in located if p.problem.is_error]
    warnings = [p for p in located if not p.problem.is_error]
    model = None
    if not errors:
        try:
            model = pathway_from_mapping(doc, forms)
        except DefinitionError as exc:
            errors = [locate(doc, in_words(doc, p)) for p in exc.errors]
    return CheckResult(model, errors, warnings)

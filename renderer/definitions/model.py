"""Frozen, typed views of validated definitions.

The model is built only from data that passed the schema and cross-checks, so the
constructors here trust shapes. Rules stay JSON (dicts) because the evaluator and the
browser both consume JSON Logic as data; they are excluded from hashing and must not
be mutated. `source` keeps the validated mapping for the change engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .canonical import sha256_of


def _rule():
    """A JSON Logic rule attribute: compared, but not hashed (dicts are unhashable)."""
    return field(default=None, hash=False)


DEFAULT_MAX_LENGTH = {"text": 500, "long_text": 20000}
DEFAULT_MAX_ITEMS = {"danger_statement": 3}


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    hint: str | None = None
    # The family document's wording, where the practitioner's has to name a legal step.
    family_label: str | None = None

    def shown_to(self, family: bool) -> str:
        return self.family_label if family and self.family_label else self.label


@dataclass(frozen=True)
class Validation:
    rule: object = _rule()
    message: str = ""
    description: str | None = None


@dataclass(frozen=True)
class Field:
    id: str
    type: str
    label: str | None = None
    hint: str | None = None
    required: bool = False
    show_if: object = _rule()
    required_if: object = _rule()
    validations: tuple[Validation, ...] = ()
    share_with_family: bool = True
    family_label: str | None = None
    statutory: tuple[str, str] | None = None  # (return, item)
    prefill_note: str | None = None
    # The case fact this field holds (facts.py), and whether it records it, reads it or both.
    fact: str | None = None
    fact_use: str = "both"
    # type-specific properties; None where the type does not have them
    max_length: int | None = None
    pattern: str | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = False
    not_in_future: bool = False
    not_before_field: str | None = None
    options: tuple[Option, ...] = ()
    exclusive_option: str | None = None
    roles: tuple[str, ...] = ()
    multiple: bool = False
    fields: tuple[Field, ...] = ()
    item_label: str | None = None
    min_items: int | None = None
    max_items: int | None = None
    prompt: str | None = None
    anchors: tuple[str, str] | None = None  # (zero, ten)
    raters: tuple[str, ...] = ()
    safety_goal: str | None = None
    scale: str | None = None
    variant: str | None = None
    accept: tuple[str, ...] = ()
    max_mb: float | None = None
    calculation: object = _rule()
    format: str | None = None
    text: str | None = None

    @property
    def records_fact(self) -> str | None:
        return self.fact if self.fact_use in ("both", "records") else None

    @property
    def reads_fact(self) -> str | None:
        return self.fact if self.fact_use in ("both", "reads") else None

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    @classmethod
    def from_mapping(cls, m: dict) -> Field:
        t = m["type"]
        anchors = m.get("anchors")
        statutory = m.get("statutory")
        return cls(
            id=m["id"],
            type=t,
            label=m.get("label"),
            hint=m.get("hint"),
            required=m.get("required", False),
            show_if=m.get("show_if"),
            required_if=m.get("required_if"),
            validations=tuple(
                Validation(v["rule"], v["message"], v.get("description"))
                for v in m.get("validations", ())
            ),
            share_with_family=m.get("share_with_family", True),
            family_label=m.get("family_label"),
            statutory=(statutory["return"], statutory["item"]) if statutory else None,
            prefill_note=m.get("prefill_note"),
            fact=m.get("fact"),
            fact_use=m.get("fact_use", "both"),
            max_length=m.get("max_length", DEFAULT_MAX_LENGTH.get(t)),
            pattern=m.get("pattern"),
            min=m.get("min"),
            max=m.get("max"),
            integer=m.get("integer", False),
            not_in_future=m.get("not_in_future", False),
            not_before_field=m.get("not_before_field"),
            options=tuple(
                Option(o["id"], o["label"], o.get("hint"), o.get("family_label"))
                for o in m.get("options", ())
            ),
            exclusive_option=m.get("exclusive_option"),
            roles=tuple(m.get("roles", ())),
            multiple=m.get("multiple", False),
            fields=tuple(cls.from_mapping(f) for f in m.get("fields", ())),
            item_label=m.get("item_label"),
            min_items=m.get("min_items"),
            max_items=m.get("max_items", DEFAULT_MAX_ITEMS.get(t)),
            prompt=m.get("prompt"),
            anchors=(anchors["zero"], anchors["ten"]) if anchors else None,
            raters=tuple(m.get("raters", ())),
            safety_goal=m.get("safety_goal"),
            scale=m.get("scale"),
            variant=m.get("variant", "three_houses" if t == "childs_words" else None),
            accept=tuple(m.get("accept", ())),
            max_mb=m.get("max_mb", 10 if t == "file" else None),
            calculation=m.get("calculation"),
            format=m.get("format"),
            text=m.get("text"),
        )


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    fields: tuple[Field, ...]
    description: str | None = None


@dataclass(frozen=True)
class Output:
    title: str
    introduction: str | None = None
    template: str | None = None


@dataclass(frozen=True)
class Form:
    id: str
    version: int
    title: str
    purpose: str
    owner: str
    sections: tuple[Section, ...]
    summary_for_family: str | None = None
    authorisation_role: str | None = None
    output: Output | None = None
    # A case note type (kind: case_note) is a short form recorded outside any stage.
    kind: str = "form"
    # Whether a record on this form is a significant event unless the practitioner says
    # otherwise: statutory forms are, notes only where their type says so.
    significant: bool = True
    note_date: str | None = None
    visit_when: object = field(default=None, hash=False, compare=False)
    source: dict = field(default_factory=dict, hash=False, compare=False, repr=False)
    sha256: str = ""
    file: str = field(default="", compare=False)

    @classmethod
    def from_mapping(cls, m: dict, file: str = "") -> Form:
        out = m.get("output")
        return cls(
            id=m["id"],
            version=m["version"],
            title=m["title"],
            purpose=m["purpose"],
            owner=m["owner"],
            sections=tuple(
                Section(
                    s["id"],
                    s["title"],
                    tuple(Field.from_mapping(f) for f in s["fields"]),
                    s.get("description"),
                )
                for s in m["sections"]
            ),
            summary_for_family=m.get("summary_for_family"),
            authorisation_role=(m.get("authorisation") or {}).get("role"),
            output=Output(out["title"], out.get("introduction"), out.get("template"))
            if out
            else None,
            kind=m.get("kind", "form"),
            significant=m.get("significant", m.get("kind", "form") != "case_note"),
            note_date=m.get("note_date"),
            visit_when=m.get("visit_when"),
            source=m,
            sha256=sha256_of(m),
            file=file,
        )

    def all_fields(self) -> tuple[Field, ...]:
        """Every field in order, including those nested in repeating groups."""
        out: list[Field] = []
        for s in self.sections:
            for f in s.fields:
                out.append(f)
                out.extend(f.fields)
        return tuple(out)

    @cached_property
    def fields_by_id(self) -> dict[str, Field]:
        return {f.id: f for f in self.all_fields()}

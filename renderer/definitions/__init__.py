"""The definition language: pure Python, no Flask, SQLAlchemy or WTForms.

load_form / load_pathway raise DefinitionError (and nothing else) on bad input;
load_library and check_paths collect every problem instead of raising.
"""

from .canonical import canonical_json, sha256_of
from .check import CheckReport, check_paths
from .errors import CATALOGUE, DefinitionError, Problem
from .library_folder import LibraryResult, load_library
from .loader import (
    form_from_mapping,
    form_from_text,
    load_form,
    load_pathway,
    pathway_from_mapping,
)
from .model import Field, Form, Option, Output, Section, Validation
from .model_pathway import (
    Amount,
    DueRule,
    Event,
    Parameter,
    Pathway,
    Prefill,
    Stage,
    Task,
    Transition,
    Trigger,
)
from .schema_check import field_types

__all__ = [
    "CATALOGUE",
    "Amount",
    "CheckReport",
    "DefinitionError",
    "DueRule",
    "Event",
    "Field",
    "Form",
    "LibraryResult",
    "Option",
    "Output",
    "Parameter",
    "Pathway",
    "Prefill",
    "Problem",
    "Section",
    "Stage",
    "Task",
    "Transition",
    "Trigger",
    "Validation",
    "canonical_json",
    "field_types",
    "check_paths",
    "form_from_mapping",
    "form_from_text",
    "load_form",
    "load_library",
    "load_pathway",
    "pathway_from_mapping",
    "sha256_of",
]

"""The change engine: semantic diff, change sets, merge, bundles (pure Python).

Works on validated plain mappings (dicts), not on the frozen model. Imports only the
standard library, PyYAML, jsonschema and renderer.definitions (whose templates.py
is the output-template check; templates.py here keeps the engine's old call to it).
"""

from .addressing import AddressError, identity, index, kind_of
from .apply import ApplyError, apply_operation, apply_operations
from .bundle import LIMITS, Bundle, BundleRefused, export_bundle, read_bundle
from .change_log import Library, Published, publish
from .changeset import ChangeSetError, apply_changeset, check_changeset, make_changeset
from .decisions import Decision, change_id, earlier_decisions
from .describe import category, describe, describe_operation
from .diff import diff, same
from .importing import DefinitionImport, ImportPlan, plan_import, write_import
from .merge import Conflict, MergeResult, merge
from .source import DefinitionError, read_yaml, sha256_of
from .templates import template_problems

__all__ = [
    "LIMITS",
    "AddressError",
    "ApplyError",
    "Bundle",
    "BundleRefused",
    "ChangeSetError",
    "Conflict",
    "Decision",
    "DefinitionError",
    "DefinitionImport",
    "ImportPlan",
    "Library",
    "MergeResult",
    "Published",
    "apply_changeset",
    "apply_operation",
    "apply_operations",
    "category",
    "change_id",
    "check_changeset",
    "describe",
    "describe_operation",
    "diff",
    "earlier_decisions",
    "export_bundle",
    "identity",
    "index",
    "kind_of",
    "make_changeset",
    "merge",
    "plan_import",
    "publish",
    "read_bundle",
    "read_yaml",
    "same",
    "sha256_of",
    "template_problems",
    "write_import",
]

"""Change set and bundle manifest schemas, and every shipped change set."""

from pathlib import Path

import pytest

from renderer.definitions import check_paths
from renderer.definitions.schema_check import schema_problems
from renderer.definitions.yaml_source import parse_yaml, read_source

from .conftest import ROOT

SHA_A, SHA_B, SHA_C = "a" * 64, "b" * 64, "c" * 64
CHANGESET = f"""id: strategy_discussion-0002
target: {{kind: form, id: strategy_discussion}}
base: {{version: 1, sha256: {SHA_A}}}
result: {{version: 2, sha256: {SHA_B}}}
rationale: The working group wanted the family's words first.
author: A. Designer
council: North Tyneside
date: 2026-11-23
review: {{state: published, reviewers: [B. Reviewer]}}
links: [https://example.org/minutes]
operations:
  - {{op: add_field, section: reasons, after: concern_summary, field: {{id: x, type: text}}}}
"""

MANIFEST = f"""format: convivial-bundle/1
pathway: child_protection
council: North Tyneside
exported_at: 2026-11-23T07:00:00Z
files:
  - {{path: pathways/child_protection.yaml, sha256: {SHA_C}, bytes: 1234}}
"""


def codes(text, kind):
    return [p.code for p in schema_problems(parse_yaml(text, "x.yaml"), kind)]


def test_valid_changeset_and_manifest_pass():
    assert codes(CHANGESET, "changeset") == []
    assert codes(MANIFEST, "bundle") == []


@pytest.mark.parametrize(
    "old, new, code",
    [
        ("rationale:", "rationle:", "CV201"),
        ("sha256: " + "a" * 64, "sha256: abc", "CV208"),
        ("state: published", "state: done", "CV204"),
        ("date: 2026-11-23", "date: 23/11/2026", "CV205"),
        ("operations:\n  - {op: add_field", "operations:\n  - {opp: add_field", "CV202"),
    ],
)
def test_broken_changesets(old, new, code):
    assert old in CHANGESET
    assert code in codes(CHANGESET.replace(old, new), "changeset")


def test_broken_manifest():
    assert "CV204" in codes(MANIFEST.replace("convivial-bundle/1", "convivial-bundle/2"), "bundle")
    assert "CV205" in codes(MANIFEST.replace("pathways/child", "../etc/child"), "bundle")


def test_check_paths_checks_change_log_files(tmp_path):
    folder = tmp_path / "change_log" / "strategy_discussion"
    folder.mkdir(parents=True)
    (folder / "0002-family-words.yaml").write_text(CHANGESET.replace("rationale:", "why:"))
    report = check_paths([str(tmp_path / "change_log")])
    assert sorted((p.code, p.line) for p in report.errors) == [("CV201", 5), ("CV202", 1)]


SHIPPED = sorted((ROOT / "change_log").rglob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_changesets_pass_the_schema(path: Path):
    assert schema_problems(read_source(path), "changeset") == []

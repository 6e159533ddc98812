from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def shipped_form():
    """Copy one shipped form from form_library/ into a library folder; returns the path."""

    def copy(library: Path, form_id: str = "strategy_discussion") -> Path:
        target = library / "form_library" / f"{form_id}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "form_library" / f"{form_id}.yaml", target)
        return target

    return copy


CP_FORMS = [
    "child_and_family_assessment",
    "child_protection_visit",
    "contact_referral",
    "core_group_review",
    "home_visit",  # its visits complete the child protection visit stage
    "initial_child_protection_conference",
    "review_child_protection_conference",
    "section_47_enquiry",
    "social_work_report_to_conference",
    "strategy_discussion",
]


@pytest.fixture(scope="session")
def published_cp_library(tmp_path_factory):
    """The shipped child protection pathway and its forms, published as version 1."""
    from designer.changes.change_log import Library, publish

    root = tmp_path_factory.mktemp("shipped")
    (root / "form_library").mkdir()
    (root / "pathways").mkdir()
    for form_id in CP_FORMS:
        shutil.copyfile(
            ROOT / "form_library" / f"{form_id}.yaml", root / "form_library" / f"{form_id}.yaml"
        )
    shutil.copyfile(
        ROOT / "pathways" / "child_protection.yaml", root / "pathways" / "child_protection.yaml"
    )
    publish(Library(root), None, rationale="Shipped library", author="Convivial", date="2026-11-01")
    return root


@pytest.fixture
def council_library(published_cp_library, tmp_path):
    """A fresh copy of the published library for one council."""

    def make(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(published_cp_library, target)
        return target

    return make

"""Helpers for the screens tests: small forms built in code, rendering, HTML parsing."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest

from renderer.definitions import Form, form_from_mapping
from renderer.screens import compile_form, render_section, screens_environment

TODAY = date(2026, 11, 23)
PEOPLE = [("p1", "Alice Smith", "parent"), ("p2", "Bobby Smith", "child"), ("p3", "Dr Jones")]


def make_form(*fields: dict, form_id: str = "test_form", sections: list | None = None):
    """A loader-checked form with one section holding ``fields`` (or ``sections``)."""
    mapping = {
        "id": form_id,
        "version": 1,
        "title": "Test form",
        "purpose": "To test the screens.",
        "owner": "Tests",
        "sections": sections or [{"id": "main", "title": "Main", "fields": list(fields)}],
    }
    return form_from_mapping(mapping)


def raw_form(*fields: dict, form_id: str = "raw_form"):
    """A form built straight from the model, bypassing the loader's checks."""
    return Form.from_mapping(
        {
            "id": form_id,
            "version": 1,
            "title": "Raw",
            "purpose": "Testing.",
            "owner": "Tests",
            "sections": [{"id": "main", "title": "Main", "fields": list(fields)}],
        }
    )


def compiled(*fields: dict, **kwargs):
    return compile_form(make_form(*fields, **kwargs))


def html_of(c, section_id: str = "main", **bind_kwargs) -> str:
    bind_kwargs.setdefault("answers", {})
    bind_kwargs.setdefault("today", TODAY)
    return render_section(c.bind(section_id, **bind_kwargs))


class Page(HTMLParser):
    """Collects elements' attributes: inputs by name, every id, data-field wrappers."""

    def __init__(self, html: str):
        super().__init__()
        self.ids: list[str] = []
        self.inputs: list[dict] = []
        self.wrappers: dict[str, dict] = {}
        self.elements: list[tuple[str, dict]] = []
        self._textarea: dict | None = None
        self._select: dict | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])
        if tag in ("input", "textarea", "select"):
            entry = {"tag": tag, **a}
            self.inputs.append(entry)
            if tag == "textarea":
                entry["value"] = ""
                self._textarea = entry
            if tag == "select":
                self._select = entry
        if tag == "option" and self._select is not None and "selected" in a:
            self._select["value"] = a.get("value", "")
        if "data-field" in a and "data-item-field" not in a:
            self.wrappers[a["data-field"]] = a

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def names(self) -> set[str]:
        return {i["name"] for i in self.inputs if "name" in i}


def post_from_html(html: str) -> dict[str, list[str]]:
    """What a browser would post for the page as rendered (no clicks)."""
    page = Page(html)
    data: dict[str, list[str]] = {}
    for i in page.inputs:
        name = i.get("name")
        if not name:
            continue
        kind = i.get("type", "text")
        if kind in ("radio", "checkbox") and "checked" not in i:
            continue
        if kind == "file":
            continue
        value = i.get("value", "") or ""
        if i["tag"] == "textarea" and value.startswith("\n"):
            value = value[1:]  # the HTML parser drops a textarea's leading newline
        data.setdefault(name, []).append(value)
    return data


@pytest.fixture(scope="session")
def env():
    """One standalone Jinja environment (building one compiles the GOV.UK macros)."""
    return screens_environment()

"""The output-template check is part of the language: the loader refuses a form whose
template could escape the sandbox (CV310), at the YAML line of the template line."""

from __future__ import annotations

from pathlib import Path

import pytest

from renderer.definitions import DefinitionError, form_from_mapping, form_from_text, load_library
from renderer.definitions.loader import check_form_file
from renderer.definitions.serialise import dump_definition
from renderer.definitions.templates import (
    FILTERS,
    MAX_DEPTH,
    MAX_REPORTED,
    MAX_TEMPLATE_CHARS,
    TESTS,
    template_problems,
)
from renderer.definitions.yaml_source import read_source

from .conftest import ROOT

HEAD = """id: templated
version: 1
title: Templated
purpose: A form with its own output template.
owner: Tests
sections:
  - id: main
    title: Main
    fields:
      - id: child_name
        type: text
        label: Name
output:
  title: What we recorded
  template: |
    <h1>{{ document.title }}</h1>
"""
FIRST_TEMPLATE_LINE = HEAD.splitlines().index("    <h1>{{ document.title }}</h1>") + 1


def with_template_lines(*lines: str) -> str:
    """The form with these lines after the template's first line (template line 2 on)."""
    return HEAD + "".join(f"    {line}\n" for line in lines)


def refused(text: str, file: str = "templated.yaml"):
    with pytest.raises(DefinitionError) as info:
        form_from_text(text, file)
    return info.value.problems


# (template line 2, what the message says)
ESCAPES = [
    ("<p>{{ ''.__class__ }}</p>", "'__class__' starts with an underscore"),
    ("{{ answers.child_name.mro() }}", "'mro' is not allowed in a template"),
    ("{{ answers['__globals__'] }}", "'__globals__' starts with an underscore"),
    ("{{ self._TemplateReference__context }}", "'self' is not allowed"),
    ("{{ cycler }}", "'cycler' is not allowed"),
    ("{% for i in range(10) %}{{ i }}{% endfor %}", "'range' is not allowed"),
    ("{{ dict(a=1) }}", "'dict' is not allowed"),
    ("{{ document.title|attr('upper') }}", "the 'attr' filter is not available"),
    ("{{ '%s'|format(document.title) }}", "the 'format' filter is not available"),
    ("{{ document.title|safe }}", "the 'safe' filter is not available"),
    ("{% if document.title is callable %}x{% endif %}", "the 'callable' test is not available"),
    ("{% import 'macros.html' as m %}", "may not import, include or extend"),
    ("{% from 'macros.html' import box %}", "may not import, include or extend"),
    ("{% include 'secrets.html' %}", "may not import, include or extend"),
    ("{% extends 'base.html' %}", "may not import, include or extend"),
    ("{{ unclosed", "does not parse"),
]


@pytest.mark.parametrize(("line", "words"), ESCAPES, ids=[w for _, w in ESCAPES])
def test_an_unsafe_template_is_refused_at_its_line_in_the_yaml_file(line, words):
    problems = refused(with_template_lines("<p>Dear family,</p>", line))
    assert any(words in p.message for p in problems), [str(p) for p in problems]
    for p in problems:
        assert p.code == "CV310" and "(template line 3)" in p.message
        assert p.line == FIRST_TEMPLATE_LINE + 2  # the YAML line that holds template line 3
        assert p.column == 5  # the block's indentation
        assert p.path == "output.template" and p.file == "templated.yaml"
        assert p.fix.startswith("Either ")


def test_a_template_too_large_or_too_deep_is_refused():
    big = "x" * (MAX_TEMPLATE_CHARS + 1)
    (p,) = refused(with_template_lines(big))
    assert p.code == "CV310" and f"the limit is {MAX_TEMPLATE_CHARS}" in p.message
    assert p.line == HEAD.splitlines().index("  template: |") + 1  # no line: where it starts

    deep = "{% if a %}" * (MAX_DEPTH + 5) + "x" + "{% endif %}" * (MAX_DEPTH + 5)
    (p,) = refused(with_template_lines("<p>ok</p>", deep))
    assert p.code == "CV310" and "nested too deeply" in p.message
    assert p.line == FIRST_TEMPLATE_LINE + 2

    # deeper than Jinja's own parser can follow: still CV310, never the checker failing
    brackets = "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}"
    (p,) = refused(with_template_lines(brackets))
    assert p.code == "CV310" and "nested too deeply" in p.message


def test_each_problem_is_reported_up_to_a_limit():
    lines = [f"{{{{ x._{n} }}}}" for n in range(MAX_REPORTED + 5)]
    problems = refused(with_template_lines(*lines))
    assert [p.code for p in problems] == ["CV310"] * MAX_REPORTED
    assert [p.line for p in problems] == [
        FIRST_TEMPLATE_LINE + n for n in range(1, MAX_REPORTED + 1)
    ]
    assert "and 5 more problem(s)" in problems[-1].message


def test_a_template_written_on_one_line_points_at_that_line():
    text = HEAD.replace(
        "  template: |\n    <h1>{{ document.title }}</h1>\n",
        "  template: \"<h1>{{ document.title }}</h1>{{ ''.__class__ }}\"\n",
    )
    (p,) = refused(text)
    assert p.code == "CV310" and p.line == FIRST_TEMPLATE_LINE - 1 and p.column == 13


def test_a_form_built_in_code_is_checked_too_with_its_path():
    form = read_source_text(with_template_lines("{% include 'x' %}"))
    with pytest.raises(DefinitionError) as info:
        form_from_mapping(form)
    (p,) = info.value.problems
    assert (p.code, p.line, p.path) == ("CV310", 0, "output.template")


def read_source_text(text: str) -> dict:
    from renderer.definitions.yaml_source import parse_yaml

    return parse_yaml(text).data


def test_ordinary_templates_pass():
    text = with_template_lines(
        "{% for section in document.sections %}",
        "  <h2>{{ section.title|upper }}</h2>",
        "  {% for item in section.items if item.value is defined %}",
        "    <p>{{ loop.index }}. {{ item.label }}: {{ item.value|default('-') }}</p>",
        "  {% endfor %}",
        "{% endfor %}",
        "<p>{{ '2026-03-12'|date }}</p>",
    )
    assert form_from_text(text).output.template.startswith("<h1>")


def test_the_broken_example_files_cover_cv310():
    broken = sorted((Path(__file__).parent / "broken").glob("cv310_*.yaml"))
    assert len(broken) >= 2
    for path in broken:
        _model, problems = check_form_file(path)
        assert {p.code for p in problems} == {"CV310"}


def test_every_shipped_form_still_loads_clean():
    result = load_library([ROOT / "form_library"])
    assert result.errors == []
    assert not [p for p in result.warnings if p.code == "CV310"]


def test_every_shipped_form_loads_with_the_default_layout_as_its_template(tmp_path):
    """The layout every document uses is written for the same sandbox: as a council's
    own template it must pass the language's check, on every shipped form."""
    layout = (ROOT / "renderer" / "documents" / "templates" / "default.html").read_text()
    assert template_problems(layout) == []
    forms = sorted((ROOT / "form_library").glob("*.yaml"))
    assert forms
    for path in forms:
        data = read_source(path).data
        data.setdefault("output", {"title": data["title"]})["template"] = layout
        copy = tmp_path / path.name
        copy.write_text(dump_definition(data, "form"), encoding="utf-8")
        model, problems = check_form_file(copy)
        assert model is not None, [str(p) for p in problems if p.is_error]
        assert model.output.template == layout


def test_the_sandbox_provides_exactly_the_filters_and_tests_the_check_allows():
    from renderer.documents import filters

    assert set(filters.FILTERS) == FILTERS
    assert filters.TESTS == TESTS


def test_the_sandbox_and_the_change_engine_use_this_check():
    from designer.changes.templates import template_problems as engine_problems
    from renderer.documents import TemplateRefused
    from renderer.documents.sandbox import compile_template
    from renderer.documents.sandbox import template_problems as sandbox_problems

    assert sandbox_problems is template_problems
    for line, _words in ESCAPES:
        text = "<p>Dear family,</p>\n" + line
        assert engine_problems(text) == [str(p) for p in template_problems(text)]
        with pytest.raises(TemplateRefused) as info:
            compile_template(text)
        first = template_problems(text)[0]
        assert info.value.line == 2 and str(info.value).startswith(f"Line 2: {first.message}")

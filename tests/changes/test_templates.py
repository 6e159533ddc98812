from __future__ import annotations

import pytest

from designer.changes.templates import MAX_TEMPLATE_CHARS, template_problems


@pytest.mark.parametrize(
    "template",
    [
        None,
        "<h1>{{ form.title }}</h1>"
        "{% for f in answers %}<p>{{ f.label }}: {{ f.value }}</p>{% endfor %}",
        "{% if answers.decision == 'section_47' %}We will make enquiries.{% endif %}",
    ],
)
def test_ordinary_templates_pass(template):
    assert template_problems(template) == []


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("{{ ''.__class__.__mro__ }}", "'__class__' starts with an underscore"),
        ("{{ x['__globals__'] }}", "'__globals__' starts with an underscore"),
        ("{{ self._TemplateReference__context }}", "'self' is not allowed"),
        ("{{ cycler.__init__.__globals__.os }}", "'cycler' is not allowed"),
        ("{{ x|attr('__class__') }}", "'attr' filter is not allowed"),
        ("{{ '{0.__class__}'.format(x) }}", "'format' is not allowed"),
        ("{% include 'secrets.html' %}", "may not import, include or extend"),
        ("{% import 'm.html' as m %}", "may not import, include or extend"),
        ("{% extends 'base.html' %}", "may not import, include or extend"),
        ("{{ unclosed ", "does not parse"),
        ("x" * (MAX_TEMPLATE_CHARS + 1), "the limit is"),
        (42, "must be text"),
    ],
)
def test_unsafe_templates_are_refused(template, reason):
    problems = template_problems(template)
    assert problems and any(reason in p for p in problems), problems

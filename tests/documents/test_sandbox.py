"""Templates from another council: what they may do, and what is refused or stopped."""

from __future__ import annotations

import time

import pytest

from designer.changes.templates import template_problems as bundle_template_problems
from renderer.documents import Person, TemplateRefused, make_document, template_problems
from renderer.documents.sandbox import compile_template, render

DATA = {"name": "<b>Ruby</b>", "items": list(range(100)), "key": "__class__", "long": "x" * 100_000}


def run(text: str, data: dict | None = None) -> str:
    return render(compile_template(text), {**DATA, **(data or {})})


def refused(text: str) -> TemplateRefused:
    with pytest.raises(TemplateRefused) as caught:
        run(text)
    return caught.value


def test_a_template_reads_data_autoescaped_with_the_safe_filters():
    out = run(
        "{{ name }} {{ items|length }} {{ '2026-03-12'|date }} {{ 'a\n\nb'|paragraphs }}"
        "{% for i in items if i < 3 %}[{{ loop.index }}:{{ i }}]{% endfor %}"
    )
    assert out == ("&lt;b&gt;Ruby&lt;/b&gt; 100 12 March 2026 <p>a</p><p>b</p>[1:0][2:1][3:2]")


ESCAPES = {
    "{{ ''.__class__.__mro__ }}": "'__mro__' starts with an underscore",
    "{{ self._TemplateReference__context }}": "'_TemplateReference__context' starts with",
    "{% for i in range(10**9) %}x{% endfor %}": "'range' is not allowed",
    "{{ lipsum.__globals__ }}": "'__globals__' starts with an underscore",
    "{{ cycler.__init__.__globals__.os }}": "'__globals__' starts with an underscore",
    "{{ joiner }}": "'joiner' is not allowed",
    "{% set ns = namespace(x=1) %}": "'namespace' is not allowed",
    "{{ name|attr('__class__') }}": "the 'attr' filter is not available",
    "{{ '{0.__class__}'.format(name) }}": "'format' is not allowed",
    "{% include 'secrets.txt' %}": "may not import, include or extend",
    "{% import 'x' as y %}": "may not import, include or extend",
    "{{ name['__class__'] }}": "'__class__' starts with an underscore",
    "{{ config }}": "'config' is not allowed",
}


@pytest.mark.parametrize("text", ESCAPES)
def test_escape_attempts_are_refused_before_running_naming_the_line(text):
    problem = refused("<p>Line one</p>\n" + text)
    assert ESCAPES[text] in str(problem)
    assert problem.line == 2 and str(problem).startswith("Line 2: ")


def test_we_refuse_everything_the_bundle_import_check_refuses():
    for text in ESCAPES:
        if bundle_template_problems(text):
            assert template_problems(text), text


RUNTIME = {
    "{{ name[key] }}": "'__class__' of a str is not available",
    "{{ items.pop() }}": "'pop' of a list is not available",
    "{{ name.center(100000000) }}": "'center' of a str is not available",
    "{{ 'a' * 1000000000 }}": "would build a value of 1,000,000,000 characters",
    "{{ '%999999999d' % 1 }}": "'%' formatting of text is not allowed",
    "{{ 9 ** 999999 }}": "that power is too large",
    "{{ items|join(long) }}": "the limit is 1,000,000",
    "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}": "calls itself too deeply",
    "{% for a in items %}{% for b in items %}{% for c in items %}{% endfor %}{% endfor %}"
    "{% endfor %}": "loops ran more than 20,000 times",
    "{% for a in items %}{% set b %}{% for c in items %}{{ long }}{% endfor %}{% endset %}"
    "{% endfor %}": "would be more than 2,000,000 characters",
}


@pytest.mark.parametrize("text", RUNTIME)
def test_runtime_abuse_is_stopped_with_a_clear_message(text):
    problem = refused(text)
    assert RUNTIME[text] in str(problem)
    assert problem.line == 1


def test_doubling_through_a_macro_is_stopped_by_size():
    problem = refused(
        "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s|length }}"
        "{% endif %}{% endmacro %}\n{{ d('aaaaaaaaaa', 60) }}"
    )
    assert "the limit is 1,000,000" in str(problem)


def test_a_template_that_would_run_for_ever_is_stopped_at_the_deadline():
    text = (
        "{% macro m(x) %}{% if x %}{{ m(x[1:]) }}{{ m(x[1:]) }}{% endif %}{% endmacro %}\n"
        "{{ m('" + "a" * 60 + "') }}"
    )
    started = time.monotonic()
    with pytest.raises(TemplateRefused) as caught:
        render(compile_template(text), DATA, seconds=0.5)
    # 2**60 calls would never finish: stopping at all is what matters, so the bound is
    # generous enough for a loaded CI machine.
    assert time.monotonic() - started < 30
    assert "took longer than 0.5 seconds" in str(caught.value)


def test_undefined_and_kept_out_answers_print_as_nothing():
    assert run("[{{ answers.police_notes.text }}]", {"answers": {}}) == "[]"


class _Form:
    """A stand-in for a form whose template is the one under test."""

    def __init__(self, template):
        from renderer.definitions import Form

        base = Form.from_mapping(
            {
                "id": "t",
                "version": 1,
                "title": "T",
                "purpose": "P",
                "owner": "O",
                "sections": [
                    {
                        "id": "s",
                        "title": "S",
                        "fields": [
                            {"id": "said", "type": "long_text", "label": "Said"},
                            {
                                "id": "secret",
                                "type": "long_text",
                                "label": "Secret",
                                "share_with_family": False,
                            },
                        ],
                    }
                ],
                "output": {"title": "Out", "template": template},
            }
        )
        self.form = base


def test_a_council_template_cannot_reach_professional_only_answers_in_the_family_version():
    template = (
        "{% for s in document.sections %}{% for f in s.fields %}{{ f.text }}|{% endfor %}"
        "{% endfor %}{{ document.answers.secret.text }}<script>alert(1)</script>"
        '<img src="http://evil.example/x.png"><a href="https://x.example">link</a>'
    )
    form = _Form(template).form
    answers = {"said": "Hello", "secret": "SECRETWORD"}
    people = [Person("1", "Ruby Lane", "Child")]
    family = make_document(form, answers, people, audience="family")
    professional = make_document(form, answers, people, audience="professional")
    assert "Hello" in family.body and "SECRETWORD" not in family.html
    assert "SECRETWORD" in professional.body
    for dropped in ("<script", "alert(1)", "<img", "evil.example", "href"):
        assert dropped not in family.html
    assert "link" in family.body


def test_a_refused_council_template_names_its_line_in_make_document():
    form = _Form("<h2>Our letter</h2>\n\n{{ ''.__class__ }}").form
    with pytest.raises(TemplateRefused, match=r"^Line 3: '__class__' starts with an underscore"):
        make_document(form, {}, [], audience="family")

"""The app's Jinja environment gives a template's globals a key set that Jinja can
subtract in C (casework/templating.py): what a page sees is what Jinja's own ChainMap
gives, imported macros included, and a global added after a template is loaded is still
seen."""

from __future__ import annotations

from collections import ChainMap

from flask.templating import Environment
from jinja2 import DictLoader

from casework.templating import ConvivialEnvironment, TemplateGlobals

TEMPLATES = {
    "macros.html": "{% macro shout() %}{{ greeting }} {{ who | default('nobody') }}!{% endmacro %}",
    "page.html": "{% from 'macros.html' import shout %}{{ shout() }} {{ late | default('-') }}",
}


def _scenario(app, environment_class) -> list[str]:
    env = environment_class(app, loader=DictLoader(TEMPLATES))
    env.globals["greeting"] = "hello"
    seen = [env.get_template("page.html").render()]
    # A template's own globals reach the macros it imports (Jinja makes a new module).
    seen.append(env.get_template("page.html", globals={"who": "page"}).render())
    # An environment global added once templates are loaded is still seen by them.
    env.globals["late"] = "late"
    seen.append(env.get_template("page.html").render())
    seen.append(env.get_template("macros.html").module.shout())
    return [str(s) for s in seen]


def test_pages_and_imported_macros_see_the_same_globals_as_with_jinjas_own(app):
    ours = _scenario(app, ConvivialEnvironment)
    assert ours == _scenario(app, Environment)
    assert ours == ["hello nobody! -", "hello page! -", "hello page! late", "hello nobody!"]


def test_the_app_renders_with_this_environment(app):
    assert isinstance(app.jinja_env, ConvivialEnvironment)
    template = app.jinja_env.get_template("base.html")
    assert isinstance(template.globals, TemplateGlobals)
    assert list(template.globals.keys()) == list(ChainMap(*template.globals.maps).keys())


def test_the_keys_are_those_of_every_layer_live():
    own, shared = {"a": 1}, {"b": 2, "a": 0}
    chained = TemplateGlobals(own, shared)
    assert {"a", "b", "c"} - chained.keys() == {"c"}
    shared["c"] = 3
    assert {"a", "b", "c"} - chained.keys() == set()
    assert list(chained.keys()) == list(ChainMap(own, shared).keys())

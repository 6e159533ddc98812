"""Jinja wiring: the loader for ``screens/*.html`` and a standalone environment.

The Flask app adds ``template_loader()`` to its ChoiceLoader (templates are named
``screens/section.html``); govuk-frontend-jinja must be reachable under the prefix
``govuk_frontend_jinja/`` (casework already does this).
"""

from __future__ import annotations

from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, select_autoescape

from .shown import ShownCache
from .whitespace import compact


def template_loader() -> PackageLoader:
    """Loads ``screens/section.html`` (this package's ``templates/screens/``)."""
    return PackageLoader("renderer.screens", "templates")


def screens_environment() -> Environment:
    """A Jinja environment like the app's, for tests, benchmarks and documents."""
    env = Environment(
        loader=ChoiceLoader(
            [
                template_loader(),
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["screens_component"] = component_renderer(env)
    env.globals["screens_fields"] = fields_renderer()
    env.globals["screens_shown"] = ShownCache()
    return env


_default: list[Environment] = []


def _environment(env: Environment | None) -> Environment:
    if env is not None:
        return env
    if not _default:
        _default.append(screens_environment())
    return _default[0]


def _render(env: Environment | None, macro: str, **context) -> str:
    module = _environment(env).get_template("screens/section.html").module
    return str(getattr(module, macro)(*context.values()))


def render_section(bound, *, env: Environment | None = None) -> str:
    """The HTML of ``section_fields(bound)`` (no <form> element), outside Flask."""
    return _render(env, "section_fields", bound=bound)


def render_error_summary(errors: dict, *, env: Environment | None = None) -> str:
    """The HTML of ``error_summary(errors)`` for ``compiled.check()`` output."""
    return _render(env, "error_summary", errors=errors)


# GOV.UK Frontend's component macros are pure functions of their parameters, and they
# are most of the cost of a section page (a scale with six raters is 66 radios). Their
# HTML is cached by the exact parameters: the same inputs give byte-identical output.
COMPONENTS = {
    "govukInput": "input",
    "govukTextarea": "textarea",
    "govukCharacterCount": "character-count",
    "govukRadios": "radios",
    "govukCheckboxes": "checkboxes",
    "govukSelect": "select",
    "govukDateInput": "date-input",
    "govukFileUpload": "file-upload",
    "govukInsetText": "inset-text",
    "govukServiceNavigation": "service-navigation",  # the page header (casework/templating.py)
}
COMPONENT_CACHE_SIZE = 4096


def component_renderer(env: Environment):
    """A ``screens_component(name, params)`` global for ``env`` with a bounded cache."""
    import pickle
    from functools import lru_cache

    from markupsafe import Markup

    @lru_cache(maxsize=COMPONENT_CACHE_SIZE)
    def _render_cached(name: str, blob: bytes) -> str:
        macro_file = f"govuk_frontend_jinja/components/{COMPONENTS[name]}/macro.html"
        module = env.get_template(macro_file).module
        return str(getattr(module, name)(pickle.loads(blob)))  # noqa: S301 - our own bytes

    def screens_component(name: str, params: dict) -> Markup:
        # pickle tells Markup from plain text, so escaped and unescaped values never share
        # a cache entry.
        return Markup(_render_cached(name, pickle.dumps(params)))  # noqa: S704 - macro output

    screens_component.cache_info = _render_cached.cache_info
    return screens_component


# A section's fields are, in turn, a pure function of its widget tree: the same section
# shown again with the same answers (a page reopened, the same empty section for every new
# record) is the same HTML. The tree is keyed whole, so any change to any answer, error,
# hint or visibility is a different key; entries hold a page's fields' markup, so the
# cache is small. Each entry is stored without the macros' indentation (whitespace.py):
# it is rendered once and sent many times.
FIELDS_CACHE_SIZE = 128


def fields_renderer():
    """A ``screens_fields(widgets, render_widget)`` global: ``render_widget`` (the macro)
    applied to each widget in turn, joined, compacted, from a bounded cache."""
    import pickle
    import threading
    from collections import OrderedDict

    from markupsafe import Markup

    cache: OrderedDict[bytes, str] = OrderedDict()
    lock = threading.Lock()

    def screens_fields(widgets: list, render_widget) -> Markup:
        key = pickle.dumps(widgets)  # Markup and str differ in a pickle, as they must here
        with lock:
            html = cache.get(key)
            if html is not None:
                cache.move_to_end(key)
        if html is None:
            html = compact("".join(str(render_widget(widget)) for widget in widgets))
            with lock:
                cache[key] = html
                while len(cache) > FIELDS_CACHE_SIZE:
                    cache.popitem(last=False)
        return Markup(html)  # noqa: S704 - the macro's own (escaped) output

    screens_fields.cache = cache
    return screens_fields

"""Jinja wiring: the loader for ``screens/*.html`` and a standalone environment.

The Flask app adds ``template_loader()`` to its ChoiceLoader (templates are named
``screens/section.html``); govuk-frontend-jinja must be reachable under the prefix
``govuk_frontend_jinja/`` (casework already does this).
"""

from __future__ import annotations

from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, select_autoescape


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

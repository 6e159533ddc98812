"""The app's Jinja environment: Flask's, with a template's globals that Jinja can
compare in C.

Every ``{% from ... import ... %}`` (GOV.UK's page template and our layout import ten
macros a page) runs Jinja's ``Template._get_default_module``, which subtracts the
template's globals' keys from the rendering context's: ``ctx.globals_keys -
template.globals.keys()``. A template's globals are a ``collections.ChainMap`` of its own
over the environment's, and a ChainMap's keys view answers that subtraction one ``in`` at
a time in Python: about 180 lookups a section page. Here the keys come as a plain dict's
view of the same keys, worked out on each call, so the subtraction runs in C and what it
gives is unchanged (changes to the environment's globals are still seen, as with
Jinja's own ChainMap).
"""

from __future__ import annotations

from collections import ChainMap

from flask import Flask
from flask.templating import Environment
from markupsafe import Markup

from renderer.screens.templating import component_renderer


class TemplateGlobals(ChainMap):
    """Jinja's ChainMap of a template's globals over the environment's, whose ``keys()``
    is a dict's keys view (set operations in C), in ChainMap's own order."""

    def keys(self):
        merged: dict = {}
        for mapping in reversed(self.maps):
            merged.update(mapping)
        return merged.keys()


class ConvivialEnvironment(Environment):
    def make_globals(self, d):
        return TemplateGlobals({} if d is None else d, self.globals)


class ConvivialFlask(Flask):
    jinja_environment = ConvivialEnvironment


# The header's service navigation is the same on every page a person of one role sees at
# one place in the service, but for the account links at its end, which name the person
# and carry the page's CSRF token. GOV.UK's macro is drawn once for each set of the other
# parameters, with a marker where those links go (the macro writes that slot as given),
# and each page's links are put in the marker's place: the same HTML as the macro's
# (it marks the slot `safe`, so a plain-text marker is written as given too).
ACCOUNT_SLOT = "<!--convivial-account-links-->"
NAVIGATION_MACRO = "govuk_frontend_jinja/components/service-navigation/macro.html"


def service_navigation_renderer(env):
    """A ``service_navigation(params)`` global: ``govukServiceNavigation(params)``, drawn
    through the screens' cache of GOV.UK components (keyed by the exact parameters)."""
    screens_component = component_renderer(env)

    def service_navigation(params: dict) -> Markup:
        slots = params.get("slots") or {}
        links = slots.get("navigationEnd")
        if links:  # as the macro tests it: an empty slot draws no <nav> of its own
            params = {**params, "slots": {**slots, "navigationEnd": ACCOUNT_SLOT}}
        html = str(screens_component("govukServiceNavigation", params))
        if links:
            html = html.replace(ACCOUNT_SLOT, str(links), 1)
        return Markup(html)  # noqa: S704 - the macro's own (escaped) output

    service_navigation.cache_info = screens_component.cache_info
    return service_navigation

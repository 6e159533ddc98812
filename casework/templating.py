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

"""casework/templating.py: the app's Jinja environment gives a template's globals a key
set that Jinja can subtract in C (what a page sees is what Jinja's own ChainMap gives,
imported macros included, and a global added after a template is loaded is still seen);
the header's service navigation is drawn once per parameters, the person's own links put
in afterwards (the same HTML as GOV.UK's macro, never another person's links)."""

from __future__ import annotations

from collections import ChainMap

import pytest
from flask.templating import Environment
from jinja2 import DictLoader
from markupsafe import Markup

from casework.extensions import db
from casework.models import User
from casework.templating import (
    ACCOUNT_SLOT,
    NAVIGATION_MACRO,
    ConvivialEnvironment,
    TemplateGlobals,
    service_navigation_renderer,
)

from .conftest import csrf_from, sign_out

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


LINKS = Markup('<li class="govuk-service-navigation__item">Pat &amp; co</li>')
NAVIGATIONS = [
    # signed in: items (one active) and the account links
    {
        "serviceName": "Convivial",
        "serviceUrl": "/",
        "navigation": [
            {"text": "Your work", "href": "/", "active": True},
            {"text": "Cases", "href": "/cases", "active": False},
        ],
        "navigationLabel": "Main menu",
        "slots": {"navigationEnd": LINKS},
    },
    # signed out: no items, an empty slot (no <nav> at all)
    {
        "serviceName": "Convivial",
        "serviceUrl": "/sign-in",
        "navigation": [],
        "navigationLabel": "Main menu",
        "slots": {"navigationEnd": Markup("")},
    },
    # only whitespace in the slot (still a <nav>), and text needing escapes
    {
        "serviceName": "Children's <services>",
        "serviceUrl": "/?a=1&b=2",
        "navigation": [{"text": "<Cases>", "href": "/cases", "active": False}],
        "slots": {"navigationEnd": Markup("\n  ")},
    },
    # the marker's own text in the person's links is written as it comes
    {"serviceName": "Convivial", "slots": {"navigationEnd": Markup(ACCOUNT_SLOT + "<li>x</li>")}},
]


@pytest.mark.parametrize("params", NAVIGATIONS)
def test_the_service_navigation_is_govuks_macro_html(app, params):
    navigation = service_navigation_renderer(app.jinja_env)
    macro = app.jinja_env.get_template(NAVIGATION_MACRO).module.govukServiceNavigation
    expected = str(macro(params))
    for _ in range(2):  # drawn, then from the cache
        drawn = navigation(params)
        assert isinstance(drawn, Markup)
        assert str(drawn) == expected
    assert navigation.cache_info().hits == 1


def test_other_links_never_come_from_the_cache(app):
    navigation = service_navigation_renderer(app.jinja_env)
    first = {**NAVIGATIONS[0], "slots": {"navigationEnd": Markup("<li>Pat Okafor token-1</li>")}}
    second = {**NAVIGATIONS[0], "slots": {"navigationEnd": Markup("<li>Sam Whitley token-2</li>")}}
    assert "Pat Okafor token-1" in navigation(first)
    shown = navigation(second)
    assert navigation.cache_info().hits == 1
    assert "Sam Whitley token-2" in shown
    assert "Pat" not in shown and "token-1" not in shown
    assert ACCOUNT_SLOT not in shown


def _header(html: str) -> str:
    return html[html.index('<header class="convivial-header"') : html.index("</header>")]


def test_each_person_sees_their_own_header(app, client, sign_in):
    with app.app_context():
        db.session.execute(
            db.update(User).where(User.username == "sam").values(full_name="Sam <b>" + ACCOUNT_SLOT)
        )
        db.session.commit()
    headers = {}
    for username in ("pat", "mo", "sam", "pat"):
        sign_in(username)
        page = client.get("/").get_data(as_text=True)
        headers.setdefault(username, []).append(_header(page))
        sign_out(client)
    pat, mo, sam = headers["pat"][0], headers["mo"][0], headers["sam"][0]
    assert "Pat Okafor · Practitioner" in pat and "Caseloads" not in pat
    assert "Mo Hassan" in mo and "Caseloads" in mo and "Pat Okafor" not in mo
    assert "Sam &lt;b&gt;&lt;!--convivial-account-links--&gt;" in sam
    assert "Pat Okafor" not in sam and ACCOUNT_SLOT not in sam
    # the sign-out form carries the session's own token, not a cached one
    assert csrf_from(headers["pat"][0]) != csrf_from(headers["pat"][1])
    signed_out = _header(client.get("/signed-out").get_data(as_text=True))
    assert "Sign out" not in signed_out and "<nav" not in signed_out

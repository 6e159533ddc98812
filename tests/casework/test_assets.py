"""Static files: content-hashed names, cached for good, compressed; and each recording page
loads only the scripts it uses. Needs the built assets (`make setup`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.casework.test_recording import _open_case, _start, mini  # noqa: F401 - fixture

STATIC = re.compile(r"""(?:src|href)="(/static/[^"]+)\"""")
IN_FILES = re.compile(r"""(?:url\(|["'])(/static/[^"')]+)""")
HASHED = re.compile(r"\.[0-9a-f]{12}\.[a-z0-9]+$")
COMPRESSIBLE = re.compile(r"\.(m?js|css|svg|json)$")
ACCEPT = {"Accept-Encoding": "br, gzip"}


def _record(app, client, sign_in) -> int:
    sign_in("pat")
    return _start(app, client, _open_case(client), "first_visit")


def _static_urls(client, html: str) -> dict[str, object]:
    """Every static file the page names, and every one those files name, fetched."""
    fetched = {}
    pending = STATIC.findall(html)
    while pending:
        url = pending.pop()
        if url in fetched:
            continue
        fetched[url] = response = client.get(url, headers=ACCEPT)
        if re.search(r"\.(m?js|css)$", url):
            # the identity copy, to read what it names
            with client.get(url) as identity:
                pending.extend(IN_FILES.findall(identity.get_data(as_text=True)))
        response.close()
    return fetched


@pytest.mark.usefixtures("mini")
def test_every_static_url_in_a_recording_page_is_hashed_immutable_and_compressed(
    app, client, sign_in
):
    url = f"/records/{_record(app, client, sign_in)}/sections/visit"
    # the page itself: compressed, and still never stored
    page = client.get(url, headers=ACCEPT)
    assert page.headers["Content-Encoding"] in {"br", "gzip"}
    assert "no-store" in page.headers["Cache-Control"]
    fetched = _static_urls(client, client.get(url).get_data(as_text=True))
    assert any(url.endswith(".mjs") for url in fetched)
    assert any(url.endswith(".css") for url in fetched)
    for url, response in fetched.items():
        assert HASHED.search(url), f"{url} carries no content hash"
        assert response.status_code == 200, url
        cache = response.headers.get("Cache-Control", "")
        assert "immutable" in cache, (url, cache)
        assert "Access-Control-Allow-Origin" not in response.headers, url  # ours alone
        assert int(re.search(r"max-age=(\d+)", cache).group(1)) >= 365 * 24 * 3600, url
        if COMPRESSIBLE.search(url):
            assert response.headers.get("Content-Encoding") in {"br", "gzip"}, url


def _scripts(html: str) -> tuple[list[str], list[str]]:
    """The scripts a page runs (its own module, run once it is parsed, and classic ones),
    and those plus every module it fetches ahead."""
    scripts = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", html)
    scripts += re.findall(r'<script nonce="[^"]+" data-page-script="([^"]+)"', html)
    preloads = re.findall(r'rel="modulepreload" href="([^"]+)"', html)
    return scripts, scripts + [p for p in preloads if p not in scripts]


@pytest.mark.usefixtures("mini")
def test_a_recording_page_loads_no_script_it_does_not_use(app, client, sign_in):
    record_id = _record(app, client, sign_in)
    # "visit" shows a question only when the child was not seen: a live rule
    visit = client.get(f"/records/{record_id}/sections/visit").get_data(as_text=True)
    assert "data-show-if" in visit
    assert any("/dist/h/logic." in s for s in _scripts(visit)[0])
    assert any("/js/rules." in s for s in _scripts(visit)[1])
    html = client.get(f"/records/{record_id}/sections/decision").get_data(as_text=True)
    scripts, named = _scripts(html)
    # one script for the page (recording.mjs, bundled with app.mjs, autosave and the
    # rest it imports), and nothing named twice
    assert [s for s in scripts if "/js/recording." in s]
    assert not any("/js/app." in s for s in scripts)
    assert len(named) == len(set(named))
    with client.get(next(s for s in scripts if "/js/recording." in s)) as served:
        bundle = served.get_data(as_text=True)
    for part in ("govuk-frontend-supported", "convivial:time", "form[data-autosave]"):
        assert part in bundle, part  # GOV.UK Frontend, time spent, autosave
    # no MOJ component on this page: MOJ Frontend is not loaded (it is imported on
    # demand by pages with one); this section has no live rule: no json-logic-js
    assert "moj-frontend" not in html
    assert 'data-module="moj-' not in html
    assert "data-show-if" not in html and "data-calculation" not in html
    assert "logic." not in " ".join(named)
    assert "/js/rules." not in " ".join(named)
    # and nothing blocks in <head>: every classic script is deferred
    head = html.split("</head>", 1)[0]
    for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", head):
        assert 'type="module"' in tag or " defer" in tag, tag


def _rule_in_parameters(widgets) -> bool:
    """The rule attributes, found the slow way: every widget's parameters, its form group's
    and its parts' (a scale's or a safety plan's)."""
    names = ("data-show-if", "data-required-if", "data-calculation")
    return any(
        any(n in w.params.get("attributes", {}) for n in names)
        or any(n in (w.params.get("formGroup") or {}).get("attributes", {}) for n in names)
        or _rule_in_parameters(w.children)
        for w in widgets
    )


def test_json_logic_is_loaded_on_every_shipped_section_with_a_live_rule():
    # A scale's parts carry required-ifs of their own: the page decides from what it
    # renders, so no live rule is ever left without json-logic-js.
    from casework.records.section_page import live_rules
    from renderer.definitions.loader import load_form
    from renderer.screens import compile_form
    from renderer.screens.templating import render_section

    library = Path(__file__).resolve().parents[2] / "form_library"
    live = quiet = 0
    for path in sorted(library.glob("*.yaml")):
        compiled = compile_form(load_form(path))
        for section in compiled.sections:
            bound = compiled.bind(section.id, answers={})
            found = live_rules(render_section(bound))
            assert found == _rule_in_parameters(bound.widgets), (path.name, section.id)
            live += found
            quiet += not found
    assert live and quiet  # some do, some do not


def test_an_answer_that_quotes_a_rule_attribute_does_not_load_json_logic():
    from casework.records.section_page import live_rules
    from renderer.definitions.loader import load_form
    from renderer.screens import compile_form
    from renderer.screens.templating import render_section

    library = Path(__file__).resolve().parents[2] / "form_library"
    for path in sorted(library.glob("*.yaml")):
        compiled = compile_form(load_form(path))
        for section in compiled.sections:
            fields = (compiled.fields_by_id[f] for f in section.field_ids)
            text = next((f.id for f in fields if f.type in {"text", "long_text"}), None)
            bound = compiled.bind(section.id, answers={})
            if text is None or _rule_in_parameters(bound.widgets):
                continue
            forged = ' data-show-if="{}" data-calculation="1"'
            html = render_section(compiled.bind(section.id, answers={text: forged}))
            assert "data-show-if" in html  # the answer is on the page, escaped
            assert not live_rules(html), (path.name, section.id)
            return
    raise AssertionError("no shipped section without rules has a text question")

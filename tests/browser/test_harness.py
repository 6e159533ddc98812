"""The harness's own checks must be able to fail: each is shown a page that breaks it."""

from __future__ import annotations

import pytest

from .axe import assert_accessible
from .helpers import brand_problems, horizontal_overflow, parse_demo_output

GOOD_PAGE = """<!doctype html><html lang="en"><head><title>Fine</title></head>
<body><main><h1>Fine</h1><p>Nothing wrong here.</p></main></body></html>"""


def test_axe_passes_a_good_page_and_names_what_is_wrong_with_a_bad_one(page):
    page.set_content(GOOD_PAGE)
    assert_accessible(page)

    page.set_content(
        """<!doctype html><html lang="en"><head><title>Broken</title></head><body><main>
        <h1>Broken</h1><img id="photo" src="data:,"><button class="icon"></button>
        <p style="color:#aaa;background:#fff">Faint text</p></main></body></html>"""
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    message = str(failure.value)
    for expected in ("image-alt", "button-name", "color-contrast", "critical", "#photo"):
        assert expected in message, message
    assert "https://dequeuniversity.com/rules/axe/" in message


def test_horizontal_overflow_sees_a_wide_page_but_not_a_scrolling_table(new_context):
    page = new_context(viewport={"width": 360, "height": 640}).new_page()
    page.set_content('<body style="margin:0"><div id="wide" style="width:600px">x</div></body>')
    problems = horizontal_overflow(page)
    assert problems and "div#wide" in " ".join(problems), problems

    page.set_content(
        '<body style="margin:0"><div style="overflow-x:auto">'
        '<table style="width:600px"><tr><td>x</td></tr></table></div></body>'
    )
    assert horizontal_overflow(page) == []


def test_brand_problems_sees_a_crown_and_gds_transport(page):
    page.set_content(GOOD_PAGE)
    assert brand_problems(page) == []
    page.set_content(
        "<body style=\"font-family: 'GDS Transport', arial\"><header>"
        '<svg class="govuk-logo" role="img"></svg></header>'
        '<img src="/assets/images/govuk-crest.svg" alt=""></body>'
    )
    problems = " ".join(brand_problems(page))
    assert ".govuk-logo" in problems
    assert "GDS Transport" in problems
    assert "govuk-crest.svg" in problems


def test_demo_output_is_read_per_role():
    users = parse_demo_output(
        "Demo sign-ins (password for all: s3cret-pass):\n"
        "  pat    practitioner   Pat Okafor\n"
        "  sam    practitioner   Sam Whitley\n"
        "  mo     team_manager   Mo Hassan\n"
    )
    assert users["practitioner"].username == "pat"  # the first of each role
    assert users["practitioner"].password == "s3cret-pass"
    assert users["team_manager"].name == "Mo Hassan"
    assert set(users) == {"practitioner", "team_manager"}

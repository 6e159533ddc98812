"""Row addresses built once per route and request (casework/home/links.py) are the
addresses url_for gives, wherever the service is mounted."""

from __future__ import annotations

import pytest
from flask import url_for

from casework.home.links import Link


@pytest.mark.parametrize("root", ["", "/social-care"])
def test_a_row_link_is_the_address_url_for_gives(app, root):
    with app.test_request_context("/", base_url=f"http://localhost{root}/"):
        start = Link("records.start", "case_id", "instance_id")
        contents = Link("records.contents", "record_id")
        case = Link("cases.show", "case_id", anchor="tasks")
        for case_id, other in [(1, 2), (17, 17), (123456, 9)]:
            assert start(case_id=case_id, instance_id=other) == url_for(
                "records.start", case_id=case_id, instance_id=other
            )
            assert contents(record_id=other) == url_for("records.contents", record_id=other)
            assert case(case_id=case_id) == url_for("cases.show", case_id=case_id, _anchor="tasks")
        assert contents(record_id=5).startswith(f"{root}/")


def test_a_value_carried_in_the_query_string_is_put_in_too(app):
    with app.test_request_context("/"):
        link = Link("home.index", "page")
        assert link(page=3) == url_for("home.index", page=3)

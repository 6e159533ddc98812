"""Each input a probe once turned into a server error, refused with a clear answer instead."""

from __future__ import annotations

import shutil

import pytest

from casework.library import service as library
from tests.casework.conftest import csrf_from
from tests.casework.test_recording import MINI, _open_case, _page_state, _start

UNSTORABLE = "contains a hidden character that cannot be saved"


@pytest.fixture
def mini(app, demo_users, tmp_path):
    root = tmp_path / "library"
    shutil.copytree(MINI, root)
    app.config["LIBRARY_PATH"] = str(root)
    with app.test_request_context():
        library.sync(root)
    return root


def _token(client, url="/sign-in") -> str:
    return csrf_from(client.get(url).get_data(as_text=True))


def test_a_nul_byte_in_the_sign_in_username_is_refused_with_what_is_wrong(client, demo_users):
    response = client.post(
        "/sign-in",
        data={"csrf_token": _token(client), "username": "pat\x00", "password": "x"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert UNSTORABLE in html
    # What was typed comes back without the character, so nothing is lost.
    assert "pat" in html and "\x00" not in html


def test_a_nul_byte_in_a_persons_name_is_refused_and_nothing_is_added(app, client, sign_in, mini):
    sign_in("pat")
    case_id = _open_case(client)
    url = f"/cases/{case_id}/people/new"
    response = client.post(
        url,
        data={
            "csrf_token": _token(client, url),
            "first_name": "Ke\x00rry",
            "last_name": "Lane",
            "role": "parent",
        },
    )
    assert response.status_code == 400 and UNSTORABLE in response.get_data(as_text=True)
    assert "Kerry" not in client.get(f"/cases/{case_id}").get_data(as_text=True)


def test_a_nul_byte_in_a_search_or_a_path_is_refused(client, sign_in, mini):
    sign_in("pat")
    response = client.get("/cases/?q=Ruby%00")
    assert response.status_code == 400 and UNSTORABLE in response.get_data(as_text=True)
    assert client.get("/library/forms/first%00visit/history").status_code == 400


def test_a_nul_byte_or_lone_surrogate_in_json_is_refused_as_json(app, client, sign_in, mini):
    sign_in("pat")
    case_id = _open_case(client)
    record_id = _start(app, client, case_id, "first_visit")
    url = f"/records/{record_id}/sections/visit"
    token = _page_state(client.get(url).get_data(as_text=True))["csrf_token"]
    for body in ('{"what_we_saw": "a\\u0000b"}', '{"what_we_saw": "\\ud800"}'):
        response = client.post(
            url,
            data=body,
            headers={"Content-Type": "application/json", "X-CSRFToken": token},
        )
        assert response.status_code == 400
        assert response.json["error"] == "unstorable" and UNSTORABLE in response.json["message"]


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (["1", "2"], "must be a day, a month and a year"),
        (["1", "2", "2020", "4"], "must be a day, a month and a year"),
        ([], "Enter the date the referral was received"),
    ],
)
def test_open_case_with_a_date_of_the_wrong_shape_and_a_missing_name_says_both(
    client, sign_in, mini, parts, message
):
    sign_in("pat")
    response = client.post(
        "/cases/new",
        data={
            "csrf_token": _token(client, "/cases/new"),
            "pathway": "mini",
            "first_name": "",
            "last_name": "Lane",
            "referral_received": parts,
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter the child&#39;s first name" in html and message in html
    assert html.count('name="referral_received"') == 3  # the three boxes, redrawn


def test_add_person_and_add_service_with_a_short_date_and_a_missing_name(client, sign_in, mini):
    sign_in("pat")
    case_id = _open_case(client)
    for page, date_name, missing in [
        ("people", "date_of_birth", "Enter their first name"),
        ("services", "last_involved_on", "Enter who to speak to in that service"),
    ]:
        url = f"/cases/{case_id}/{page}/new"
        response = client.post(
            url, data={"csrf_token": _token(client, url), date_name: ["3"], "service": "GP"}
        )
        html = response.get_data(as_text=True)
        assert response.status_code == 200, page
        assert missing in html and "must be a day, a month and a year" in html


@pytest.mark.parametrize(
    "url",
    [
        "/cases/99999999999999999999999",
        "/cases/2147483648",  # one more than PostgreSQL's INTEGER holds
        "/cases/9223372036854775808",
        "/records/18446744073709551616/check",
        "/cases/" + "9" * 5000,
    ],
)
def test_ids_too_large_for_any_record_are_not_found(client, sign_in, mini, url):
    sign_in("pat")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("revision", [str(2**31), str(2**63), str(2**70), "-1", "1e3", "١"])
def test_an_autosave_revision_no_record_can_have_is_refused(app, client, sign_in, mini, revision):
    sign_in("pat")
    case_id = _open_case(client)
    record_id = _start(app, client, case_id, "first_visit")
    url = f"/records/{record_id}/sections/visit"
    state = {**_page_state(client.get(url).get_data(as_text=True)), "revision": revision}
    response = client.post(
        url, data={**state, "what_we_saw": "Typed"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400

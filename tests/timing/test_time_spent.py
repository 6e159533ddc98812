"""Recording pages report active time; the service counts it once and refuses nonsense."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import func, select

from casework.accounts import service as accounts
from casework.extensions import db
from casework.models import TimeSpent
from tests.casework.conftest import csrf_from, sign_out

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _post(client, batches, token=None):
    if token is None:
        token = csrf_from(client.get("/").get_data(as_text=True))
    return client.post(
        "/time-spent",
        data={"csrf_token": token, "batches": json.dumps(batches)},
        headers={"Accept": "application/json"},
    )


def _batch(key, record, section, seconds):
    return {"key": key, "record": record, "section": section, "seconds": seconds}


def _seconds(app, **where) -> int:
    with app.app_context():
        query = select(func.coalesce(func.sum(TimeSpent.seconds), 0))
        for name, value in where.items():
            query = query.where(getattr(TimeSpent, name) == value)
        return db.session.scalar(query)


def test_a_batch_sent_twice_counts_once(app, client, sign_in, two_versions):
    sign_in("pat")
    record, section = two_versions["old"][0], two_versions["sections"][0]
    first = _post(client, [_batch("key-aaaaaaaa", record, section, 40)])
    again = _post(client, [_batch("key-aaaaaaaa", record, section, 40)])
    assert first.status_code == again.status_code == 200
    assert again.json["accepted"] == ["key-aaaaaaaa"]
    assert _seconds(app, record_id=record) == 40


def test_a_record_edited_by_two_people_keeps_each_ones_time(app, client, sign_in, two_versions):
    record, section = two_versions["old"][0], two_versions["sections"][0]
    with time_machine.travel(START, tick=False) as clock:
        sign_in("pat")
        assert _post(client, [_batch("pat-batch-1", record, section, 30)]).status_code == 200
        sign_out(client)
        clock.shift(timedelta(minutes=5))
        sign_in("sam")
        assert _post(client, [_batch("sam-batch-1", record, section, 50)]).status_code == 200
    with app.app_context():
        pat, sam = accounts.find("pat"), accounts.find("sam")
        pat_id, sam_id = pat.id, sam.id
    assert _seconds(app, record_id=record, user_id=pat_id) == 30
    assert _seconds(app, record_id=record, user_id=sam_id) == 50


def test_hostile_increments_are_refused_plainly(app, client, sign_in, two_versions):
    sign_in("pat")
    record, section = two_versions["old"][0], two_versions["sections"][0]
    negative = _post(client, [_batch("negative-1", record, section, -30)])
    assert negative.status_code == 422
    assert "positive" in negative.json["refused"][0]["reason"]
    huge = _post(client, [_batch("huge-batch", record, section, 10**9)])
    assert huge.status_code == 422 and "at most" in huge.json["refused"][0]["reason"]
    elsewhere = _post(client, [_batch("no-section", record, "not_a_section", 10)])
    assert "section" in elsewhere.json["refused"][0]["reason"]
    missing = _post(client, [_batch("no-record", 999999, section, 10)])
    assert "no such record" in missing.json["refused"][0]["reason"]
    junk_batches = (
        "not json",
        json.dumps({"a": 1}),
        json.dumps([{"key": "short"}]),
        json.dumps([_batch("huge-record", 10**30, section, 10)]),
        json.dumps([_batch("text-seconds", record, section, "ten")]),
    )
    for junk in junk_batches:
        token = csrf_from(client.get("/").get_data(as_text=True))
        response = client.post(
            "/time-spent",
            data={"csrf_token": token, "batches": junk},
            headers={"Accept": "application/json"},
        )
        assert response.status_code == 400 and response.json["error"] == "bad_batches"
    assert _seconds(app) == 0


def test_more_time_than_has_passed_since_the_last_report_is_refused(
    app, client, sign_in, two_versions
):
    record, section = two_versions["old"][0], two_versions["sections"][0]
    with time_machine.travel(START, tick=False) as clock:
        sign_in("pat")
        assert _post(client, [_batch("first-batch", record, section, 30)]).status_code == 200
        clock.shift(timedelta(seconds=60))
        claims = [_batch(f"claim-{n:04d}", record, section, 300) for n in range(2)]
        refused = _post(client, claims)
        assert refused.status_code == 422
        assert "only 120 seconds have passed" in refused.json["refused"][0]["reason"]
        # Kept offline for 25 minutes, then sent together: all of it counts.
        clock.shift(timedelta(minutes=25))
        offline = [
            _batch(f"offline-{n:04d}", record, section, 120) for n in range(10)
        ]  # 20 minutes
        assert _post(client, offline).status_code == 200
    assert _seconds(app, record_id=record) == 30 + 1200


def test_time_needs_the_csrf_token_and_a_recording_role(app, client, sign_in, two_versions):
    record, section = two_versions["old"][0], two_versions["sections"][0]
    sign_in("pat")
    bad = client.post(
        "/time-spent",
        data={
            "csrf_token": "forged",
            "batches": json.dumps([_batch("k-forged1", record, section, 5)]),
        },
        headers={"Accept": "application/json"},
    )
    assert bad.status_code == 400 and bad.json["error"] == "csrf"
    sign_out(client)
    sign_in("dee")
    assert _post(client, [_batch("designer-1", record, section, 5)]).status_code == 403
    assert _seconds(app) == 0


def _report_time(app, client, sign_in, two_versions, clock):
    """Version 1: records of 100, 200 and 300 seconds; version 2: 60 and 100."""
    sections = two_versions["sections"]
    plan = {
        two_versions["old"][0]: [(sections[0], 100)],
        two_versions["old"][1]: [(sections[0], 150), (sections[1], 50)],
        two_versions["old"][2]: [(sections[0], 300)],
        two_versions["new"][0]: [(sections[0], 60)],
        two_versions["new"][1]: [(sections[0], 40), (sections[1], 60)],
    }
    sign_in("pat")
    n = 0
    for record, parts in plan.items():
        for section, seconds in parts:
            n += 1
            clock.shift(timedelta(minutes=6))  # each report after the time it counts
            assert (
                _post(client, [_batch(f"plan-{n:05d}", record, section, seconds)]).status_code
                == 200
            )
    sign_out(client)


def _table(html: str) -> list[list[str]]:
    body = html.split('id="time-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", body, re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


def test_the_report_compares_two_versions_and_the_csv_matches_the_screen(
    app, client, sign_in, two_versions
):
    with time_machine.travel(START, tick=False) as clock:
        _report_time(app, client, sign_in, two_versions, clock)
        sign_in("mo")
        page = client.get(f"/reports/time/forms/{two_versions['form_id']}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    table = _table(html)
    whole = table[1]
    # Before: (100 + 200 + 300) / 3 = 200s; after: (60 + 100) / 2 = 80s; saved 2m, 60%.
    assert whole[1:6] == ["3m", "1m", "2m", "60.0%", "3/2"]
    assert "Too few records to say anything yet" in html
    assert "at least 5 records" in html
    with time_machine.travel(START + timedelta(hours=1), tick=False):
        download = client.get(
            re.search(r'href="([^"]+time\.csv[^"]*)"', html).group(1).replace("&amp;", "&")
        )
    assert download.mimetype == "text/csv"
    lines = list(csv.reader(io.StringIO(download.get_data(as_text=True))))
    assert [line for line in lines[1:]] == table[1:]
    assert lines[0][1:] == table[0][1:]


def test_a_team_manager_sees_only_their_teams_records(app, client, sign_in, two_versions):
    with time_machine.travel(START, tick=False) as clock:
        _report_time(app, client, sign_in, two_versions, clock)
    with app.app_context():
        accounts.create_user(
            "other-manager",
            password="a-long-enough-passphrase",
            role="team_manager",
            team="Southfield team",
        )
    sign_in("other-manager", "a-long-enough-passphrase")
    html = client.get(f"/reports/time/forms/{two_versions['form_id']}").get_data(as_text=True)
    assert _table(html)[1][5] == "0/0"
    assert "Southfield team" in html


def test_reports_are_for_managers_and_designers_only(client, sign_in, two_versions):
    form_id = two_versions["form_id"]
    for username, allowed in (("pat", False), ("aud", False), ("ada", False), ("dee", True)):
        sign_in(username)
        for url in (
            "/reports/time",
            f"/reports/time/forms/{form_id}",
            "/reports/time/pathways/child_protection",
        ):
            status = client.get(url).status_code
            assert status == (200 if allowed else 403), (username, url, status)
        sign_out(client)


def test_per_person_figures_are_off_unless_the_council_turns_them_on(
    app, client, sign_in, two_versions
):
    sign_in("pat")
    assert client.get("/reports/time/yours").status_code == 404
    sign_out(client)
    app.config["TIMING_PER_PERSON"] = True
    with time_machine.travel(START, tick=False) as clock:
        _report_time(app, client, sign_in, two_versions, clock)
        sign_in("mo")
        before = client.get(f"/reports/time/forms/{two_versions['form_id']}").get_data(as_text=True)
        assert "Nobody in your team has looked at their own figures yet" in before
        sign_out(client)
        sign_in("pat")
        own = client.get("/reports/time/yours").get_data(as_text=True)
        assert "Your time spent recording" in own and "3m" in own
        sign_out(client)
        sign_in("mo")
        after = client.get(f"/reports/time/forms/{two_versions['form_id']}").get_data(as_text=True)
    assert "Pat Okafor" in after.split("Each person", 1)[1]


def test_the_designers_history_says_each_versions_time_against_the_one_before(
    app, client, sign_in, two_versions
):
    from casework.timing import design_service

    with time_machine.travel(START, tick=False) as clock:
        _report_time(app, client, sign_in, two_versions, clock)
    with app.test_request_context():
        lines = design_service.history_lines(two_versions["form_id"], min_records=5)
        current, rows = design_service.current_by_section(two_versions["form_id"], min_records=5)
    old, new = two_versions["versions"]
    assert lines[new].startswith(f"Average 1m per record (2 records), against 3m on version {old}")
    assert "2m saved (60.0%)" in lines[new] and "at least 5 on each side" in lines[new]
    assert current.version == new and rows[0]["after"] == "1m" and rows[0]["records"] == 2
    sign_in("dee")
    page = client.get(f"/library/forms/{two_versions['form_id']}/history")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Measured time" in html and "Average 3m per record (3 records)" in html


def test_demo_time_is_plausible_counted_once_and_said_to_be_generated(
    app, client, sign_in, two_versions
):
    from casework.timing.demo_service import seed_time

    with app.test_request_context():
        assert seed_time() == 5
        assert seed_time() == 0  # running the demo again adds nothing
    sign_in("mo")
    html = client.get(f"/reports/time/forms/{two_versions['form_id']}").get_data(as_text=True)
    assert "generated for the demonstration" in html
    whole = _table(html)[1]
    assert whole[5] == "3/2"
    assert _minutes(whole[2]) < _minutes(whole[1])  # the later version is quicker


def _minutes(text: str) -> int:
    hours = re.search(r"(\d+)h", text)
    minutes = re.search(r"(\d+)m", text)
    return (int(hours.group(1)) * 60 if hours else 0) + (int(minutes.group(1)) if minutes else 0)

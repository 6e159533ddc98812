"""The child's name at the top of every record page, read with the record itself."""

from __future__ import annotations

import re

from sqlalchemy import event, select

from casework.extensions import db
from casework.models import Case, Person
from tests.casework.test_recording import _open_case, _start, mini  # noqa: F401 - fixture


def _caption(html: str) -> str:
    found = re.search(r'<span class="govuk-caption-l">([^<]*)</span>', html)
    assert found, "no caption at the top of the page"
    return " ".join(found.group(1).split())


def _reference(app, case_id: int) -> str:
    with app.app_context():
        return db.session.get(Case, case_id).reference


def _rename_child(app, case_id: int, first_name: str, *, subject: bool = True) -> None:
    with app.app_context():
        child = db.session.scalar(select(Person).where(Person.case_id == case_id))
        child.first_name = first_name
        child.is_subject = subject
        db.session.commit()


def test_every_record_page_names_the_child_and_a_new_name_shows_at_once(
    app,
    client,
    sign_in,
    mini,  # noqa: F811
):
    sign_in("pat")
    case_id = _open_case(client)
    record_id = _start(app, client, case_id, "first_visit")
    reference = _reference(app, case_id)
    pages = [
        f"/records/{record_id}",
        f"/records/{record_id}/sections/visit",
        f"/records/{record_id}/check",
    ]
    for page in pages:
        assert _caption(client.get(page).get_data(as_text=True)) == f"Ruby Lane · {reference}"
    # Renamed between two requests (by another worker, say): no page keeps the old name.
    _rename_child(app, case_id, "Rubina")
    for page in pages:
        assert _caption(client.get(page).get_data(as_text=True)) == f"Rubina Lane · {reference}"
    # A case whose child is not recorded as such still shows its pages, with no name.
    _rename_child(app, case_id, "Rubina", subject=False)
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200
        assert _caption(response.get_data(as_text=True)) == f"· {reference}"


def test_a_section_page_reads_the_childs_name_with_the_record_not_on_its_own(
    app,
    client,
    sign_in,
    mini,  # noqa: F811
):
    sign_in("pat")
    case_id = _open_case(client)
    record_id = _start(app, client, case_id, "first_visit")
    statements: list[str] = []

    def seen(conn, cursor, statement, *args):
        statements.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        html = client.get(f"/records/{record_id}/sections/visit").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert "Ruby Lane" in html
    reading_people = [s for s in statements if re.search(r"\bFROM people\b", s)]
    assert reading_people, "the child's name was read from somewhere else"
    assert all("FROM records" in s for s in reading_people), reading_people

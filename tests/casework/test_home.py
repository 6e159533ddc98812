"""What each role sees first."""

from __future__ import annotations

from datetime import date

import pytest

from casework.accounts import service as accounts
from casework.cases import service as cases
from casework.library import service as library


@pytest.fixture
def published(app, demo_users):
    with app.test_request_context():
        library.sync(app.config["LIBRARY_PATH"])


def test_designers_see_every_form_with_its_purpose_and_statutory_fields(client, sign_in, published):
    html = sign_in("dee", follow=True).get_data(as_text=True)
    assert "Child and family assessment" in html
    assert "Children in care" in html
    assert "To record what someone has told us about a child" in html  # a form's purpose


def test_practitioners_see_what_is_due_on_their_cases(app, client, sign_in, published):
    with app.test_request_context():
        cases.open_case(
            accounts.find("pat"),
            pathway_id="child_protection",
            child=cases.NewChild("Amelia", "Brook", date(2018, 4, 2)),
            referral_received=date(2026, 11, 20),
        )
    html = sign_in("pat", follow=True).get_data(as_text=True)
    assert "Amelia Brook" in html and "Contact and referral" in html and "23 November 2026" in html

"""An import sent for approval, approved by a second person and published, through the
web as people do it (used by the import flow tests)."""

from __future__ import annotations

from tests.casework.conftest import csrf_from, sign_out


def send_for_approval(client, choose_url: str) -> str:
    """From the confirm page: the import's review page (its URL)."""
    html = client.get(choose_url + "/confirm").get_data(as_text=True)
    response = client.post(choose_url + "/submit", data={"csrf_token": csrf_from(html)})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    assert "/designer/drafts/" in response.headers["Location"]
    return response.headers["Location"]


def act(client, review_url: str, action: str, data: dict | None = None):
    html = client.get(review_url).get_data(as_text=True)
    return client.post(
        f"{review_url}/{action}", data={"csrf_token": csrf_from(html), **(data or {})}
    )


def approve_as(client, sign_in, review_url: str, who: str = "mo", view: str = "Agreed.") -> None:
    sign_out(client)
    sign_in(who)
    assert act(client, review_url, "view", {"view": view}).status_code == 302
    assert act(client, review_url, "approve").status_code == 302


def publish_as(client, sign_in, review_url: str, who: str = "dee"):
    sign_out(client)
    sign_in(who)
    html = client.get(review_url).get_data(as_text=True)
    return client.post(
        review_url.replace("/review", "/publish"), data={"csrf_token": csrf_from(html)}
    )


def approve_and_publish(client, sign_in, choose_url: str) -> str:
    """Dee sends it, Mo approves it, Dee publishes it; the review page's URL."""
    review_url = send_for_approval(client, choose_url)
    approve_as(client, sign_in, review_url)
    response = publish_as(client, sign_in, review_url)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return review_url

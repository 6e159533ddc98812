"""Every POST endpoint in the URL map refuses a post without a CSRF token.

Each is posted to by someone allowed to use it, at an address with real ids and with the
fields its own page sends, minus the token: a view that forgot its protection (or a
blueprint exempted from it) would act on the post and answer 200 or a redirect.
"""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from tests.casework import url_walk
from tests.casework.conftest import csrf_from

REFUSED = "The page you sent from was out of date or came from somewhere else"


def _poster(app, rule):
    """A role allowed to post to this rule (someone signed out for public ones)."""
    for role in [*url_walk.PEOPLE, "signed_out"]:
        if url_walk.allowed(app, rule, role):
            return role
    raise AssertionError(f"nobody may post to {rule.endpoint}")


def test_every_post_without_a_csrf_token_is_refused(app, tmp_path):
    pending_import = url_walk.seed(app, tmp_path)
    clients, walks = {}, {}
    for role in [*url_walk.PEOPLE, "signed_out"]:
        clients[role] = app.test_client()
        if role in url_walk.PEOPLE:
            url_walk.sign_in(clients[role], url_walk.PEOPLE[role])
        walks[role] = url_walk.walk(app, clients[role], also=(pending_import,))

    posts = [r for r in url_walk.rules(app) if "POST" in r.methods]
    assert len(posts) > 40, "the URL map should hold every form of the service"
    accepted = []
    for rule in posts:
        role = _poster(app, rule)
        walked = walks[role]
        found = walked.args.get(rule.endpoint) or [
            args
            for other in walks.values()
            for endpoint, seen in other.args.items()
            for args in seen
            if set(args) == set(rule.arguments)
        ]
        # A page the walk did not reach (an upload under review, say) is posted to at an
        # address with made-up ids: CSRF is checked before any view looks the ids up, so
        # anything but the refusal below is still a failure.
        address = found[0] if found else {name: 1 for name in rule.arguments}
        url = url_walk.url_for_rule(rule, address)
        fields = MultiDict([(k, v) for k, v in walked.baseline("POST", url) if k != "csrf_token"])
        for headers in ({}, {"Accept": "application/json"}):
            response = clients[role].post(url, data=fields, headers=headers)
            body = response.get_data(as_text=True)
            refused = response.status_code == 400 and (
                REFUSED in body or (response.is_json and response.json.get("error") == "csrf")
            )
            if not refused:
                accepted.append(f"{role} POST {url} -> {response.status_code}")
    assert not accepted, "Posts acted on without a CSRF token:\n" + "\n".join(accepted)


def test_the_same_post_with_its_token_is_not_refused(app, tmp_path, client, demo_users):
    """The refusal above is the token's doing: with one, the sign-out post goes through."""
    url_walk.sign_in(client, "pat")
    token = csrf_from(client.get("/").get_data(as_text=True))
    assert client.post("/sign-out", data={}).status_code == 400
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 302

"""No input gives a server error: hostile values to every endpoint in the URL map, as each role.

Every rule in app.url_map is requested by every role (and by someone signed out) with
path parameters from seeded data and hostile ones, and form, query and JSON bodies made
from the page's own form with values replaced, dropped, repeated or added: NUL bytes,
1 MB strings, odd Unicode, lone surrogates, wrong JSON types, numbers no column holds,
dates in the wrong number of parts. A valid CSRF token goes with each, so the values
reach the views. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from casework.extensions import db
from casework.models import User
from tests.casework import url_walk
from tests.casework.conftest import csrf_from

ROLES = [*url_walk.PEOPLE, "signed_out"]
# Examples per endpoint and role: enough to try each kind of body on the views a role may
# use (with a NUL in every field of each real form besides); a refused role stops at the
# access check, so one request shows that the refusal holds.
EXAMPLES_ALLOWED = 4
EXAMPLES_REFUSED = 1
EXAMPLES_PDF = 2  # drawing a PDF takes seconds; one valid, one hostile address is the aim

BIG = "x" * (1024 * 1024)
NASTY_TEXT = [
    "\x00",
    "Ruby\x00Lane",
    "\ud800",
    "a\udfffb",
    BIG,
    "\u202eevil\u202c",
    "\ufeff\u200b\u00a0",
    "Zoë 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩🏽‍⚕️",
    "ﷺ" * 50,
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "' OR 1=1 --",
    "../../etc/passwd",
    "",
    " ",
]
NASTY_NUMBERS = [
    "-1",
    "0",
    str(2**31),
    str(2**63 - 1),
    str(2**63),
    str(2**64),
    "9" * 30,
    "9" * 5000,
    "1e309",
    "NaN",
    "-0",
    "١٢",
    "0x10",
    "1.5",
]
NASTY_DATE_PARTS = [[], ["1"], ["1", "2"], ["31", "2", "2020"], ["1", "2", "2020", "4"], ["0"] * 3]
HOSTILE_INT_PARAMS = ["0", str(2**31 - 1), str(2**31), str(2**63), "9" * 40, "-1"]
HOSTILE_STR_PARAMS = ["\x00", "\ud800", "a" * 2000, "..", "é", "<b>", "%", " "]

scalar_text = st.one_of(
    st.sampled_from(NASTY_TEXT),
    st.sampled_from(NASTY_NUMBERS),
    st.text(max_size=30),
)
json_value = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**80), max_value=2**80),
        st.floats(allow_nan=False, allow_infinity=False),
        scalar_text,
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def field_values(draw, baseline: list[tuple[str, str]], names: list[str]):
    """The page's own form, each field kept, made hostile, dropped or repeated; plus extras."""
    fields: list[tuple[str, str]] = []
    for name, value in baseline:
        if name == "csrf_token":
            continue
        choice = draw(st.sampled_from(["keep", "keep", "hostile", "drop", "repeat"]))
        if choice == "keep":
            fields.append((name, value))
        elif choice == "hostile":
            fields.append((name, draw(scalar_text)))
        elif choice == "repeat":
            fields.extend((name, part) for part in draw(st.sampled_from(NASTY_DATE_PARTS)))
    for name in draw(st.lists(st.sampled_from(names), max_size=3)) if names else []:
        fields.append((name, draw(scalar_text)))
    return fields


def _form_body(fields: list[tuple[str, str]], token: str) -> bytes:
    pairs = [("csrf_token", token), *fields]
    return "&".join(
        f"{quote(k, safe='', errors='surrogatepass')}={quote(v, safe='', errors='surrogatepass')}"
        for k, v in pairs
    ).encode("ascii")


def _json_body(draw, fields: list[tuple[str, str]]) -> bytes:
    if draw(st.booleans()):
        body = {name: draw(json_value) for name, _ in fields}
    else:
        body = draw(json_value)
    return json.dumps(body).encode("ascii")


def _path_values(draw, rule, walked: url_walk.Walk, pools: dict[str, list]) -> dict:
    known = walked.args.get(rule.endpoint) or []
    if known and draw(st.integers(0, 1 if rule.rule.endswith(".pdf") else 3)) > 0:
        return dict(draw(st.sampled_from(known)))
    values = {}
    for name in rule.arguments:
        hostile = HOSTILE_INT_PARAMS if f"<int:{name}>" in rule.rule else HOSTILE_STR_PARAMS
        values[name] = draw(st.sampled_from(pools.get(name, []) + hostile))
    return values


class Person:
    """One role's browser: signs in again if a hostile request ended the session."""

    def __init__(self, app, role: str):
        self.app, self.role = app, role
        self.client = app.test_client()
        self.username = url_walk.PEOPLE.get(role)
        self.start()

    def start(self) -> None:
        if self.username:
            with self.app.app_context():
                # An administrator's hostile post may have disabled this account.
                db.session.execute(db.update(User).values(active=True))
                db.session.commit()
            url_walk.sign_in(self.client, self.username)
            self.token = csrf_from(self.client.get("/").get_data(as_text=True))
        else:
            self.token = csrf_from(self.client.get("/sign-in").get_data(as_text=True))

    def after(self, response) -> None:
        location = response.headers.get("Location", "")
        if self.username and (
            response.status_code == 401 or "/sign-in" in location or "/signed-out" in location
        ):
            self.start()


@pytest.mark.parametrize("role", ROLES)
def test_no_input_gives_a_server_error(app, tmp_path, role):
    pending_import = url_walk.seed(app, tmp_path)
    person = Person(app, role)
    walked = url_walk.walk(app, person.client, also=(pending_import,))
    pools: dict[str, list] = {}
    for found in walked.args.values():
        for args in found:
            for name, value in args.items():
                pools.setdefault(name, [])
                if value not in pools[name]:
                    pools[name].append(value)
    names = sorted(walked.names - {"csrf_token"})
    failures: list[str] = []
    for rule in url_walk.rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if not url_walk.allowed(app, rule, role):
                examples = EXAMPLES_REFUSED
            else:
                examples = EXAMPLES_PDF if rule.rule.endswith(".pdf") else EXAMPLES_ALLOWED
            _probe(person, walked, pools, names, rule, method, examples, failures)
            if url_walk.allowed(app, rule, role):
                _every_field_with_a_nul(person, walked, rule, method, failures)
    assert not failures, "Server errors:\n" + "\n".join(failures[:40])


def _every_field_with_a_nul(person, walked, rule, method, failures) -> None:
    """The one value PostgreSQL cannot store, in every field of each real form at once."""
    found = walked.args.get(rule.endpoint) or ([] if rule.arguments else [{}])
    for args in found[:1]:
        url = url_walk.url_for_rule(rule, args)
        fields = [(k, v + "\x00") for k, v in walked.baseline(method, url) if k != "csrf_token"]
        fields = fields or [("q", "\x00")]
        if method == "POST":
            response = person.client.post(
                url,
                data=_form_body(fields, person.token),
                content_type="application/x-www-form-urlencoded",
            )
        else:
            response = person.client.get(url + "?" + _form_body(fields, person.token).decode())
        if response.status_code >= 500:
            failures.append(f"{person.role} {method} {url} (NUL in every field) -> 500")
        person.after(response)


def _probe(person, walked, pools, names, rule, method, examples, failures) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def probe(data):
        draw = data.draw
        url = url_walk.url_for_rule(rule, _path_values(draw, rule, walked, pools))
        baseline = walked.baseline(method, url.split("?")[0])
        fields = draw(field_values(baseline, names))
        kind = draw(st.sampled_from(["form", "json", "query"] if method == "POST" else ["query"]))
        headers = {"X-CSRFToken": person.token}
        if draw(st.booleans()):
            headers["Accept"] = "application/json"
        body, content_type = None, None
        if kind == "form":
            body, content_type = (
                _form_body(fields, person.token),
                "application/x-www-form-urlencoded",
            )
        elif kind == "json":
            body, content_type = _json_body(draw, fields), "application/json"
        else:
            url += "?" + _form_body(fields, person.token).decode("ascii")
        response = person.client.open(
            url, method=method, data=body, content_type=content_type, headers=headers
        )
        if response.status_code >= 500:
            shown = [(k, v[:40] + ("..." if len(v) > 40 else "")) for k, v in fields]
            failures.append(
                f"{person.role} {method} {url[:160]} ({kind}) -> {response.status_code}: {shown}"
            )
        person.after(response)

    probe()


def test_the_walk_reaches_the_views_with_real_ids_and_their_forms(app, tmp_path):
    """Without this the property test could pass by only ever meeting 404s."""
    url_walk.seed(app, tmp_path)
    walked = url_walk.walk(app, Person(app, "practitioner").client)
    for endpoint in ("cases.show", "records.section", "documents.issue", "cases.add_person"):
        assert walked.args.get(endpoint), f"the walk reached no {endpoint}"
    record = walked.args["records.section"][0]
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "records.section")
    url = url_walk.url_for_rule(rule, record)
    names = {name for name, _ in walked.baseline("POST", url)}
    assert {"revision", "save_key", "csrf_token"} <= names

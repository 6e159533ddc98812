"""Browser harness: the real service in a subprocess, driven by real Chromium.

Fixtures:
- ``live_server`` (session): ``convivial serve`` on a free port, after ``convivial
  init-db`` and ``convivial demo``, against ``TEST_DATABASE_URL`` when set (CI sets a
  PostgreSQL URL) or else a SQLite file in a temporary directory. See LiveServer for
  stop/start/restart.
- ``server_factory`` (session): another instance on the same database with other
  settings, e.g. ``server_factory(TIMEOUT_WARNING_SECONDS="300")``.
- ``clock_server``: a second instance on the same database whose clock the test moves
  (``clock_server.move_clock(seconds)``; put back after each test), for the idle
  timeout, its warning and sign-in lockouts without waiting.
- ``demo_users``: role -> DemoUser(username, password, role, name), read from the
  output of ``convivial demo``.
- ``browser`` (session, one Chromium), ``context`` and ``page`` (per test: fresh
  cookies and a client address of its own through X-Forwarded-For).
- ``new_context(**options)``: more contexts in a test (other viewport, other address).

Failures leave a screenshot, the page's HTML and the server logs in test-artifacts/.
Without Chromium the tests are skipped with a reason, except when CI is set: then
they fail, because CI installs Chromium and must always run them.
"""

from __future__ import annotations

import itertools
import os
import re
import secrets
import shutil
import signal
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import emptied, worker_database_url

from .helpers import ROLES, DemoUser, expect_signed_in_as, parse_demo_output, sign_in
from .live_server import (
    BASE_ENV,
    CLOCK_FILE_ENV,
    ROOT,
    LiveServer,
    finish_cli,
    run_cli,
    start_cli,
)

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        path = Path(str(item.fspath))
        if here in path.parents:
            item.add_marker(pytest.mark.browser)
            # Under `pytest -n N --dist loadgroup` a file's tests stay on one worker, so
            # a module's own server (test_designer.py) starts once, not once per worker.
            item.add_marker(pytest.mark.xdist_group(f"browser-{path.stem}"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --- the service -------------------------------------------------------------


@pytest.fixture(scope="session")
def test_database(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        # Under xdist, a database of the browser tests' own, emptied of what an earlier
        # run left there. Run serially, the one database the in-process tests also use:
        # they empty it themselves, and dropping its schema here could pull it from under
        # them mid-session.
        own = worker_database_url(url, "browser")
        return emptied(own) if os.environ.get("PYTEST_XDIST_WORKER") else own
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "convivial.sqlite3")


@pytest.fixture(scope="session")
def server_logs(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("server-logs")


@pytest.fixture(scope="session")
def server_env(test_database, tmp_path_factory) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "TEST_DATABASE_URL"}
    env.update(BASE_ENV)
    env.update(
        {
            "DATABASE_URL": test_database,
            "SECRET_KEY": secrets.token_hex(32),
            "CONVIVIAL_INSTANCE": str(tmp_path_factory.mktemp("instance")),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


@pytest.fixture(scope="session")
def service(server_env, server_logs):
    """Set the service up, overlapping what can overlap: ``init-db`` first, then
    ``demo``, a lockout test user and the server start together, while Chromium
    starts. Fixtures below wait for the part they need."""
    log = server_logs / "setup.log"
    run_cli(["init-db"], server_env, log=log)
    demo = start_cli(["demo"], server_env)
    lock_user = DemoUser(
        f"lock-{secrets.token_hex(4)}", secrets.token_urlsafe(16), "practitioner", "Lock Tester"
    )
    create_lock_user = start_cli(
        ["create-user", lock_user.username, "--role", lock_user.role]
        + ["--team", "Browser tests", "--name", lock_user.name],
        server_env,
        stdin=lock_user.password + "\n",
    )
    main = LiveServer(env=dict(server_env), log_path=server_logs / "server-1.log")
    main.launch()
    clock = LiveServer(
        env={
            **server_env,
            CLOCK_FILE_ENV: str(Path(server_env["CONVIVIAL_INSTANCE"]) / "test-clock"),
        },
        log_path=server_logs / "server-2.log",
    )
    clock.launch()
    servers = [main, clock]
    yield SimpleNamespace(
        log=log,
        demo=demo,
        create_lock_user=create_lock_user,
        lock_user=lock_user,
        main=main,
        clock=clock,
        servers=servers,
    )
    # Stop them all at once; the tests are over, so a slow graceful exit is cut short.
    for server in servers:
        server.send_signal(signal.SIGTERM)
    for server in servers:
        server.wait_stopped(timeout=2)
        server.clean_up()
    for process in (demo, create_lock_user):
        if process.poll() is None:
            process.kill()
            process.wait()
        # A session that never asked for the demo users never read these pipes.
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture(scope="session", autouse=True)
def _start_service_early(request):
    """Begin setting the service up before the first test asks for it (not when
    only collecting, and not at all when the browser tests are skipped)."""
    if Path(CHROMIUM).exists():
        request.getfixturevalue("service")


@pytest.fixture(scope="session")
def demo_users(service) -> dict[str, DemoUser]:
    """role -> the first demo user with that role, from ``convivial demo``'s output."""
    output = finish_cli(service.demo, log=service.log)
    users = parse_demo_output(output)
    missing = set(ROLES) - set(users)
    if missing:
        pytest.fail(
            f"`convivial demo` printed no sign-in for {sorted(missing)}:\n{output}",
            pytrace=False,
        )
    return users


@pytest.fixture(scope="session")
def lockable_user(service) -> DemoUser:
    """A practitioner of the tests' own, so a lockout test cannot disturb other tests."""
    finish_cli(service.create_lock_user, log=service.log)
    return service.lock_user


@pytest.fixture(scope="session")
def live_server(service, demo_users) -> LiveServer:
    """The service, with demo data in place, answering /healthz."""
    service.main.wait_until_healthy()
    return service.main


@pytest.fixture(scope="session")
def server_factory(service, demo_users):
    """Start another instance on the same database: ``server_factory(NAME="value")``."""
    counter = itertools.count(len(service.servers) + 1)

    def start(**overrides: str) -> LiveServer:
        env = {**service.main.env, **{name: str(value) for name, value in overrides.items()}}
        server = LiveServer(env=env, log_path=service.log.parent / f"server-{next(counter)}.log")
        service.servers.append(server)
        server.start()
        return server

    return start


@pytest.fixture
def clock_server(service, demo_users) -> LiveServer:
    """The second instance (same settings and database as ``live_server``), whose clock
    the test moves with ``move_clock(seconds)``; it is put back after the test. Moving
    it forward writes later times into the shared database: only the people and
    sessions of the test itself are affected."""
    service.clock.wait_until_healthy()
    yield service.clock
    service.clock.reset_clock()


# --- the browser -------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM} (install chromium or set CHROMIUM_PATH)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the browser tests.", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


_addresses = itertools.count(1)
_run_octet = secrets.randbelow(200) + 20  # another range each run: databases may be shared


def next_client_address() -> str:
    n = next(_addresses)
    return f"10.{_run_octet}.{n // 250}.{n % 250 + 1}"


@pytest.fixture
def new_context(browser):
    """Make a browser context (closed after the test); options as Browser.new_context."""
    made = []

    def make(**options):
        headers = options.pop("extra_http_headers", {})
        headers.setdefault("X-Forwarded-For", next_client_address())
        options.setdefault("viewport", {"width": 1024, "height": 768})
        context = browser.new_context(
            extra_http_headers=headers, locale="en-GB", timezone_id="Europe/London", **options
        )
        context.set_default_timeout(10_000)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def page(context, request, server_logs):
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console.{message.type}: {message.text}")
            if message.type == "error"
            else None
        ),
    )
    page.console_errors = problems
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        save_artifacts(page, request.node.nodeid, server_logs)


@pytest.fixture(scope="session")
def _signed_in_cookies() -> dict:
    return {}


@pytest.fixture
def sign_in_as(live_server, demo_users, _signed_in_cookies):
    """``sign_in_as(page, role)``: the page shows that role's home page, signed in.

    The first call per role signs in through the form; later calls reuse that
    session's cookies (sessions are server-side, so this is the same session), which
    keeps the suite fast. Tests of signing in itself use ``helpers.sign_in``.
    """

    def go(page, role: str, server: LiveServer | None = None) -> DemoUser:
        server = server or live_server
        user = demo_users[role]
        key = (server.base_url, role)
        if key in _signed_in_cookies:
            page.context.add_cookies(_signed_in_cookies[key])
            page.goto(server.url("/"))
            if page.url == server.url("/"):
                return user
        sign_in(page, server.base_url, user.username, user.password)
        expect_signed_in_as(page, user)
        _signed_in_cookies[key] = page.context.cookies()
        return user

    return go


def save_artifacts(page, nodeid: str, server_logs: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")
    try:
        page.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)
        (ARTIFACTS / f"{stem}.html").write_text(page.content())
    except Exception as exc:  # noqa: BLE001 - a failed screenshot must not hide the failure
        (ARTIFACTS / f"{stem}.txt").write_text(f"could not save the page: {exc}\n")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    shutil.copytree(server_logs, ARTIFACTS / f"server-logs-{worker}", dirs_exist_ok=True)

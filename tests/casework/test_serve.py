"""`convivial serve` says where it is only when that is true: a busy port is refused with
its number and what to run instead, and "running at" appears once the service answers."""

from __future__ import annotations

import os
import selectors
import socket
import subprocess
import time
import urllib.request

import pytest

from tests.browser.live_server import ROOT, convivial_command, free_port

RUNNING = "Convivial is running at"


def _env(database_url: str, tmp_path, **extra) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "MAKELEVEL"}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="serve-test-key",
        CONVIVIAL_ENV="test",
        CONVIVIAL_INSTANCE=str(tmp_path),
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


@pytest.fixture
def busy_port():
    """A port another program is listening on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


def _serve(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own CLI
        [*convivial_command(), "serve", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_busy_port_is_refused_with_its_number_and_what_to_run_instead(
    database_url, tmp_path, busy_port
):
    result = _serve(["--port", str(busy_port)], _env(database_url, tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert RUNNING not in output
    assert f"Port {busy_port} on 127.0.0.1 is already in use" in result.stderr
    suggested = int(result.stderr.split("`convivial serve --port ")[1].split("`")[0])
    assert suggested != busy_port
    # The suggested port really is free.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", suggested))


def test_from_make_run_the_suggestion_is_a_make_command(database_url, tmp_path, busy_port):
    result = _serve(["--port", str(busy_port)], _env(database_url, tmp_path, MAKELEVEL="1"))
    assert result.returncode != 0
    assert RUNNING not in result.stdout + result.stderr
    assert "`make run PORT=" in result.stderr


def test_running_at_is_printed_once_and_only_when_the_service_answers(database_url, tmp_path):
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own CLI
        [*convivial_command(), "serve", "--port", str(port), "--workers", "2"],
        env=_env(database_url, tmp_path),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            deadline = time.monotonic() + 120
            while not any(RUNNING in line for line in lines):
                assert time.monotonic() < deadline, "".join(lines)
                assert process.poll() is None, "".join(lines)
                if selector.select(timeout=1):
                    lines.append(process.stdout.readline())
        # Said only after a worker had loaded the app, not when the port was bound...
        booted = [i for i, line in enumerate(lines) if "Booting worker" in line]
        assert booted and booted[0] < len(lines) - 1, "".join(lines)
        assert f"{RUNNING} http://127.0.0.1:{port}/" in lines[-1]
        # ...so the address it names answers at once.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as response:  # noqa: S310
            assert response.read().strip() == b"ok"
    finally:
        os.killpg(process.pid, 15)
        rest, _ = process.communicate(timeout=60)
    # Two workers, one message.
    assert ("".join(lines) + rest).count(RUNNING) == 1

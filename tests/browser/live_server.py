"""The real service in a subprocess: ``convivial`` CLI helpers and ``LiveServer``."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 30

# Settings every test server shares (the names are the app's own, casework/config.py).
# The tests trust one proxy hop so that each browser context can have its own client
# address (X-Forwarded-For) and per-address throttling never leaks between tests.
# Lockouts last a minute, not fifteen, so a rerun on a shared database never meets a
# lock left by the last run; the lockout test uses a user of its own anyway.
BASE_ENV = {
    "CONVIVIAL_ENV": "test",
    "TRUSTED_PROXIES": "1",
    "IDLE_TIMEOUT_SECONDS": "1800",
    "SIGN_IN_LOCKOUT_FAILURES": "3",
    "SIGN_IN_LOCKOUT_SECONDS": "60",
    "SIGN_IN_THROTTLE_FAILURES": "6",
    "SIGN_IN_THROTTLE_SECONDS": "60",
}

# The second instance (``clock_server``) has the same settings and database but a clock
# the test moves (``LiveServer.move_clock``), so no test waits on the idle timeout or a
# lockout. The service reads the offset from this file only under CONVIVIAL_ENV=test.
CLOCK_FILE_ENV = "CONVIVIAL_TEST_CLOCK_FILE"


def convivial_command() -> list[str]:
    script = Path(sys.executable).parent / "convivial"
    if script.exists():
        return [str(script)]
    found = shutil.which("convivial")
    if found:
        return [found]
    return [sys.executable, "-m", "casework.cli"]


def run_cli(
    args: list[str], env: dict[str, str], *, log: Path | None = None, stdin: str | None = None
) -> str:
    """Run ``convivial ARGS``; fail the test with its output if it exits non-zero."""
    result = subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
        [*convivial_command(), *args],
        env=env,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if log is not None:
        with log.open("a") as handle:
            handle.write(f"$ convivial {' '.join(args)}\n{result.stdout}{result.stderr}\n")
    if result.returncode != 0:
        pytest.fail(
            f"`convivial {' '.join(args)}` exited {result.returncode}:\n"
            f"{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    return result.stdout


def start_cli(args: list[str], env: dict[str, str], *, stdin: str | None = None):
    """Start ``convivial ARGS`` in the background; finish it with ``finish_cli``."""
    process = subprocess.Popen(  # noqa: S603 - our own CLI, fixed arguments
        [*convivial_command(), *args],
        env=env,
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if stdin is not None:
        process.stdin.write(stdin)
    process.stdin.close()
    process.stdin = None  # so communicate() does not touch it again
    process.convivial_args = args
    return process


def finish_cli(process, *, log: Path | None = None) -> str:
    """Wait for a ``start_cli`` process; fail the test with its output if it failed."""
    if not hasattr(process, "convivial_output"):
        stdout, stderr = process.communicate(timeout=120)
        process.convivial_output = (stdout, stderr)
        if log is not None:
            with log.open("a") as handle:
                handle.write(f"$ convivial {' '.join(process.convivial_args)}\n{stdout}{stderr}\n")
    stdout, stderr = process.convivial_output
    if process.returncode != 0:
        pytest.fail(
            f"`convivial {' '.join(process.convivial_args)}` exited {process.returncode}:\n"
            f"{stdout}\n{stderr}",
            pytrace=False,
        )
    return stdout


_ports_given: set[int] = set()


def free_port() -> int:
    """A port nothing listens on now and that this session has not handed out before."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in _ports_given:
            _ports_given.add(port)
            return port


@dataclass
class LiveServer:
    """One ``convivial serve`` process.

    ``stop()`` / ``start()`` / ``restart()`` keep the port, environment and database,
    so a test can kill the service mid-form (``stop(signal.SIGKILL)``) and bring it
    back. ``env`` is the environment it runs with (DATABASE_URL, SECRET_KEY, ...).
    """

    env: dict[str, str]
    log_path: Path
    host: str = "127.0.0.1"
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    runtime_dir: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start the server and wait until it answers /healthz."""
        self.launch()
        self.wait_until_healthy()

    def launch(self) -> None:
        """Start the server without waiting (call ``wait_until_healthy`` later)."""
        if self.running:
            return
        # Gunicorn >= 25 opens a control socket at $XDG_RUNTIME_DIR/gunicorn.ctl, else
        # ~/.gunicorn/gunicorn.ctl: one path for every instance on the machine. Give
        # each test server its own, so none takes over another's (or a developer's).
        # (A short path: a Unix socket's path must stay under 108 bytes.)
        if self.runtime_dir is None:
            self.runtime_dir = Path(tempfile.mkdtemp(prefix="cv-gunicorn-"))
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own CLI
                [*convivial_command(), "serve", "--host", self.host, "--port", str(self.port)],
                env={**self.env, "XDG_RUNTIME_DIR": str(self.runtime_dir)},
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() ends the workers too
            )

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        last_error: Exception | None = None
        while time.monotonic() < deadline and self.running:
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=2) as response:  # noqa: S310
                    if response.status == 200 and response.read().strip() == b"ok":
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                last_error = exc
            time.sleep(0.05)
        output = self.log_path.read_text(errors="replace")[-4000:]
        self.stop()
        pytest.fail(
            f"convivial serve did not answer /healthz on {self.base_url} "
            f"(last error: {last_error}). Server log:\n{output}",
            pytrace=False,
        )

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the server (its whole process group); ``signal.SIGKILL`` simulates a crash."""
        self.send_signal(sig)
        self.wait_stopped()

    def send_signal(self, sig: int) -> None:
        if self.running:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)

    def wait_stopped(self, timeout: float = 15) -> None:
        """Wait for the server to exit; after ``timeout`` seconds, kill it."""
        process, self.process = self.process, None
        if process is None:
            return
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def clean_up(self) -> None:
        """After the final stop: remove the control-socket directory."""
        if self.runtime_dir is not None and not self.running:
            shutil.rmtree(self.runtime_dir, ignore_errors=True)
            self.runtime_dir = None

    def move_clock(self, seconds: float) -> None:
        """Move this instance's clock on (its workers read the file on every "now")."""
        path = Path(self.env[CLOCK_FILE_ENV])
        current = float(path.read_text() or 0) if path.exists() else 0.0
        partial = path.with_suffix(".partial")
        partial.write_text(repr(current + seconds))
        partial.replace(path)  # atomic: a worker never reads half a number

    def reset_clock(self) -> None:
        Path(self.env[CLOCK_FILE_ENV]).unlink(missing_ok=True)

    def restart(self) -> None:
        self.stop()
        self.start()

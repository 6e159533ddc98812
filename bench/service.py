"""Start the real service (gunicorn, 2 workers) on a given database, for benchmarks."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONVIVIAL = [sys.executable, "-m", "casework"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_service(database_url: str | None, workers: int = 2):
    instance = tempfile.mkdtemp(prefix="convivial-bench-")
    env = {
        **os.environ,
        "CONVIVIAL_ENV": "development",
        "CONVIVIAL_INSTANCE": instance,
        "SECRET_KEY": "bench-secret-key",
        # Benchmarks sign in many times from one address.
        "SIGN_IN_THROTTLE_FAILURES": "1000000",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env["DATABASE_URL"] = f"sqlite:///{instance}/bench.sqlite3"
    for command in (["init-db"], ["demo"]):
        subprocess.run(CONVIVIAL + command, env=env, check=True, capture_output=True, cwd=ROOT)
    port = free_port()
    process = subprocess.Popen(
        CONVIVIAL + ["serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        start_timeout = float(os.environ.get("BENCH_START_TIMEOUT", "120"))
        deadline = time.monotonic() + start_timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"the service did not start within {start_timeout:.0f} s")
        yield base, env["DATABASE_URL"]
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(instance, ignore_errors=True)


def signed_in_cookie(base: str, username: str, password: str) -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/sign-in").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrf_token": token, "username": username, "password": password}
    ).encode()
    opener.open(base + "/sign-in", data=data).read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)

"""What the recording benchmarks share: fixtures in the service's database, signed-in
browsers, records started over HTTP, the section page's hidden state, autosave posts."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
REVISION = re.compile(r'name="revision" value="(\d+)"')
SAVE_KEY = re.compile(r'name="save_key" value="([^"]+)"')
FORM = "child_and_family_assessment"


def service_env(database_url: str) -> dict:
    """The environment `bench.service.running_service` gives the service, for fixtures."""
    return {
        **os.environ,
        "CONVIVIAL_ENV": "development",
        "CONVIVIAL_INSTANCE": tempfile.mkdtemp(prefix="convivial-bench-setup-"),
        "SECRET_KEY": "bench-secret-key",
        "DATABASE_URL": database_url,
    }


def prepare(database_url: str, *, cases: int, users: int = 0) -> dict:
    """Practitioner accounts and cases with the assessment stage open (recording_setup)."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.recording_setup", "prepare"]
        + ["--cases", str(cases), "--users", str(users)],
        env=service_env(database_url),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def fill(database_url: str, record_ids: list[int]) -> None:
    """Realistic answers to the whole assessment in these records."""
    subprocess.run(
        [sys.executable, "-m", "bench.recording_setup", "fill", *map(str, record_ids)],
        env=service_env(database_url),
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def service_times(
    database_url: str, username: str, paths: list[str], autosave: tuple[str, str], repeat=20
) -> dict:
    """Median ms and SQL statements per request, one request at a time, in-process."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.recording_setup", "time", "--user", username]
        + ["--repeat", str(repeat), "--autosave", *autosave, *paths],
        env=service_env(database_url),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


@dataclass
class PageState:
    csrf_token: str
    revision: int
    save_key: str


def page_state(html: str) -> PageState:
    return PageState(
        CSRF.search(html).group(1),
        int(REVISION.search(html).group(1)),
        SAVE_KEY.search(html).group(1),
    )


class Browser:
    """One signed-in session (cookies kept), for setting up; not for timing."""

    def __init__(self, base: str):
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        return self.opener.open(self.base + path).read().decode()

    def post(self, path: str, data: dict) -> tuple[str, str]:
        """POST a form, following redirects; the final URL and page."""
        body = urllib.parse.urlencode(data, doseq=True).encode()
        with self.opener.open(self.base + path, data=body) as response:
            return response.geturl(), response.read().decode()

    def sign_in(self, username: str, password: str) -> Browser:
        token = CSRF.search(self.get("/sign-in")).group(1)
        url, _ = self.post(
            "/sign-in", {"csrf_token": token, "username": username, "password": password}
        )
        if url.endswith("/sign-in"):
            raise RuntimeError(f"could not sign in as {username}")
        return self

    @property
    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def start_record(self, case_id: int, instance_id: int) -> int:
        token = CSRF.search(self.get(f"/cases/{case_id}")).group(1)
        url, _ = self.post(f"/cases/{case_id}/stages/{instance_id}/record", {"csrf_token": token})
        return int(re.search(r"/records/(\d+)", url).group(1))


def biggest_section(browser: Browser, record_id: int) -> tuple[str, int]:
    """The section whose empty page is largest in bytes, and that size."""
    contents = browser.get(f"/records/{record_id}")
    ids = dict.fromkeys(re.findall(rf"/records/{record_id}/sections/([a-z0-9_]+)", contents))
    sizes = {s: len(browser.get(f"/records/{record_id}/sections/{s}").encode()) for s in ids}
    section = max(sizes, key=sizes.get)
    return section, sizes[section]


class Connection:
    """A keep-alive connection with one session's cookie, for timed requests.

    gunicorn closes a keep-alive connection after 2 s idle; like a browser, a request that
    finds its reused connection closed before any reply is sent again on a new one
    (counted in ``reconnects``; autosave posts carry idempotency keys, so this is safe).
    """

    def __init__(self, base: str, cookie: str, timeout: float = 60):
        parts = urlsplit(base)
        self.host, self.port, self.cookie, self.timeout = (
            parts.hostname,
            parts.port,
            cookie,
            timeout,
        )
        self.conn = self._connect()
        self.reconnects = 0

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def request(self, method: str, path: str, body: dict | None = None, json_reply=False):
        headers = {"Cookie": self.cookie}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if json_reply:
            headers["Accept"] = "application/json"
        reused = self.conn.sock is not None
        try:
            return self._send(method, path, data, headers)
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            self.conn.close()
            self.conn = self._connect()
            if not reused:
                raise
            self.reconnects += 1
            return self._send(method, path, data, headers)
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = self._connect()
            raise

    def _send(self, method, path, data, headers) -> tuple[int, bytes]:
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        return response.status, response.read()

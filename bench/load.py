"""Drive a URL from a second process: wrk when Debian's wrk is installed, else Python."""

from __future__ import annotations

import http.client
import re
import shutil
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class Figures:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    tool: str


def drive(url: str, *, seconds: int, connections: int, cookie: str | None = None) -> Figures:
    if shutil.which("wrk"):
        return _wrk(url, seconds, connections, cookie)
    return _python(url, seconds, connections, cookie)


def _wrk(url: str, seconds: int, connections: int, cookie: str | None) -> Figures:
    # wrk's default 2 s timeout would drop slow pages from the figures instead of counting them.
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "60s",
        "--latency",
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    if non2xx:
        errors += int(non2xx.group(1))
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Figures(rps, latency("50%"), latency("99%"), errors, "wrk")


def _python(url: str, seconds: int, connections: int, cookie: str | None) -> Figures:
    parts = urlsplit(url)
    path = parts.path or "/"
    headers = {"Cookie": cookie} if cookie else {}
    deadline = time.monotonic() + seconds

    def worker() -> tuple[list[float], int]:
        latencies, errors = [], 0
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    errors += 1
            except OSError:
                errors += 1
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            latencies.append((time.perf_counter() - start) * 1000)
        return latencies, errors

    with ThreadPoolExecutor(connections) as pool:
        results = list(pool.map(lambda _: worker(), range(connections)))
    latencies = sorted(lat for lats, _ in results for lat in lats)
    errors = sum(e for _, e in results)
    return Figures(
        len(latencies) / seconds,
        statistics.median(latencies),
        latencies[int(len(latencies) * 0.99) - 1],
        errors,
        "python",
    )

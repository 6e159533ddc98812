"""wrk driving the service for bench_recording.py: GET scenarios (retried until wrk's
connections land evenly on the two workers) and autosave POSTs from
bench/recording_wrk.lua, with the CPU each request cost (bench/process_cpu.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.load import Figures
from bench.process_cpu import Cost, Used, service_ids, used
from bench.worker_spread import spread

LUA = Path(__file__).with_name("recording_wrk.lua")
WORKERS = 2  # as `convivial serve` and bench/service.py run it


UNEVEN = 2  # connections: a spread wider than 9:7 on two workers is started again
TRIES = 5


def wrk(command: list[str], seconds: int, *, retry: bool = True) -> tuple[str, str, str, Used]:
    """Run wrk; (stdout, stderr, connections per worker half-way through the run, the CPU
    the service, PostgreSQL and wrk used while it ran: bench/process_cpu.py).

    With ``retry``, a run whose connections land unevenly on the workers (wider than
    9:7) is stopped after a second and started again, up to TRIES times. The spread is
    decided when wrk connects, by which worker wins each accept (bench/worker_spread.py):
    at 16:0 a run measures that race on one core, not the code. The spread printed says
    which try it was. Not for autosave, whose connections carry revisions from one run.
    """
    port = int(command[-1].split("://", 1)[1].split("/", 1)[0].rsplit(":", 1)[1])
    service = service_ids(port)
    for attempt in range(1, TRIES + 1):
        before = used(service)
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        time.sleep(1)
        if retry and attempt < TRIES and not even(spread(port, WORKERS)):
            process.kill()
            process.communicate()
            time.sleep(0.5)  # the workers see the connections close
            continue
        time.sleep(max(0, seconds / 2 - 1))
        at_half = spread(port, WORKERS)
        out, err = process.communicate()
        spent = used(service) - before
        if process.returncode:
            raise subprocess.CalledProcessError(process.returncode, command, out, err)
        return out, err, at_half if attempt == 1 else f"{at_half} (try {attempt})", spent
    raise AssertionError("unreachable")


def even(spread_text: str) -> bool:
    """Whether a spread ("9:7", or "16:0 (try 5)" as printed) is within 9:7; an unknown
    one ("?") counts as even."""
    counts = [int(n) for n in spread_text.split(" ", 1)[0].split(":") if n.isdigit()]
    return not counts or max(counts) - min(counts) <= UNEVEN


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string of ASCII is a valid Lua string literal


def autosave_script(clients: list[dict], nonce: str) -> str:
    rows = ",\n".join(
        "  {"
        + ", ".join(f"{key} = {_lua_string(str(value))}" for key, value in client.items())
        + "}"
        for client in clients
    )
    return (
        LUA.read_text()
        .replace("__CLIENTS__", "{\n" + rows + "\n}", 1)
        .replace("__NONCE__", _lua_string(nonce), 1)
    )


def drive_autosave(base: str, clients: list[dict], seconds: int, nonce: str) -> dict:
    """wrk with one thread per connection; the Lua script's totals as a dict."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(autosave_script(clients, nonce))
    try:
        n = len(clients)
        out, err, at_half, _ = wrk(
            ["wrk", f"-t{n}", f"-c{n}", f"-d{seconds}s", "--timeout", "60s"]
            + ["-s", script.name, base],
            seconds,
            retry=False,
        )
    finally:
        os.unlink(script.name)
    sys.stderr.write(err)
    figures = json.loads(re.search(r"^RESULT (.*)$", out, re.M).group(1))
    figures["spread"] = at_half
    figures["requests_per_second"] = figures["requests"] / figures["seconds"]
    figures["errors"] = figures["conflicts"] + figures["failures"] + figures["socket_errors"]
    return figures


def drive(
    url: str,
    *,
    seconds: int,
    connections: int,
    cookie: str | None = None,
    postgres: bool = False,
) -> tuple[Figures, str, Cost]:
    """wrk GETs, as bench/load.py, but with a 60 s timeout: pages slower than wrk's default
    2 s would otherwise drop out of the latency figures (counted only as socket errors).
    Also the connections per worker half-way through, and the CPU a request cost."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out, _, at_half, spent = wrk([*command, url], seconds)

    def latency(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors += sum(int(n) for n in socket.groups()) if socket else 0
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    cost = Cost.per_request(spent, requests, postgres=postgres)
    return Figures(rps, latency("50%"), latency("99%"), errors, "wrk"), at_half, cost


def warm_up(base: str, path: str, cookie: str | None) -> None:
    """A few requests one at a time first: a cold worker compiles the form and templates,
    and concurrent first requests would each compile them at once."""
    headers = {"Cookie": cookie} if cookie else {}
    for _ in range(6):
        urllib.request.urlopen(urllib.request.Request(base + path, headers=headers)).read()  # noqa: S310
    drive(base + path, seconds=2, connections=4, cookie=cookie)

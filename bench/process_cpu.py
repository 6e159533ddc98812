"""CPU used by the service's processes, by PostgreSQL's and by the load generator, read from
/proc (Linux).

On a small machine wrk, the service and PostgreSQL share the cores, so requests per
second swing with whatever else runs and with how wrk's connections landed
(bench/worker_spread.py). The CPU a run's requests cost moves much less: divided by the
requests served, it is the price of one page in service and database time, which is what
a ratio of requests per second estimates on a saturated machine. Time stolen by the host
still inflates it, alike for a page and its baseline measured a minute apart.
"""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass
from pathlib import Path

from bench.worker_spread import holders, process_ids

_LISTEN = "0A"  # /proc/net/tcp's state for a listening socket


@dataclass(frozen=True)
class Used:
    """CPU seconds used so far: the service's processes, PostgreSQL's, and this process's
    children that have ended (the load generator, once it is waited for)."""

    service: float
    postgres: float | None  # None where no PostgreSQL runs on this machine
    children: float

    def __sub__(self, earlier: Used) -> Used:
        postgres = None
        if self.postgres is not None and earlier.postgres is not None:
            postgres = self.postgres - earlier.postgres
        return Used(self.service - earlier.service, postgres, self.children - earlier.children)


@dataclass(frozen=True)
class Cost:
    """CPU ms one request cost: the service's processes, and PostgreSQL's when the service
    runs on a PostgreSQL on this machine (for the baseline, which uses no database, only
    the server's idle ticking); apart, wrk's own, which a real browser spends elsewhere
    but which here comes out of the same cores (more for a larger page)."""

    service_ms: float
    postgres_ms: float | None
    wrk_ms: float

    @classmethod
    def per_request(cls, spent: Used, requests: int, *, postgres: bool) -> Cost:
        """``spent`` over ``requests``; PostgreSQL's share only when it is the database
        (on SQLite, a server idling on the same machine is not the page's cost)."""
        return cls(
            spent.service / requests * 1000,
            spent.postgres / requests * 1000 if postgres and spent.postgres is not None else None,
            spent.children / requests * 1000,
        )

    @property
    def total_ms(self) -> float:
        return self.service_ms + (self.postgres_ms or 0)

    def __str__(self) -> str:
        server = f"{self.service_ms:.2f}"
        if self.postgres_ms is not None:
            server += f" + {self.postgres_ms:.2f}"
        return f"{server} (wrk {self.wrk_ms:.2f})"


def cost_cell(rounds: list[tuple[Cost, Cost]]) -> str:
    """A table cell: the CPU a request cost in the median round by CPU ratio (a page's
    service + PostgreSQL over its own round's baseline), with the range of those ratios.
    ``rounds`` are (page, baseline) a round."""
    ratios = sorted(
        ((page.total_ms / baseline.total_ms, page) for page, baseline in rounds),
        key=lambda pair: pair[0],
    )
    ratio, cost = ratios[len(ratios) // 2]
    shown = f"{cost} ms; {ratio:.2f}x"
    if len(ratios) > 1:
        shown += f" ({ratios[0][0]:.2f}-{ratios[-1][0]:.2f})"
    return shown


def service_ids(port: int) -> list[str]:
    """The processes holding the socket listening on ``port``: gunicorn's master and its
    workers, which inherit it."""
    return holders(port, _LISTEN)


def used(service: list[str]) -> Used:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Used(
        _seconds(_stat(pid) for pid in service),
        postgres_seconds(),
        children.ru_utime + children.ru_stime,
    )


def postgres_seconds() -> float | None:
    """Seconds of CPU used so far by this machine's PostgreSQL processes, with the children
    the postmaster has reaped (autovacuum workers come and go); None where /proc shows
    none (another system, or a server elsewhere)."""
    stats = [fields for fields in map(_stat, process_ids()) if fields and fields[0] == "postgres"]
    if not stats:
        return None
    return _seconds(stats, reaped=True)


def _stat(pid: str) -> list[str] | None:
    """The command name, then the fields after it (proc(5): state is [1], utime [12])."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None  # ended, or not ours to read
    name, rest = text.split(" (", 1)[1].rsplit(") ", 1)
    return [name, *rest.split()]


def _seconds(stats, reaped: bool = False) -> float:
    ticks = 0
    for fields in stats:
        if not fields:
            continue
        utime, stime, cutime, cstime = (int(n) for n in fields[12:16])
        ticks += utime + stime + ((cutime + cstime) if reaped else 0)
    return ticks / os.sysconf("SC_CLK_TCK")

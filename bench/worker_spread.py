"""How a load generator's connections are spread over the service's worker processes.

wrk opens its connections once and keeps them for the whole run. gunicorn's workers share
one listening socket and whichever wakes first accepts, so 16 connections can land 8:8 or
16:0 on two workers; at 16:0 one worker (one core, one GIL) serves everything while the
other core idles, and the same code measures two to three times slower. The benches print
the spread beside each figure so that a reader can tell the code from that luck.

Read from /proc (Linux): the established sockets whose local port is the service's, and
which processes hold them.
"""

from __future__ import annotations

import os
from pathlib import Path


def spread(port: int, workers: int) -> str:
    """Established connections per worker process, most first ("9:7", "16:0"); "?" when
    /proc cannot say (another system, or no connections at that moment)."""
    inodes = _inodes(port, _ESTABLISHED)
    if not inodes:
        return "?"
    counts = [n for n in (_held(pid, inodes) for pid in process_ids()) if n]
    counts += [0] * max(0, workers - len(counts))
    return ":".join(str(n) for n in sorted(counts, reverse=True))


def holders(port: int, state: str) -> list[str]:
    """The processes holding a socket on local ``port`` in ``state`` (/proc/net/tcp's
    code: "01" established, "0A" listening)."""
    inodes = _inodes(port, state)
    if not inodes:
        return []
    return [pid for pid in process_ids() if _held(pid, inodes)]


_ESTABLISHED = "01"


def _inodes(port: int, wanted: str) -> set[int]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], int(fields[9])
            if state == wanted and int(local.rsplit(":", 1)[1], 16) == port:
                inodes.add(inode)
    return inodes


def process_ids() -> list[str]:
    return [entry.name for entry in Path("/proc").iterdir() if entry.name.isdigit()]


def _held(pid: str, inodes: set[int]) -> int:
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:  # gone, or not ours to read
        return 0
    held = 0
    for fd in fds:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:[") and int(target[8:-1]) in inodes:
            held += 1
    return held

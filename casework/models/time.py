"""The service's one source of "now", stored as naive UTC so SQLite and PostgreSQL
compare timestamps alike.

Everything that compares times (idle timeout, sign-in lockout and throttling, saves,
audit) calls ``utcnow``. In-process tests move it with time-machine. Browser tests run
the service as a subprocess, so a service started with the test configuration may be
given a file holding an offset in seconds (``CONVIVIAL_TEST_CLOCK_FILE``); the
configuration refuses that setting anywhere but ``CONVIVIAL_ENV=test``
(casework/config.py), and nothing else turns it on.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

_offset_file: Path | None = None


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None) + _test_offset()


def use_test_offset_file(path: str | None) -> None:
    """Called by the app factory only when the test configuration names a clock file."""
    global _offset_file  # noqa: PLW0603 - one clock per process, like the real one
    _offset_file = Path(path) if path else None


def _test_offset() -> timedelta:
    if _offset_file is None:
        return timedelta(0)
    try:
        return timedelta(seconds=float(_offset_file.read_text().strip() or 0))
    except (OSError, ValueError):
        return timedelta(0)  # no file yet (or half-written): the real time

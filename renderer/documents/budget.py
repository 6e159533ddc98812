"""Per-render limits: time, characters written, loop iterations, size of any one value.

One render runs at a time per thread; the current budget lives in a thread-local so the
shared environment and the filters can reach it without any global state between
renders.
"""

from __future__ import annotations

import threading
import time

MAX_OUTPUT_CHARS = 2_000_000  # everything a render writes, in any buffer
MAX_VALUE_CHARS = 1_000_000  # any one value a template builds
MAX_ITERATIONS = 20_000  # loop iterations in one render, all loops together
DEADLINE_SECONDS = 2.0

_local = threading.local()


class Stopped(Exception):
    """A render broke a bound; the message is for the working group."""


class Budget:
    def __init__(self, seconds: float = DEADLINE_SECONDS):
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds
        self.written = 0
        self.iterations = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise Stopped(
                f"the template took longer than {self.seconds:g} seconds, so it was stopped "
                "(look for a loop inside a loop, or a macro that calls itself)"
            )

    def iterate(self) -> None:
        self.iterations += 1
        if self.iterations > MAX_ITERATIONS:
            raise Stopped(
                f"the template's loops ran more than {MAX_ITERATIONS:,} times, so it was stopped"
            )
        self.tick()

    def write(self, value) -> None:
        self.written += len(value) if isinstance(value, str) else 16
        if self.written > MAX_OUTPUT_CHARS:
            raise Stopped(
                f"the document would be more than {MAX_OUTPUT_CHARS:,} characters long, "
                "so it was stopped"
            )


def current() -> Budget | None:
    return getattr(_local, "budget", None)


def start(seconds: float = DEADLINE_SECONDS) -> Budget:
    _local.budget = Budget(seconds)
    return _local.budget


def finish() -> None:
    _local.budget = None


def tick() -> None:
    budget = current()
    if budget is not None:
        budget.tick()


def size_of(value) -> int:
    if isinstance(value, str | list | tuple | dict):
        return len(value)
    return 8


def check_size(size: int) -> None:
    if size > MAX_VALUE_CHARS:
        raise Stopped(
            f"the template would build a value of {size:,} characters or items; "
            f"the limit is {MAX_VALUE_CHARS:,}"
        )


def checked(value):
    """The value, if it is small enough for a template to hold."""
    check_size(size_of(value))
    return value

"""The per-evaluation step budget.

Steps are counted per operation, and also per item whenever an array or string is built
or flattened, because a short rule can still do exponential work: reduce over forty
items with {"merge": [acc, acc]} doubles the accumulator each time. The budget lives in a
context variable so the coercion helpers can charge it without threading it through
every call.
"""

from __future__ import annotations

from contextvars import ContextVar

from .errors import MAX_STEPS, RuleError


class Budget:
    __slots__ = ("limit", "used")

    def __init__(self, limit: int = MAX_STEPS) -> None:
        self.limit = limit
        self.used = 0

    def charge(self, steps: int = 1) -> None:
        self.used += steps
        if self.used > self.limit:
            raise RuleError(f"rule needs more than the maximum of {self.limit} evaluation steps")


_current: ContextVar[Budget | None] = ContextVar("jsonlogic_budget", default=None)


def charge(steps: int = 1) -> None:
    budget = _current.get()
    if budget is not None:
        budget.charge(steps)


def activate(budget: Budget):
    return _current.set(budget)


def deactivate(token) -> None:
    _current.reset(token)

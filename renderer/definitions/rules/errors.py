"""Errors, static problems and the evaluation limits shared by every module."""

from __future__ import annotations

from dataclasses import dataclass

# Rules come from definitions that councils exchange, so a rule is untrusted input:
# these bounds stop a hostile or careless rule from hanging a server worker.
MAX_DEPTH = 64
MAX_STEPS = 100_000


class RuleError(ValueError):
    """A rule could not be evaluated (or would not be evaluated by json-logic-js)."""


@dataclass(frozen=True)
class RuleProblem:
    """A static problem found in a rule by ``check_rule``.

    ``path`` is the location inside the rule as JSON keys and list indices, e.g.
    ``("and", 1, "==")`` for the operator of the second condition of an ``and``.
    """

    message: str
    path: tuple[str | int, ...] = ()

    @property
    def pointer(self) -> str:
        """The path as an RFC 6901 JSON Pointer ("" is the whole rule)."""
        parts = (str(p).replace("~", "~0").replace("/", "~1") for p in self.path)
        return "".join("/" + p for p in parts)

    def __str__(self) -> str:
        return f"{self.message} (at {self.pointer or '/'})"

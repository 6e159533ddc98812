"""A seeded generator of random rules and data for the differential test.

The pools lean on the values where JavaScript coercion is surprising (numeric strings
with spaces or hex, "0", "", [], null, -0 from arithmetic, 1e21, 0.1 + 0.2, astral
characters) and on the argument-count edge cases json-logic-js silently accepts.
"""

from __future__ import annotations

import random

# fmt: off
NUMBERS = [0, 1, -1, 2, 3, 7, 10, 100, 0.1, 0.2, 0.5, 1.5, -2.5, 1e21, 1e-7, 1e300,
           123456789012, 2**53 + 2, 5e-324, 0.30000000000000004, -0.000001, 999999999999999900000]
STRINGS = ["", "0", "1", "2", "10", " 12 ", "1e3", "0x1A", "0b11", "0o7", "-0", "abc", "a",
           "b", "Infinity", "-Infinity", "NaN", "1,2", "true", "false", "null", "yes", "no",
           "a.b", "\t", "\n", "2026-11-23", "2025-01-01", "2026-11-23T10:00", "é", "😀x",
           "x😀", "1.5", ".5", "5.", "+3", "1_000", "inf", "\u00a01\u00a0", "\x1c1", "\uffff",
           "[object Object]", "1e", "-.5e1", "0x", "  "]
OTHER = [True, False, None]
ARRAYS = [[], [1], [1, 2], ["a", "b"], [None], [[1, 2], [3]], ["1"], [0], [""], [True],
          [[]], [1, "1", None, False], ["yes", "no"]]
NAMES = ["a", "b", "c", "s", "n", "xs", "xs.0", "xs.1", "xs.length", "s.length", "s.0",
         "nested.p.q", "nested.arr.1", "nested", "missing_key", "a.b", "people.0.x",
         "empty", "nothing", "today", "d", "0", "1"]
ITEM_NAMES = ["", "x", "y", "0", "length", "x.0"]
REDUCE_NAMES = ["current", "accumulator", "current.x", "accumulator.0", ""]

SIMPLE = ["==", "===", "!=", "!==", ">", ">=", "<", "<=", "!", "!!", "or", "and", "max",
          "min", "+", "-", "*", "/", "%", "in", "cat", "substr", "merge", "if", "?:"]
# fmt: on
SCOPED = ["map", "filter", "reduce", "all", "none", "some"]


class Generator:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def scalar(self) -> object:
        pool = self.r.choice([NUMBERS, NUMBERS, STRINGS, STRINGS, OTHER])
        value = self.r.choice(pool)
        if pool is NUMBERS and self.r.random() < 0.3:
            value = -value
        return value

    def value(self) -> object:
        roll = self.r.random()
        if roll < 0.7:
            return self.scalar()
        if roll < 0.9:
            return list(self.r.choice(ARRAYS))
        return [self.scalar() for _ in range(self.r.randint(0, 3))]

    def data(self) -> object:
        roll = self.r.random()
        if roll < 0.05:
            return self.value()
        people = [{"x": self.scalar(), "y": self.scalar()} for _ in range(self.r.randint(0, 3))]
        return {
            "a": self.value(),
            "b": self.value(),
            "c": self.scalar(),
            "s": self.r.choice(STRINGS),
            "n": self.r.choice(NUMBERS),
            "xs": [self.value() for _ in range(self.r.randint(0, 4))],
            "nested": {"p": {"q": self.value()}, "arr": list(self.r.choice(ARRAYS))},
            "people": people,
            "empty": "",
            "nothing": None,
            "today": "2026-11-23",
            "d": self.r.choice(["2026-11-22", "2026-11-23", "2026-11-24", ""]),
            "obj": {"k": self.scalar()},
        }

    def rule(self, depth: int = 4, names: list = NAMES) -> object:
        roll = self.r.random()
        if depth <= 0 or roll < 0.25:
            return self.value() if self.r.random() < 0.5 else self.var(names)
        if roll < 0.3:
            return [self.rule(depth - 1, names) for _ in range(self.r.randint(0, 3))]
        if roll < 0.36:
            return self.missing()
        if roll < 0.46:
            return self.scoped(depth)
        if roll < 0.5:
            return self.var(names, default=self.rule(depth - 1, names))
        if roll < 0.56:
            return self.probe(names)
        op = self.r.choice(SIMPLE)
        count = self.r.choice([0, 1, 2, 2, 2, 2, 3, 3, 4]) if op not in ("!", "!!") else 1
        args = [self.rule(depth - 1, names) for _ in range(count)]
        if count == 1 and self.r.random() < 0.3 and not isinstance(args[0], list):
            return {op: args[0]}
        return {op: args}

    def probe(self, names: list) -> dict:
        """A coercion-sensitive value straight into truthiness, equality or order."""
        value = self.value() if self.r.random() < 0.7 else self.var(names)
        op = self.r.choice(["!", "!!", "if", "and", "or", "==", "<", "<=", "+", "in"])
        if op == "if":
            return {"if": [value, "then", "else"]}
        if op in ("and", "or"):
            return {op: [value, "other"]}
        if op in ("!", "!!"):
            return {op: [value]}
        return {op: [value, self.value()]}

    def var(self, names: list, default: object = None) -> dict:
        name = self.r.choice(names)
        if default is not None:
            return {"var": [name, default]}
        return {"var": name} if self.r.random() < 0.6 else {"var": [name]}

    def missing(self) -> dict:
        keys = self.r.sample(NAMES, self.r.randint(0, 3))
        roll = self.r.random()
        if roll < 0.4:
            return {"missing": keys}
        if roll < 0.6:
            return {"missing": [keys]}
        if roll < 0.7:
            return {"missing": {"merge": [keys[:1], {"if": [self.var(NAMES), keys[1:], []]}]}}
        return {"missing_some": [self.r.choice([0, 1, 2, "1", None]), keys]}

    def scoped(self, depth: int) -> dict:
        op = self.r.choice(SCOPED)
        source = self.r.choice(
            [
                {"var": "xs"},
                {"var": "people"},
                {"var": "a"},
                {"var": "s"},
                list(self.r.choice(ARRAYS)),
                {"merge": [{"var": "xs"}, [1, "2"]]},
            ]
        )
        names = REDUCE_NAMES if op == "reduce" else ITEM_NAMES
        body = self.rule(min(depth - 1, 2), names)
        args = [source, body]
        if op == "reduce" and self.r.random() < 0.8:
            args.append(self.r.choice([0, "", [], None, self.scalar()]))
        if self.r.random() < 0.05:
            args = args[:1]
        return {op: args}


def generate(count: int, seed: int = 20261123) -> list[tuple[object, object]]:
    gen = Generator(seed)
    return [(gen.rule(), gen.data()) for _ in range(count)]

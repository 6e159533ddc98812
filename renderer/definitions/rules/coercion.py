"""JavaScript values and coercions, as json-logic-js 2.0.5 relies on them.

JS values are held as plain Python values: null -> None, booleans -> bool, numbers ->
int or float (ints only as given in data; arithmetic produces floats), strings -> str,
arrays -> list, objects -> dict, and undefined -> the ``UNDEFINED`` sentinel. Python
quietly differs from JS in many places (True == 1, bool({}) is False, bool(nan) is True,
float(" inf ") parses, str.strip() strips \\x1c), so every check here is explicit.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import TypeGuard

from .errors import RuleError


class _Undefined:
    """JavaScript ``undefined``: a missing argument or the result of ``{"and": []}``."""

    _instance: _Undefined | None = None

    def __new__(cls) -> _Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNDEFINED"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "UNDEFINED"


UNDEFINED = _Undefined()
NAN = math.nan
INF = math.inf

# StrWhiteSpaceChar in ECMA-262: WhiteSpace (incl. every Unicode "Zs") and LineTerminator.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"  # noqa: E501
_DECIMAL = r"[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
_STRING_NUMBER = re.compile(_DECIMAL + r"\Z")
_PARSE_FLOAT = re.compile(_DECIMAL)
_RADIX = re.compile(r"0(?:[xX](?P<x>[0-9a-fA-F]+)|[oO](?P<o>[0-7]+)|[bB](?P<b>[01]+))\Z")


def js_type(value: object) -> str:
    """The JS ``typeof``-like kind: undefined, null, boolean, number, string, object."""
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | dict):
        return "object"
    raise RuleError(f"rule data must be JSON values, not {type(value).__name__}")


def is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def truthy(value: object) -> bool:
    """json-logic-js truthiness: JS truthiness, except that an empty array is false."""
    if isinstance(value, list):
        return len(value) > 0
    return js_bool(value)


def js_bool(value: object) -> bool:
    """Plain JS ``!!value`` (an empty array is true here)."""
    if value is None or value is UNDEFINED or value is False:
        return False
    if isinstance(value, str):
        return value != ""
    if isinstance(value, float):
        return not (value == 0 or value != value)
    if isinstance(value, int):
        return value != 0
    return True


def as_float(value: int | float) -> float:
    try:
        return float(value)
    except OverflowError:
        # JSON.parse turns integer literals beyond the double range into Infinity.
        return math.copysign(INF, value)


def string_to_number(text: str) -> float:
    text = text.strip(_JS_SPACE)
    if text == "":
        return 0.0
    if _STRING_NUMBER.match(text):
        return _decimal_to_float(text)
    radix = _RADIX.match(text)
    if radix:
        digits, base = next((d, b) for d, b in zip(radix.groups(), (16, 8, 2), strict=True) if d)
        return as_float(int(digits, base))
    return NAN


def _decimal_to_float(text: str) -> float:
    if text.endswith("Infinity"):
        return -INF if text.startswith("-") else INF
    return float(text)


def to_number(value: object) -> float:
    """ECMA-262 ToNumber, always returning a float."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if isinstance(value, int):
        return as_float(value)
    if value is None:
        return 0.0
    if value is UNDEFINED:
        return NAN
    if isinstance(value, str):
        return string_to_number(value)
    return to_number(to_primitive(value))


def parse_float(value: object) -> float:
    """The global ``parseFloat``: the longest numeric prefix of ToString(value)."""
    text = to_string(value).lstrip(_JS_SPACE)
    match = _PARSE_FLOAT.match(text)
    return _decimal_to_float(match.group()) if match else NAN


def to_integer_or_infinity(value: object) -> float:
    number = to_number(value)
    if number != number:
        return 0.0
    if math.isinf(number):
        return number
    return float(math.trunc(number))


def number_to_string(number: float) -> str:
    """ECMA-262 Number::toString(10): shortest round-trip digits, JS layout."""
    if number != number:
        return "NaN"
    if number == 0:
        return "0"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number < 0:
        return "-" + number_to_string(-number)
    # repr() gives the same shortest round-trip digits as JS; only the layout differs.
    _, digit_tuple, raw_exponent = Decimal(repr(number)).as_tuple()
    exponent = int(raw_exponent)  # finite: NaN and the infinities were answered above
    digits = "".join(map(str, digit_tuple)).rstrip("0")
    exponent += len(digit_tuple) - len(digits)
    k = len(digits)
    n = exponent + k
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * -n + digits
    sign = "+" if n - 1 >= 0 else "-"
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{mantissa}e{sign}{abs(n - 1)}"


def to_string(value: object) -> str:
    """ECMA-262 ToString (arrays join with ",", objects are "[object Object]")."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return number_to_string(as_float(value))
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    return to_string(to_primitive(value))


def join(items: list, separator: str) -> str:
    """``Array.prototype.join``: null and undefined become ""."""
    from .limits import charge

    charge(len(items))
    return separator.join("" if v is None or v is UNDEFINED else to_string(v) for v in items)


def to_primitive(value: object) -> object:
    """ToPrimitive for JSON values: arrays and objects have no useful valueOf."""
    if isinstance(value, list):
        return join(value, ",")
    if isinstance(value, dict):
        return "[object Object]"
    js_type(value)
    return value


def strict_equals(a: object, b: object) -> bool:
    """``a === b``; arrays and objects are equal only if they are the same object."""
    kind = js_type(a)
    if kind != js_type(b):
        return False
    if is_number(a) and is_number(b):
        return as_float(a) == as_float(b)
    if kind == "object":
        return a is b
    return a == b


def loose_equals(a: object, b: object) -> bool:
    """``a == b`` (ECMA-262 IsLooselyEqual)."""
    ka, kb = js_type(a), js_type(b)
    if ka == kb:
        return strict_equals(a, b)
    if ka in ("null", "undefined") or kb in ("null", "undefined"):
        return ka in ("null", "undefined") and kb in ("null", "undefined")
    if ka == "boolean":
        return loose_equals(to_number(a), b)
    if kb == "boolean":
        return loose_equals(a, to_number(b))
    if ka == "object":
        return loose_equals(to_primitive(a), b)
    if kb == "object":
        return loose_equals(a, to_primitive(b))
    return to_number(a) == to_number(b)


def less_than(a: object, b: object) -> bool | None:
    """IsLessThan: True, False, or None for JS ``undefined`` (a NaN was involved)."""
    pa, pb = to_primitive(a), to_primitive(b)
    if isinstance(pa, str) and isinstance(pb, str):
        if _has_astral(pa) or _has_astral(pb):
            return _utf16(pa) < _utf16(pb)
        return pa < pb
    na, nb = to_number(pa), to_number(pb)
    if na != na or nb != nb:
        return None
    return na < nb


def _has_astral(text: str) -> bool:
    return not text.isascii() and max(text) >= "\U00010000"


def _utf16(text: str) -> bytes:
    # Big-endian bytes order like UTF-16 code units: JS compares strings by code unit,
    # so an astral character sorts below U+E000..U+FFFF, unlike Python's code points.
    return text.encode("utf-16-be", "surrogatepass")


def utf16_units(text: str) -> str | list[str]:
    """The UTF-16 code units of ``text`` (the string itself when it has no astral chars)."""
    if not _has_astral(text):
        return text
    data = text.encode("utf-16-le", "surrogatepass")
    return [data[i : i + 2].decode("utf-16-le", "surrogatepass") for i in range(0, len(data), 2)]


def contains(haystack: str, needle: str) -> bool:
    """``haystack.indexOf(needle) !== -1`` by UTF-16 code units, so a lone surrogate
    can match half of an astral character as it does in JS."""
    if not (_has_surrogate(needle) and _has_astral(haystack)):
        return needle in haystack
    hay, sought = _utf16(haystack), _utf16(needle)
    start = hay.find(sought)
    while start != -1 and start % 2:
        start = hay.find(sought, start + 1)
    return start != -1


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def from_units(units: str | list[str]) -> str:
    """Join code units back into a str, re-pairing surrogates as JS would see them."""
    if isinstance(units, str):
        return units
    return normalise_surrogates("".join(units))


def normalise_surrogates(text: str) -> str:
    """Merge adjacent surrogate halves (e.g. from "cat") into one astral character."""
    if not _has_surrogate(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def js_length(value: object) -> object:
    """``value.length`` for a JSON value; TypeError (RuleError) on null/undefined."""
    if value is None or value is UNDEFINED:
        raise RuleError(f"cannot read 'length' of {to_string(value)}")
    if isinstance(value, str):
        return len(utf16_units(value))
    if isinstance(value, list):
        return len(value)
    if isinstance(value, dict):
        return value.get("length", UNDEFINED)
    return UNDEFINED


def add(a: object, b: object) -> object:
    """The binary JS ``+`` operator (concatenates if either side is a string)."""
    pa, pb = to_primitive(a), to_primitive(b)
    if isinstance(pa, str) or isinstance(pb, str):
        return to_string(pa) + to_string(pb)
    return to_number(pa) + to_number(pb)

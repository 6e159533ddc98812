"""The one password policy: a minimum length and a deny-list, no composition rules.

This follows the NCSC's password guidance: length, and refusing passwords that people
often use or that have appeared in breaches. Rules such as "one capital and one
symbol" make passwords harder to remember without making them harder to guess.

The deny-list is zxcvbn's list of the 30,000 passwords seen most often in breaches,
compared in lower case, whole and with any digits or punctuation on the end taken off
(so ``password1234`` and ``Dragon!!`` count as ``password`` and ``dragon``), plus words
anyone would try against this service: its name, the council's name and the username.

Nothing here touches Flask or the database: callers pass the words about the service.
"""

from __future__ import annotations

import re
import secrets
import string
from collections.abc import Iterable
from functools import cache

MINIMUM_LENGTH = 12
# Long passphrases are welcome; the cap only stops a megabyte being hashed per request.
MAXIMUM_LENGTH = 200

TOO_SHORT = f"Enter a password that is at least {MINIMUM_LENGTH} characters long"
TOO_LONG = f"Enter a password that is {MAXIMUM_LENGTH} characters or fewer"
COMMON = "Choose a password that is harder to guess: it is on a list of passwords people often use"
ABOUT_THE_SERVICE = (
    "Choose a password that is harder to guess: it is mostly made of your username, "
    "the name of this service or the name of your council"
)
REPEATED = (
    "Choose a password that is harder to guess: it is one character repeated or "
    "a simple run such as 123456789 or abcdefgh"
)

_TAIL = re.compile(r"[\W\d_]+$")
_NOT_LETTERS = re.compile(r"[\W\d_]+")
# What must be left once the words about the service are taken out, for the rest to
# count as a password of its own rather than the service's name with something added.
_MINIMUM_REMAINDER = 6


@cache
def deny_list() -> frozenset[str]:
    """zxcvbn's breached-password list, loaded once on first use (it is a large module)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    words = FREQUENCY_LISTS["passwords"]
    if isinstance(words, str):  # the generated module stores a comma-separated string
        words = words.split(",")
    return frozenset(word.lower() for word in words)


def _core(password: str) -> str:
    return _TAIL.sub("", password.lower())


def _is_run(password: str) -> bool:
    """One character repeated, or a run of neighbours going up or down (1234..., abcd...)."""
    text = password.lower()
    if len(set(text)) == 1:
        return True
    steps = {ord(b) - ord(a) for a, b in zip(text, text[1:], strict=False)}
    return len(steps) == 1 and steps <= {1, -1}


def _service_words(words: Iterable[str | None]) -> list[str]:
    found = set()
    for word in words:
        if not word:
            continue
        word = word.lower().strip()
        found.add(word)
        # "Northshire County Council" is also guessed as "northshire" or without spaces.
        found.add(_NOT_LETTERS.sub("", word))
        found.update(part for part in _NOT_LETTERS.split(word) if len(part) >= 4)
    # Longest first, so "convivial" goes before any shorter word inside it.
    return sorted((w for w in found if len(w) >= 3), key=len, reverse=True)


def problem(password: str, *, about_the_service: Iterable[str | None] = ()) -> str | None:
    """Why this password will not do, in words that say what to do; or None if it will."""
    if len(password) < MINIMUM_LENGTH:
        return TOO_SHORT
    if len(password) > MAXIMUM_LENGTH:
        return TOO_LONG
    lowered = password.lower()
    denied = deny_list()
    # The whole password, and it cut anywhere in the digits and punctuation on its end:
    # "password1234" is "password", and "1234567890123" is "1234567890" plus "123".
    if any(
        lowered[:end] in denied for end in range(max(1, len(_core(password))), len(lowered) + 1)
    ):
        return COMMON
    if _is_run(password) or _is_run(_core(password) or password):
        return REPEATED
    words = _service_words(about_the_service)
    if any(word in lowered for word in words):
        remainder = lowered
        for word in words:
            remainder = remainder.replace(word, "")
        letters = _NOT_LETTERS.sub("", remainder)
        if len(letters) < _MINIMUM_REMAINDER or letters in denied:
            return ABOUT_THE_SERVICE
    return None


# No 0/o, 1/l/i: a temporary password is read out over the phone or copied from a screen.
_TEMPORARY_ALPHABET = "".join(c for c in string.ascii_lowercase + string.digits if c not in "01ilo")


def temporary(about_the_service: Iterable[str | None] = ()) -> str:
    """A random password to read out: four groups of four, such as ``k7mq-x3pt-9hdw-a4ne``."""
    words = list(about_the_service)
    while True:
        groups = ("".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(4)) for _ in range(4))
        candidate = "-".join(groups)
        if problem(candidate, about_the_service=words) is None:
            return candidate

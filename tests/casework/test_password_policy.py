"""The password policy: a minimum length and a deny-list (NCSC), no composition rules."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.auth import passwords
from casework.auth.passwords import (
    ABOUT_THE_SERVICE,
    COMMON,
    REPEATED,
    TOO_LONG,
    TOO_SHORT,
    deny_list,
    problem,
    temporary,
)

SERVICE = ("convivial", "Convivial", "Northshire County Council", "jo.bloggs")


def test_the_deny_list_is_zxcvbns_breached_password_list():
    words = deny_list()
    assert len(words) >= 25_000
    assert {"password", "letmein", "qwertyuiop", "iloveyou"} <= words
    assert all(word == word.lower() for word in words)


@pytest.mark.parametrize(
    "password",
    [
        "password1234",  # accepted for an administrator before this policy
        "Password1234!",
        "PASSWORD!!!!2024",
        "qwertyuiop12",
        "1qaz2wsx3edc",  # long enough, and on the list itself
        "iloveyou2024!!",
        "letmein-12345",
    ],
)
def test_common_passwords_are_refused_with_what_to_do(password):
    assert problem(password) == COMMON
    assert COMMON.startswith("Choose a password that is harder to guess")


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaaaa", "abcdefghijklm", "zyxwvutsrqpo", "mmmmmmmmmmmmmm"]
)
def test_one_character_or_a_simple_run_is_refused(password):
    assert problem(password) == REPEATED


@pytest.mark.parametrize(
    "password",
    [
        "convivial2026!",
        "Convivial-convivial",
        "northshire123456",
        "NorthshireCounty1",
        "jo.bloggs-2026!!",
        "convivialdemo2026",  # "demo" is on the list, so this is the name plus a common word
    ],
)
def test_words_about_the_service_are_refused(password):
    assert problem(password, about_the_service=SERVICE) == ABOUT_THE_SERVICE


@pytest.mark.parametrize(
    "password",
    [
        "kettle-orchard-demo",
        "correct horse battery staple",
        "pattern-lamp-violet",  # holds "pat", a username, inside longer words
        "convivial-harbour-tractor",  # the service's name with plenty of its own besides
        "x" * 3 + "Q7#mT!p2vR",
        "é" * 2 + "ünïcödé-pässwörd",
    ],
)
def test_long_uncommon_passwords_are_accepted_with_no_composition_rules(password):
    assert problem(password, about_the_service=(*SERVICE, "pat")) is None


def test_length_limits_say_what_to_enter():
    assert problem("short-one") == TOO_SHORT
    assert "at least 12 characters" in TOO_SHORT
    assert problem("ab" * 6 + "cdefgh") is None
    assert problem("tractor-" * 25) is None  # 200 characters
    assert problem("tractor-" * 25 + "x") == TOO_LONG


@given(
    word=st.sampled_from(sorted(deny_list())),
    tail=st.text(alphabet=string.digits + string.punctuation + " ", max_size=12),
)
def test_any_listed_password_with_digits_or_punctuation_on_the_end_is_refused(word, tail):
    found = problem(word.upper() + tail)
    assert found is not None
    assert found in (COMMON, TOO_SHORT, TOO_LONG)


def test_temporary_passwords_pass_the_policy_and_are_easy_to_read_out():
    made = {temporary(SERVICE) for _ in range(50)}
    assert len(made) == 50
    for password in made:
        assert problem(password, about_the_service=SERVICE) is None
        groups = password.split("-")
        assert [len(g) for g in groups] == [4, 4, 4, 4]
        assert not set(password) & set("01ilo")


def test_the_policy_module_is_pure():
    text = Path(passwords.__file__).read_text(encoding="utf-8")
    for framework in ("flask", "sqlalchemy", "wtforms"):
        assert f"import {framework}" not in text and f"from {framework}" not in text

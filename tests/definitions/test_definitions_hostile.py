"""Hostile input is refused quickly, with the specific limit in the message."""

import time

import pytest

from renderer.definitions import DefinitionError, form_from_text, load_form

BASE = """id: hostile
version: 1
title: Hostile
purpose: To attack the loader.
owner: Tests
sections:
  - id: main
    title: Main
    fields:
      - id: code
        type: text
        label: Code
"""


# The bounds are generous on purpose: an expanded bomb or a backtracking regex takes
# minutes or exhausts memory, so even a loaded CI machine stays far inside them, while
# the tests still fail if a limit stops working.
def refused(text, code, fragment, seconds=20.0):
    start = time.perf_counter()
    with pytest.raises(DefinitionError) as info:
        form_from_text(text, "hostile.yaml")
    elapsed = time.perf_counter() - start
    codes = [p.code for p in info.value.problems]
    assert codes == [code], [str(p) for p in info.value.problems]
    assert fragment in info.value.problems[0].message
    assert elapsed < seconds, f"took {elapsed:.2f}s"
    return info.value.problems[0]


def test_python_tag_is_refused_and_never_run(tmp_path):
    marker = tmp_path / "owned"
    text = BASE.replace(
        "purpose: To attack the loader.",
        f"purpose: !!python/object/apply:os.system ['touch {marker}']",
    )
    p = refused(text, "CV103", "'!!python/object/apply:os.system' is not allowed")
    assert p.line == 4
    assert not marker.exists()


def test_billion_laughs_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    refused(BASE + "\n".join(lines) + "\n", "CV104", "the limit is 50")


def test_alias_expansion_beyond_the_node_budget_is_refused():
    # few aliases (under the alias limit) but each doubles the size
    lines = ["a0: &a0 [" + ",".join(["x"] * 100) + "]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]")
    refused(BASE + "\n".join(lines) + "\n", "CV104", "the limit is 100,000")


def test_deeply_nested_lists_are_refused():
    refused(BASE + "x: " + "[" * 10000 + "]" * 10000 + "\n", "CV105", "the limit is 40")


def test_deeply_nested_block_mappings_are_refused():
    text = BASE + "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n"
    refused(text, "CV105", "nested more than 40 levels")


def test_five_megabyte_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text(BASE + "# " + "x" * (5 * 1024 * 1024) + "\n")
    start = time.perf_counter()
    with pytest.raises(DefinitionError) as info:
        load_form(big)
    assert time.perf_counter() - start < 20
    (p,) = info.value.problems
    assert p.code == "CV101"
    assert p.message == "This file is 5.0 MB; the limit is 1 MB."


def test_catastrophic_regex_is_refused():
    p = refused(BASE + "        pattern: '(a+)+$'\n", "CV308", "repeats a group")
    assert p.line == 13


def test_backreference_regex_is_refused_as_not_re2():
    refused(BASE + "        pattern: '(a)\\1'\n", "CV308", "not valid RE2 syntax")


def test_huge_integer_is_refused():
    refused(BASE + "        max_length: " + "9" * 5000 + "\n", "CV206", "the limit is 30")


def test_too_many_fields_states_the_limit():
    fields = "".join(f"      - {{id: f{i}, type: text, label: F}}\n" for i in range(501))
    text = BASE.split("      - id: code")[0] + fields
    refused(text, "CV107", "This form has 501 fields; the limit is 500.")


def test_too_many_options_states_the_limit():
    opts = "".join(f"          - {{id: o{i}, label: O}}\n" for i in range(201))
    text = BASE.replace("type: text", "type: single_choice") + "        options:\n" + opts
    refused(text, "CV107", "This field has 201 options; the limit is 200.")


def test_binary_and_non_utf8_input_is_refused(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"id: \xff\xfe\x00bad\n")
    with pytest.raises(DefinitionError) as info:
        load_form(bad)
    assert info.value.problems[0].code == "CV109"

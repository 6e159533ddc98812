"""Case facts in the language: names, kinds, and fit across a pathway."""

import textwrap

from renderer.definitions import load_form
from renderer.definitions.loader import check_form_file, check_pathway_file

from .conftest import FIXTURE_FORMS

FORM = """\
id: f
version: 1
title: Test form
purpose: For the tests.
owner: Tests
output:
  title: What we recorded
sections:
  - id: main
    title: Main
    fields:
{fields}
"""


def _check(tmp_path, fields: str):
    path = tmp_path / "f.yaml"
    path.write_text(FORM.format(fields=textwrap.indent(textwrap.dedent(fields), " " * 6)))
    return check_form_file(path)


def test_a_field_records_and_reads_its_fact_unless_told_otherwise():
    form = load_form(FIXTURE_FORMS / "fx_contact.yaml")
    address = form.fields_by_id["child_address"]
    assert (address.records_fact, address.reads_fact) == ("child.address", "child.address")
    assert form.fields_by_id["police_officer"].fact is None


def test_fact_use_records_is_never_prefilled_and_reads_is_never_kept(tmp_path):
    model, problems = _check(
        tmp_path,
        """\
        - id: seen
          type: date
          label: Date we saw the child
          fact: child.seen_on
          fact_use: records
        - id: address
          type: text
          label: Address
          fact: child.address
          fact_use: reads
        """,
    )
    assert problems == []
    assert model.fields_by_id["seen"].reads_fact is None
    assert model.fields_by_id["seen"].records_fact == "child.seen_on"
    assert model.fields_by_id["address"].records_fact is None


def test_a_fact_inside_a_repeating_group_is_refused(tmp_path):
    _, problems = _check(
        tmp_path,
        """\
        - id: people
          type: repeating_group
          label: People
          fields:
            - id: where
              type: text
              label: Where they live
              fact: child.address
        """,
    )
    assert [p.code for p in problems] == ["CV312"]
    assert "inside the repeating group 'people'" in problems[0].message


def test_two_fields_of_one_form_cannot_both_record_a_fact(tmp_path):
    _, problems = _check(
        tmp_path,
        """\
        - id: address
          type: long_text
          label: Address
          fact: child.address
        - id: address_again
          type: text
          label: Address again
          fact: child.address
        """,
    )
    assert [p.code for p in problems] == ["CV312"]
    assert "'address' and 'address_again' both record" in problems[0].message


def test_a_badly_formed_fact_name_is_a_schema_error_in_plain_words(tmp_path):
    _, problems = _check(
        tmp_path,
        """\
        - id: address
          type: long_text
          label: Address
          fact: Child Address
        """,
    )
    assert problems and problems[0].code.startswith("CV2")


def test_a_reader_that_fits_every_earlier_recorder_is_clean(tmp_path, fixture_forms):
    path = tmp_path / "p.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            id: p
            version: 1
            title: Test pathway
            purpose: For the tests.
            owner: Tests
            stages:
              - id: contact
                title: Contact
                form: fx_contact
              - id: again
                title: Contact again
                form: fx_contact
            """
        )
    )
    model, problems = check_pathway_file(path, fixture_forms)
    assert [p for p in problems if p.is_error] == []
    assert model is not None


def _asked_twice(tmp_path, first_fields: str, later_fields: str, prefill: str = "") -> list[str]:
    """CV911 messages for a two-stage pathway over two small forms."""
    from renderer.definitions import load_library

    lib = tmp_path / "form_library"
    lib.mkdir(parents=True)
    for form_id, fields in (("first", first_fields), ("later", later_fields)):
        text = FORM.format(fields=textwrap.indent(textwrap.dedent(fields), " " * 6))
        (lib / f"{form_id}.yaml").write_text(text.replace("id: f\n", f"id: {form_id}\n", 1))
    forms = load_library([lib]).forms
    path = tmp_path / "p.yaml"
    path.write_text(
        "id: p\nversion: 1\ntitle: Test pathway\npurpose: For the tests.\nowner: Tests\n"
        "stages:\n  - id: first\n    title: First\n    form: first\n"
        "  - id: later\n    title: Later\n    form: later\n" + prefill
    )
    _, problems = check_pathway_file(path, forms)
    assert [p for p in problems if p.is_error] == []
    return [p.message for p in problems if p.code == "CV911"]


ADDRESS = """\
- id: address
  type: long_text
  label: Where the child lives
"""


def test_the_same_question_by_id_wording_or_fact_is_asked_twice(tmp_path):
    [by_id] = _asked_twice(tmp_path, ADDRESS, ADDRESS)
    assert "'Where the child lives' (address) again: stage 'first'" in by_id
    assert "(the same question, field 'address')" in by_id
    worded = ADDRESS.replace("id: address", "id: home")
    [by_wording] = _asked_twice(tmp_path / "w", ADDRESS, worded)
    assert "(the same wording, field 'address')" in by_wording


def test_recording_a_fact_again_without_reading_it_is_asked_twice(tmp_path):
    first = ADDRESS + "  fact: child.address\n"
    home = ADDRESS.replace("id: address", "id: home").replace("the child lives", "they live")
    reads = home + "  fact: child.address\n"
    assert _asked_twice(tmp_path, first, reads) == []  # pre-filled from the fact
    records_only = reads + "  fact_use: records\n"
    [msg] = _asked_twice(tmp_path / "r", first, records_only)
    assert "(the same case fact, field 'address')" in msg


def test_a_prefill_entry_with_a_note_or_a_different_choice_list_is_not_asked_twice(tmp_path):
    prefill = (
        "    prefill:\n      - field: address\n        mode: none\n"
        "        note: The family may have moved since.\n"
    )
    assert _asked_twice(tmp_path, ADDRESS, ADDRESS, prefill) == []
    choice = """\
    - id: decision
      type: single_choice
      label: Decision
      options:
        - {id: a, label: Assess}
        - {id: b, label: Close}
    """
    other = choice.replace("{id: b, label: Close}", "{id: c, label: Plan}")
    assert _asked_twice(tmp_path / "x", choice, other) == []
    assert len(_asked_twice(tmp_path / "y", choice, choice)) == 1

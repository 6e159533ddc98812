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

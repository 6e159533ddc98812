"""Comments written in a library file survive the deterministic rewrite of a publish."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from designer.changes.comments import keep_comments
from renderer.definitions.serialise import dump_definition

ROOT = Path(__file__).resolve().parents[2]

COMMENTED = """\
# Agreed with the visiting team in March: ask Nadia before changing the sections.
id: visit
version: 1
title: A visit  # the short name practitioners asked for
purpose: |-
  To record a visit.
  # not a comment: part of the purpose
owner: Visiting team
sections:
  - id: who
    title: Who was there
    fields:
      # Always first: the census asks for it.
      - id: seen
        type: yes_no
        label: Did we see the child?
      - id: words  # kept from the old paper form
        type: long_text
        label: What the child said
      # About the question we will delete.
      - id: old
        type: text
        label: Something we no longer ask
# The end of the file.
"""


def _edit(text: str, change) -> str:
    doc = yaml.safe_load(text)
    new = copy.deepcopy(doc)
    change(new)
    return keep_comments(text, dump_definition(new, "form")), new


def test_comments_stay_beside_what_they_were_about_through_an_edit():
    def change(doc):
        doc["version"] = 2
        fields = doc["sections"][0]["fields"]
        fields.reverse()  # 'seen' moves to the end: its comment moves with it
        fields.remove(next(f for f in fields if f["id"] == "old"))
        fields[0]["label"] = "What the child told us"

    text, new = _edit(COMMENTED, change)
    assert yaml.safe_load(text) == new
    lines = text.splitlines()
    assert (
        lines[0]
        == "# Agreed with the visiting team in March: ask Nadia before changing the sections."
    )
    assert "title: A visit  # the short name practitioners asked for" in lines
    assert "      - id: words  # kept from the old paper form" in lines
    at = lines.index("      # Always first: the census asks for it.")
    assert lines[at + 1] == "      - id: seen"
    # The comment about the deleted question goes with it; the last line stays last.
    assert "About the question we will delete" not in text
    assert lines[-1] == "# The end of the file."
    # A '#' inside a block of text is text, not a comment to move.
    assert yaml.safe_load(text)["purpose"] == new["purpose"]


def test_an_untouched_file_is_written_back_byte_for_byte():
    doc = yaml.safe_load(COMMENTED)
    assert keep_comments(COMMENTED, dump_definition(doc, "form")) == COMMENTED


def test_a_file_without_comments_gets_the_deterministic_text():
    text = (ROOT / "form_library" / "home_visit.yaml").read_text()
    doc = yaml.safe_load(text)
    assert keep_comments(text, dump_definition(dict(doc, version=9), "form")) == dump_definition(
        dict(doc, version=9), "form"
    )


def test_an_end_of_line_comment_on_a_wrapped_value_moves_to_its_own_line():
    long_label = " ".join(["word"] * 30)
    old = dump_definition(
        {
            "id": "f",
            "version": 1,
            "title": "F",
            "sections": [
                {"id": "s", "title": "S", "fields": [{"id": "a", "type": "text", "label": "x"}]}
            ],
        },
        "form",
    ).replace("      - id: a\n", "      - id: a  # about a\n")
    doc = yaml.safe_load(old)
    doc["sections"][0]["fields"][0]["label"] = long_label
    text = keep_comments(old, dump_definition(doc, "form"))
    assert yaml.safe_load(text) == doc
    assert "# about a" in text

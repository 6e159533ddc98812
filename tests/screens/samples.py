"""Answers to every field of a form, for round-trip tests over the library.

From the one sample-answer generator (renderer.samples), with every field answered,
hidden ones too, for the test people of conftest.PEOPLE.
"""

from __future__ import annotations

from renderer.samples import Sampler, make_family

from .conftest import PEOPLE, TODAY


def full_item(f, item):
    """An item with every nested field present (None where the sample is empty)."""
    return {
        sub.id: item.get(sub.id) for sub in f.fields if sub.type not in ("calculated", "guidance")
    }


def answers_for(form) -> dict:
    sampler = Sampler(make_family(1, today=TODAY), today=TODAY, people=PEOPLE)
    out = sampler.answers(form, every_field=True)
    for f in form.all_fields():
        if f.type == "repeating_group" and f.id in out:
            out[f.id] = [full_item(f, item) for item in out[f.id]]
    return out

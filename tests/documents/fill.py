"""Answers for every field of any form, with a findable word in every piece of text.

``marked_answers(form, marker_for)`` answers every field (nested ones too) by its type;
every text an answer holds contains ``marker_for(field_id)``, so a test can tell which
field a word in a document came from. Person fields choose a person of their own whose
name is the marker; numbers and dates carry a value no other field uses.
"""

from __future__ import annotations

from datetime import date, timedelta

from renderer.documents import Person


def words(marker: str) -> str:
    return f"Said {marker} today"


def _text(f, marker: str) -> str:
    text = words(marker)
    return text[: f.max_length] if f.max_length else text


def answer_for(f, marker_for, number: int, people: list[Person], choice: int = 0):
    t, marker = f.type, marker_for(f.id)
    if t in ("text", "long_text"):
        return _text(f, marker)
    if t == "number":
        low = f.min if f.min is not None else 0
        high = f.max if f.max is not None else 10**9
        return int(min(high, max(low, 700000 + number)))
    if t == "date":
        return (date(1911, 1, 1) + timedelta(days=number)).isoformat()
    if t == "yes_no":
        return ("yes", "no")[choice % 2]
    if t == "single_choice":
        return f.options[choice % len(f.options)].id
    if t == "multiple_choice":
        options = [o.id for o in f.options if o.id != f.exclusive_option]
        return [options[choice % len(options)]]
    if t == "person":
        person = Person(f"p-{f.id}", f"Person{marker}", "Friend")
        people.append(person)
        return [person.id] if f.multiple else person.id
    if t == "repeating_group":
        item = {}
        for i, sub in enumerate(f.fields):
            if sub.type not in ("guidance", "calculated"):
                item[sub.id] = answer_for(sub, marker_for, number + 97 * (i + 1), people, choice)
        return [item]
    return _composite(f, marker)


def _composite(f, marker: str):
    """A structured answer (statements, safety planning, a scale, the child's words,
    a file, a sign-off); None for a type that holds no answer."""
    t = f.type
    if t == "statement_list":
        return [
            {"statement": words(marker), "who_said": marker, "when": "2026-01-02", "source": marker}
        ]
    if t == "danger_statement":
        keys = ("who_is_worried", "behaviour", "what_could_happen", "impact_on_child")
        return [{k: words(marker) for k in (*keys, "disagreements")}]
    if t == "safety_goal":
        keys = ("parents_will", "child_will_experience", "professionals_will_see", "for_how_long")
        return [{k: words(marker) for k in keys}]
    if t == "safety_plan":
        return {
            "rules": [{"rule": words(marker), "who_makes_sure": marker, "phone": "0700 900 123"}],
            "red_flags": [words(marker)],
            "monitoring": words(marker),
        }
    if t == "scale":
        raters = f.raters or ("worker",)
        return {
            "ratings": [
                {"rater": r, "score": 4, "why": words(marker), "next_step": words(marker)}
                for r in raters
            ]
        }
    if t == "childs_words":
        return {
            "variant": f.variant or "three_houses",
            "worries": words(marker),
            "good_things": words(marker),
            "dreams": words(marker),
            "facilitated_by": marker,
            "consent_to_share": "yes",
        }
    if t == "file":
        return {"name": f"{marker}.pdf", "bytes": 1000, "id": "upload-1"}
    if t == "manager_authorisation":
        return {"decision": "approve", "comments": words(marker), "manager": marker}
    return None


def marked_answers(form, marker_for, *, choice: int = 0) -> tuple[dict, list[Person]]:
    people = [Person("child", "Ruby Lane", "Child"), Person("mum", "Amy Lane", "Parent")]
    answers = {}
    top = [f for s in form.sections for f in s.fields]
    for n, f in enumerate(top):
        value = answer_for(f, marker_for, n * 1000, people, choice)
        if value is not None:
            answers[f.id] = value
    return answers, people

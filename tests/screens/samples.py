"""A plausible answer for any field definition, for round-trip tests over the library."""

from __future__ import annotations

from renderer.screens.types_composite import RATERS

PERSON = "p3"  # the test person without a role: offered by every person field


def sample(f):
    t = f.type
    if t == "text":
        return "Sample text"
    if t == "long_text":
        return "First line\nSecond line"
    if t == "number":
        value = f.min if f.min is not None else 1
        return int(value) if f.integer or float(value).is_integer() else value
    if t == "date":
        return "2026-01-15"
    if t == "yes_no":
        return "yes"
    if t == "single_choice":
        return f.options[-1].id
    if t == "multiple_choice":
        return [o.id for o in f.options if o.id != f.exclusive_option][:2]
    if t == "person":
        return [PERSON] if f.multiple else PERSON
    if t == "repeating_group":
        return [{sub.id: sample(sub) for sub in f.fields if sample(sub) is not None}]
    if t == "statement_list":
        return [{"statement": "Said", "who_said": "Mum", "when": "2026-01-02", "source": None}]
    if t == "scale":
        rater = (f.raters or tuple(RATERS))[0]
        return {"ratings": [{"rater": rater, "score": 5, "why": "Because", "next_step": None}]}
    if t == "danger_statement":
        return [
            {
                "who_is_worried": "SW",
                "behaviour": "B",
                "what_could_happen": "W",
                "impact_on_child": "I",
                "disagreements": None,
            }
        ]
    if t == "safety_goal":
        return [
            {
                "parents_will": "P",
                "child_will_experience": "C",
                "professionals_will_see": "S",
                "for_how_long": "3 months",
            }
        ]
    if t == "safety_plan":
        return {
            "rules": [{"rule": "R", "who_makes_sure": "Gran", "phone": None}],
            "red_flags": ["F"],
            "monitoring": "M",
        }
    if t == "childs_words":
        return {
            "variant": f.variant,
            "worries": "W",
            "good_things": "G",
            "dreams": "D",
            "facilitated_by": "SW",
            "consent_to_share": "no",
        }
    if t == "file":
        return {"file_id": "abc", "name": "x." + (f.accept[0] if f.accept else "pdf"), "bytes": 100}
    if t == "manager_authorisation":
        return {"decision": "approve", "comments": "Fine", "manager": "M", "date": "2026-01-03"}
    return None  # calculated, guidance


def full_item(f, item):
    """An item with every nested field present (None where the sample is empty)."""
    return {
        sub.id: item.get(sub.id) for sub in f.fields if sub.type not in ("calculated", "guidance")
    }


def answers_for(form) -> dict:
    out = {}
    for s in form.sections:
        for f in s.fields:
            value = sample(f)
            if f.type == "repeating_group":
                value = [full_item(f, i) for i in value]
            if value is not None:
                out[f.id] = value
    return out

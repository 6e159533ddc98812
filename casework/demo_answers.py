"""Plausible, fictional answers for any form, so the demo has records at every stage.

The filler answers every field a practitioner would see, by its type, and makes the
choices a pathway's transitions look for, so submitting moves the case on. It is used
only by `convivial demo`; every name and event it writes is invented.
"""

from __future__ import annotations

from datetime import date, timedelta

from renderer.definitions import Field, Form

SENTENCES = [
    "Mum said the arguments at home have stopped since the new tenancy began.",
    "Nursery told us the child arrives hungry on Mondays.",
    "Grandad collects the children from school three days a week.",
    "The child said she feels safe when her aunt is there.",
    "Dad has gone to every appointment at the recovery service this month.",
]


def _text(field: Field, index: int = 0) -> str:
    if field.type == "text":
        return SENTENCES[index % len(SENTENCES)][: min(60, field.max_length or 60)].rstrip()
    return SENTENCES[index % len(SENTENCES)]


def days_ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def answer_for(field: Field, people: list[str], index: int = 0):
    kind = field.type
    if kind in ("text", "long_text"):
        return _text(field, index)
    if kind == "number":
        low = field.min if field.min is not None else 1
        return int(low) if field.integer or float(low).is_integer() else low
    if kind == "date":
        return days_ago(3)
    if kind == "yes_no":
        return "yes"
    if kind == "single_choice":
        return field.options[0].id
    if kind == "multiple_choice":
        return [next(o.id for o in field.options if o.id != field.exclusive_option)]
    if kind == "person":
        chosen = people[:1] or ["1"]
        return chosen if field.multiple else chosen[0]
    if kind == "repeating_group":
        return [{f.id: answer_for(f, people, index) for f in field.fields if _answerable(f)}]
    if kind == "statement_list":
        return [
            {
                "statement": _text(field, index),
                "who_said": "Class teacher",
                "when": days_ago(5),
                "source": "Phone call",
            }
        ]
    if kind == "scale":
        rater = field.raters[0] if field.raters else "worker"
        return {
            "ratings": [
                {
                    "rater": rater,
                    "score": 5,
                    "why": "Some safety is in place.",
                    "next_step": "Grandad agrees to stay over at weekends.",
                }
            ]
        }
    if kind == "danger_statement":
        return [
            {
                "who_is_worried": "Children's social care and school",
                "behaviour": "Adults shouting and pushing each other when they have been drinking",
                "what_could_happen": "The children could be hurt or very frightened",
                "impact_on_child": "The children could stop feeling safe at home",
            }
        ]
    if kind == "safety_goal":
        return [
            {
                "parents_will": "Keep arguments away from the children",
                "child_will_experience": "Calm evenings and a bedtime story",
                "professionals_will_see": "Calm home visits and good attendance",
                "for_how_long": "Six months",
            }
        ]
    if kind == "safety_plan":
        return {
            "rules": [
                {
                    "rule": "No drinking when caring for the children",
                    "who_makes_sure": "Grandad",
                    "phone": "07700 900456",
                }
            ],
            "red_flags": ["Shouting after the pub closes"],
            "monitoring": "Grandad and the health visitor check in weekly.",
        }
    if kind == "childs_words":
        return {
            "variant": field.variant or "three_houses",
            "worries": "When mummy and daddy shout.",
            "good_things": "Playing football with grandad.",
            "dreams": "Going to the seaside with everyone.",
            "facilitated_by": "Social worker",
            "consent_to_share": "yes",
        }
    return None


def _answerable(field: Field) -> bool:
    # A patterned answer (a pupil number, say) is better left blank than invented wrongly.
    if field.pattern and not field.required:
        return False
    return field.type not in ("guidance", "calculated", "file", "manager_authorisation")


def fill(
    form: Form,
    *,
    people: list[str],
    choices: dict[str, object] | None = None,
    existing: dict | None = None,
) -> dict:
    """Answers for every answerable field, keeping what is already there."""
    answers = dict(existing or {})
    for index, field in enumerate(form.all_fields()):
        if field.id in answers and answers[field.id] not in (None, "", [], {}):
            continue
        if not _answerable(field) or field in _nested(form):
            continue
        answers[field.id] = answer_for(field, people, index)
    answers.update(choices or {})
    return answers


def _nested(form: Form) -> set:
    return {nested for f in form.all_fields() for nested in f.fields}


def transition_choices(pathway, stage_id: str) -> dict[str, object]:
    """The answers a stage's first conditional transition looks for: {field: value}."""
    for transition in pathway.transitions:
        if transition.from_stage == stage_id and isinstance(transition.when, dict):
            found = _equalities(transition.when, stage_id)
            if found:
                return found
    return {}


def _equalities(rule, stage_id: str) -> dict:
    found: dict = {}
    if isinstance(rule, dict) and len(rule) == 1:
        ((op, args),) = rule.items()
        if op in ("==", "===") and isinstance(args, list) and len(args) == 2:
            var, value = args
            if isinstance(var, dict) and isinstance(var.get("var"), str):
                name = var["var"]
                if name.startswith(stage_id + "."):
                    found[name.split(".", 1)[1]] = value
        elif op == "in" and isinstance(args, list) and len(args) == 2:
            value, var = args
            if isinstance(var, dict) and str(var.get("var", "")).startswith(stage_id + "."):
                found[var["var"].split(".", 1)[1]] = [value]
        elif op in ("and", "or") and isinstance(args, list):
            for part in args if op == "and" else args[:1]:
                found.update(_equalities(part, stage_id))
    return found

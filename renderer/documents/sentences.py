"""Safety-map elements as sentences a family can read, in their own words.

Answers are quoted as written (never re-cased or reworded); these builders only add the
plain words around them and a full stop where the writer left none. ``family`` switches
between talking to the family ("you", "your child") and about them (professional
version).
"""

from __future__ import annotations

import re

from .filters import format_date

FAMILY_RATERS = {
    "worker": "Your social worker",
    "manager": "The social work manager",
    "parent": "You",
    "network": "Your safety network",
    "other_agency": "The other professionals",
}
PROFESSIONAL_RATERS = {
    "worker": "Worker",
    "manager": "Manager",
    "parent": "Parent or carer",
    "child": "Child",
    "network": "Safety network",
    "other_agency": "Other agency",
}
HOUSES = {
    "three_houses": ("House of worries", "House of good things", "House of dreams"),
    "fairy_and_wizard": (
        "What the wizard would take away",
        "What the good fairy would keep",
        "What the magic wand would bring",
    ),
    "words_and_pictures": ("Worries", "Good things", "Hopes and dreams"),
}


def text(value) -> str:
    return "" if value is None else str(value).strip()


def full_stop(value) -> str:
    """The writer's words, ending as a sentence ends."""
    words = text(value)
    if words and words[-1] not in ".!?…\"'”’)":
        words += "."
    return words


def rater_name(rater: str, *, family: bool, child: str) -> str:
    if rater == "child":
        return child if family else "Child"
    names = FAMILY_RATERS if family else PROFESSIONAL_RATERS
    return names.get(rater, str(rater).replace("_", " ").capitalize())


def danger_statement(item: dict, *, family: bool, child: str) -> list[str]:
    """One danger statement as a short paragraph of sentences."""
    out = []
    if text(item.get("behaviour")):
        out.append(full_stop(item.get("behaviour")))
    if text(item.get("what_could_happen")):
        out.append("If nothing changes, this could happen: " + full_stop(item["what_could_happen"]))
    if text(item.get("impact_on_child")):
        who = child if family else "the child"
        out.append(f"For {who}, this would mean: " + full_stop(item["impact_on_child"]))
    if text(item.get("who_is_worried")):
        out.append("This worry comes from " + full_stop(item["who_is_worried"]))
    if text(item.get("disagreements")):
        out.append("Not everyone agrees: " + full_stop(item["disagreements"]))
    return out


def safety_goal(item: dict, *, family: bool, child: str) -> list[str]:
    out = []
    if text(item.get("parents_will")):
        lead = "You will be doing this" if family else "The parents will be doing this"
        out.append(f"{lead}: " + full_stop(item["parents_will"]))
    if text(item.get("child_will_experience")):
        who = child if family else "The child"
        out.append(f"{who} will notice this: " + full_stop(item["child_will_experience"]))
    if text(item.get("professionals_will_see")):
        out.append("The professionals will see this: " + full_stop(item["professionals_will_see"]))
    if text(item.get("for_how_long")):
        out.append(f"This needs to carry on for {full_stop(item['for_how_long'])}")
    return out


def scale_anchors(anchors, *, family: bool) -> list[str]:
    if not anchors:
        return []
    zero, ten = anchors
    lead = "We use a scale from 0 to 10." if family else "Scale 0 to 10."
    return [lead, "0 means: " + full_stop(zero), "10 means: " + full_stop(ten)]


def scale_rating(rating: dict, *, family: bool, child: str) -> list[str]:
    who = rater_name(str(rating.get("rater")), family=family, child=child)
    score = rating.get("score")
    out = []
    if isinstance(score, int) and not isinstance(score, bool):
        out.append(f"{who} gave {score} out of 10.")
    else:
        out.append(f"{who} did not give a number.")
    if text(rating.get("why")):
        out.append("Why: " + full_stop(rating["why"]))
    if text(rating.get("next_step")):
        out.append("What would move it up one: " + full_stop(rating["next_step"]))
    return out


def scale_history(points: list[dict], *, family: bool, child: str) -> list[str]:
    """ "On 3 March 2026: your social worker 4, you 6." for each earlier time point."""
    out = []
    for point in points:
        scores = ", ".join(
            f"{rater_name(r, family=family, child=child).lower() if r != 'child' else child} {s}"
            for r, s in point["scores"].items()
        )
        if scores:
            out.append(f"On {format_date(point['date'])}: {scores}.")
    return out


def safety_plan(answer: dict, *, family: bool) -> dict:
    """The plan as the family's own: rules with who makes sure, red flags, checking."""
    rules = []
    for rule in answer.get("rules") or []:
        if not isinstance(rule, dict) or not text(rule.get("rule")):
            continue
        who = text(rule.get("who_makes_sure"))
        keeper = f"{who} makes sure this happens" if who else ""
        if keeper and text(rule.get("phone")):
            keeper += f". Phone {text(rule['phone'])}"
        rules.append({"rule": full_stop(rule["rule"]), "keeper": full_stop(keeper)})
    flags = [full_stop(f) for f in answer.get("red_flags") or [] if text(f)]
    return {
        "rules_heading": "Our rules" if family else "Rules",
        "rules": rules,
        "flags_heading": (
            "Warning signs: if we see these, we use the plan" if family else "Red flags"
        ),
        "red_flags": flags,
        "monitoring_heading": (
            "How we will check the plan is working" if family else "How the plan will be checked"
        ),
        "monitoring": text(answer.get("monitoring")),
    }


# "Who said it" is free text; practitioners often write who it was said to in it too
# ("Theo, to nursery key worker"), which read as "Theo, to nursery key worker said
# this". Split there so the sentence reads "Theo told the nursery key worker this".
_SAID_TO = re.compile(r"^(?P<who>.+?),?\s+to\s+(?P<whom>\S.*)$", re.IGNORECASE)
_DETERMINERS = frozenset(["the", "a", "an", "his", "her", "their", "my", "our", "your", "its"])


def _listener(whom: str) -> str:
    """Whom the words were said to, with "the" before a bare role ("nursery key
    worker"); a name or a phrase with its own determiner is kept as written."""
    first = whom.split()[0]
    if first.lower() in _DETERMINERS or not first[:1].islower():
        return whom
    return f"the {whom}"


def said_by(who_said, when, source) -> str:
    """One grammatical sentence saying who said it, to whom, when and how we heard,
    from whichever of those parts were given; "" when none was."""
    who = text(who_said).rstrip(",;: ")
    on = f" on {format_date(when)}" if when else ""
    source = text(source)
    heard = f" ({source})" if source else ""
    to = _SAID_TO.match(who) if who else None
    if to:
        sentence = f"{to['who'].rstrip(',')} told {_listener(to['whom'])} this{on}{heard}"
    elif who:
        sentence = f"{who} said this{on}{heard}"
    elif on:
        sentence = f"Said{on}{heard}"
    elif source:
        return full_stop(f"Where this came from: {source}")
    else:
        return ""
    # Our own sentence: it ends with our bracket or date, so it always takes a full stop.
    return sentence if sentence[-1] in ".!?" else sentence + "."


def statement(item: dict, *, family: bool) -> dict:
    return {
        "words": text(item.get("statement")),
        "by": said_by(item.get("who_said"), item.get("when"), item.get("source")),
    }


def childs_words(answer: dict, *, family: bool, child: str) -> dict:
    variant = answer.get("variant") or "three_houses"
    titles = HOUSES.get(variant, HOUSES["three_houses"])
    houses = [
        {"title": title, "words": text(answer.get(key))}
        for title, key in zip(titles, ("worries", "good_things", "dreams"), strict=True)
        if text(answer.get(key))
    ]
    helper = text(answer.get("facilitated_by"))
    return {
        "houses": houses,
        # "Who helped" is free text ("The social worker, at school, with Mrs Khan"), so
        # it follows a colon rather than being made the subject of a sentence.
        "helped": full_stop(f"Who helped {child} share this: {helper}") if helper else "",
        "intro": (
            f"These are {child}'s own words, written down as {child} said them."
            if family
            else "The child's own words, as the child said them."
        ),
    }

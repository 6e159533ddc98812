"""Text answers that fit the question: by what the field's id, label and hint ask."""

from __future__ import annotations

import random
from functools import lru_cache

from renderer.definitions import Field

from .families import Family, Member
from .stories import SCENARIOS, TOPICS

ETHNICITIES = [
    "White British",
    "Mixed White and Black Caribbean",
    "Black African",
    "Pakistani",
    "White and Asian",
    "White Polish",
    "Bangladeshi",
]
ACTIONS = [
    "Referral to the family centre's parenting course",
    "Book {child}'s dental check at {gp}",
    "Family network meeting at {nan}'s",
    "Referral to the domestic abuse outreach service for {mum}",
    "Weekly check-in with {child} at school",
    "Apply for a school uniform grant",
    "Talk to {child} about the plan using words and pictures",
]
MEASURES = [
    "{child} is at school on time every day for four weeks",
    "No calls to the police and {child} says home is calm",
    "{mum} has been to every session and tells us what she learned",
    "{child}'s teeth are checked and treated",
]
HELP = [
    "Has {child} to stay every Friday night",
    "Phones {mum} every evening at 6pm",
    "Checks in with {child} every morning at school",
    "Drives {child} to swimming on Saturdays and stays for tea",
]


# Topic words as they appear in an id with its underscores read as spaces.
_TOPICS = tuple((tuple(w.replace("_", " ") for w in words), text) for words, text in TOPICS)


@lru_cache(maxsize=1024)
def _long_topic(field_id: str, label: str, hint: str) -> tuple[str, str]:
    """What a long question asks, as ("story", key), ("template", text) or ("because", "").

    The id says most precisely what is asked, then the label, then the hint.
    """
    for asked in (field_id.replace("_", " "), label.lower(), hint.lower()):
        if asked.endswith(" why"):  # "bottom line why": the reason for the line above
            return "because", ""
        if "concern" in asked or "referrer told" in asked or "what has happened" in asked:
            return "story", "concern"
        if "harm" in asked and "past" in asked:
            return "story", "harm"
        if "impact" in asked:
            return "story", "impact"
        for words, template in _TOPICS:
            if any(word in asked for word in words):
                return "template", template
    return "story", "worry"


class Words:
    """Fills templates with one family's names and pronouns; keeps answers unique."""

    def __init__(self, family: Family, rng: random.Random):
        self.family = family
        self.rng = rng
        f = family
        teacher, health, police = f.get("teacher"), f.get("health"), f.get("police")
        self.values = {
            "child": f.child.first_name,
            "child_full": f.child.full_name,
            "mum": f.mother.first_name,
            "dad": f.father.first_name,
            "nan": f"Nana {f.get('grandparent').first_name}",
            "nan_first": f.get("grandparent").first_name,
            "sibling": f.get("sibling").first_name,
            "teacher_title": f"{teacher.full_name} ({f.his_her} "
            f"{teacher.relationship.split(',')[0].lower()})",
            "teacher_first": teacher.first_name,
            "teacher_last": teacher.last_name,
            "health_first": health.first_name,
            "health_last": health.last_name,
            "police_name": f"DC {police.full_name}",
            "gp": f.gp,
            "school": f.school,
            "address": f.address,
            "town": f.address.split(", ")[-2],
            "he": f.he_she,
            "his": f.his_her,
            "him": f.him_her,
            "himself": f.him_her + "self",
        }
        self.story = dict(SCENARIOS[f.scenario])
        # Parts of the story that other templates quote, filled in first.
        self.values["worry_short"] = self.scenario("behaviour").split(",")[0]
        self.values["child_dream"] = self.scenario("child_dreams")
        self.values["rule"] = self.scenario("rule")

    def fill(self, template: str) -> str:
        text = template.format(**self.values)
        return text[0].upper() + text[1:]

    def scenario(self, key: str) -> str:
        return self.fill(self.story[key])

    def extras(self):
        for key in ("harm", "complicating", "strength", "safety", "impact", "worry"):
            yield self.scenario(key)
        for n in range(2, 40):
            yield f"We will go over this again with {self.values['mum']} at visit {n}."

    def unique(self, text: str, used: dict[str, str], question: str) -> str:
        """The text, or the text with one more sentence, so no two questions share it.

        used maps each answer so far to the question that gave it; the same question
        may repeat itself (in the items of a list).
        """
        if used.get(text, question) == question:
            return text
        for extra in self.extras():
            joined = f"{text} {extra}"
            if extra not in text and used.get(joined, question) == question:
                return joined
        return text

    def stretch(self, text: str, length: int) -> str:
        """The text with more of the family's story after it, up to `length` characters."""
        if len(text) >= length:
            return text[:length] if length else text
        extras = list(self.extras())
        n = 0
        while len(text) < length:
            text = f"{text} {extras[n % len(extras)]}"
            n += 1
        return text[:length] if length else text

    def adults(self) -> list[Member]:
        """People who can be named as doing something: not the children."""
        return [m for m in self.family.members if m.key not in ("child", "sibling")]

    def long_text(self, f: Field) -> str:
        kind, text = _long_topic(f.id, f.label, f.hint or "")
        if kind == "because":
            worry = self.scenario("worry")
            return f"Because {worry[0].lower()}{worry[1:]}"
        return self.scenario(text) if kind == "story" else self.fill(text)

    def short_text(self, f: Field, person: Member | None) -> str:
        """A short answer: a name, a role, a phone number, a service, an action."""
        asked = f"{f.id} {f.label}".lower()
        about = person or self.rng.choice(self.adults())
        # Asked in this order, so the first rule that knows the question answers it.
        rules = (self._short_fact, self._short_professional, self._short_plan, self._short_help)
        for rule in rules:
            answer = rule(f, asked, person, about)
            if answer is not None:
                return answer
        return self.fill(self.rng.choice(HELP))

    def _short_fact(self, f: Field, asked: str, person: Member | None, about: Member) -> str | None:
        """Who and where: services, phone numbers, the child's school and language."""
        fam = self.family
        if "advocate" in asked or "helped the parents" in asked:
            return "An advocate from the Family Rights Group"
        if ("service" in f.id or "agency" in f.id) and "role" not in asked:
            pro = person if person and person.role == "professional" else None
            pro = pro or fam.professionals[self.rng.randrange(len(fam.professionals))]
            if "contact" in asked or "practitioner" in asked:
                return f"{pro.full_name}, {pro.phone}"
            if "which early help" in asked:
                return "Northfield Family Support Service; it accepted the family last week"
            return pro.relationship.split(", ")[-1] if "," in pro.relationship else pro.relationship
        if "phone" in asked or "contact" in asked and "who" not in asked:
            return about.phone or fam.mother.phone
        if f.id == "child_name":
            return fam.child.full_name
        if "school" in asked:
            return fam.school
        if "ethnicity" in asked:
            return ETHNICITIES[fam.seed % len(ETHNICITIES)]
        if "language" in asked:
            return "English" if "first" in asked else "Polish"
        if f.id == "child_upn" or "pupil number" in asked:
            return "A" + "".join(str(self.rng.randrange(10)) for _ in range(12))
        return None

    def _short_professional(
        self, f: Field, asked: str, person: Member | None, about: Member
    ) -> str | None:
        """The professionals around the family, by role."""
        fam = self.family
        if "referrer" in asked:
            teacher = fam.get("teacher")
            if "knows" in asked or "relationship" in asked:
                return teacher.relationship
            return teacher.full_name
        if "police" in asked:
            return f"DC {fam.get('police').full_name}, child abuse investigation team"
        if "chair" in asked:
            return "Margaret Lowe, independent chair"
        if "reviewing_officer" in asked or "reviewing officer" in asked:
            return "Daniel Achebe, independent reviewing officer"
        return None

    def _short_plan(self, f: Field, asked: str, person: Member | None, about: Member) -> str | None:
        """What is planned, how often and why."""
        fam = self.family
        if "how often" in asked:
            return "Every Saturday, 10am to noon, at the family centre"
        if "why they matter" in asked:
            return (
                f"{about.first_name} is someone {fam.child.first_name} trusts and sees every week"
            )
        if "how we will know" in asked or "working" in asked:
            return self.fill(self.rng.choice(MEASURES))
        if "what" in asked and ("happen" in asked or "step" in asked or f.id.endswith("what")):
            return self.fill(self.rng.choice(ACTIONS))
        if "recommendation" in asked:
            return self.fill(ACTIONS[fam.seed % len(ACTIONS)])
        return None

    def _short_help(self, f: Field, asked: str, person: Member | None, about: Member) -> str | None:
        """Who helps, and what they do."""
        fam = self.family
        if "name and role" in asked:
            return f"{about.full_name}, {about.relationship.lower()}"
        if f.id.endswith("_name") or "name" in asked or "who" in asked:
            return about.full_name
        if "relationship" in asked or "role" in asked and "plan" not in asked:
            return about.relationship
        if "help" in asked or "role" in asked or "do" in asked:
            return self.fill(self.rng.choice(HELP))
        if "service" in asked:
            return "Northfield Family Support Service, accepted the family on referral"
        if "comment" in asked:
            return f"Done; {fam.mother.first_name} says it helped"
        return None

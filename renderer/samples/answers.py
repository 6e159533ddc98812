"""A plausible answer to every question of a form, written for one fictional family.

`Sampler(family, ...).answers(form)` answers each field a practitioner would see: by
its type, and by what it asks (its id, label and hint). A field it does not recognise
still gets a plausible answer of its type. Person fields pick the family member the
question is about, within the roles the field allows; text answers never repeat
across different questions of one record.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from renderer.definitions import Field, Form
from renderer.screens.logic import form_state, item_state

from .composites import composite
from .dates import sample_date
from .families import Family, Member
from .wording import Words

SKIPPED = ("guidance", "calculated", "file", "manager_authorisation")
# Which member a person question is most likely about, by words in its id or label.
PREFERENCES = (
    (("professional",), ("teacher", "health", "gp", "police")),
    (("other_child", "children"), ("sibling",)),
    (("network", "support", "helper", "important"), ("grandparent", "father", "teacher")),
    (("household", "family_person", "family_time"), ("mother", "sibling", "father")),
    (("who", "attendee", "member"), ("mother", "teacher", "father", "grandparent")),
)
HOUSEHOLD = {"parent": "parent", "sibling": "sibling", "grandparent": "grandparent"}


def answerable(f: Field, every_field: bool = False) -> bool:
    # A patterned answer (a pupil number, say) is better left blank than invented wrongly.
    if f.pattern and not f.required and not every_field:
        return False
    return f.type not in (("guidance", "calculated") if every_field else SKIPPED)


def _texts_in(answers: dict):
    """(text, question) for the text already in a record, list items included."""
    for key, value in answers.items():
        if isinstance(value, str):
            yield value, key
        for item in value if isinstance(value, list) else []:
            for sub, text in item.items() if isinstance(item, dict) else ():
                if isinstance(text, str):
                    yield text, sub


class Sampler:
    """Answers for one family's case; the same seed always gives the same answers.

    people: the case's people as (id, name, role) triples; a family member is matched
    to the person with their full name. Without people, the family's own members are
    used with ids "p1", "p2", ...
    items: how many items a list gets; length: the least characters of a long answer
    (benchmarks fill records up with these; the demo keeps the defaults).
    """

    def __init__(
        self,
        family: Family,
        *,
        today: date,
        referral: date | None = None,
        people=None,
        items: int = 2,
        length: int = 0,
    ):
        self.family = family
        self.today = today
        self.referral = referral or today - timedelta(days=21)
        self.rng = random.Random(family.seed)
        self.words = Words(family, self.rng)
        self.every_field = False
        self.items, self.length = items, length
        # Text answers so far in this record, each with its question: never repeated.
        self.used: dict[str, str] = {}
        if people is None:
            people = [(f"p{n}", m.full_name, m.role) for n, m in enumerate(family.members, 1)]
        self.people = [(str(p[0]), str(p[1]), p[2] if len(p) > 2 else None) for p in people]
        by_name = {m.full_name: m for m in family.members}
        self.member_of = {
            pid: next((m for n, m in by_name.items() if name.startswith(n)), None)
            for pid, name, _ in self.people
        }

    # --- a whole form ---------------------------------------------------------------

    def answers(
        self,
        form: Form,
        *,
        choices: dict | None = None,
        existing: dict | None = None,
        every_field: bool = False,
    ) -> dict:
        """Every answerable field, keeping what is already there.

        Questions that the other answers hide are left unanswered, as a practitioner
        would leave them. every_field (for tests that round-trip every field) answers
        those too, and files, patterned fields and the manager's decision.
        """
        self.every_field = every_field
        out = dict(existing or {})
        self.used = dict(_texts_in(out))
        for section in form.sections:
            for f in section.fields:
                if out.get(f.id) not in (None, "", [], {}) or not answerable(f, every_field):
                    continue
                value = self.answer(f)
                if value is not None:
                    out[f.id] = value
        self._order_dates(form, out)
        out.update(choices or {})
        if not every_field:
            self._drop_hidden(form, out, keep=set(existing or {}))
        return out

    def _drop_hidden(self, form: Form, out: dict, keep: set) -> None:
        top = [f for s in form.sections for f in s.fields]
        state = form_state(top, out, self.today)
        for field_id in state.hidden - keep:
            out.pop(field_id, None)
        for f in top:
            if f.type == "repeating_group" and isinstance(out.get(f.id), list):
                for item in out[f.id]:
                    for field_id in item_state(f.fields, item, state.data).hidden:
                        item.pop(field_id, None)

    def _order_dates(self, form: Form, out: dict) -> None:
        for f in form.all_fields():
            earlier = out.get(f.not_before_field) if f.not_before_field else None
            if f.type == "date" and isinstance(out.get(f.id), str) and isinstance(earlier, str):
                out[f.id] = max(out[f.id], earlier)

    # --- one field --------------------------------------------------------------------

    def answer(self, f: Field, person: Member | None = None):
        kind = f.type
        if kind in ("text", "long_text"):
            return self._text(f, person)
        if kind == "date":
            born = self.family.child.date_of_birth
            return sample_date(f, referral=self.referral, today=self.today, born=born).isoformat()
        if kind == "number":
            return self._number(f)
        if kind == "yes_no":
            asked = f"{f.id} {f.label}".lower()
            negative = ("interpreter", "confidential", "late", "delay", "past_45", "exclu")
            if "parental_responsibility" in asked and person is not None:
                return "yes" if person.role == "parent" else "no"
            return "no" if any(w in asked for w in negative) else "yes"
        if kind == "single_choice":
            return self._single(f, person)
        if kind == "multiple_choice":
            return self._multiple(f)
        if kind == "person":
            chosen = self._people_for(f)
            if not chosen:
                return None
            return [p for p, _ in chosen[:2]] if f.multiple else chosen[0][0]
        if kind == "repeating_group":
            return self._items(f)
        return composite(self, f)

    def _text(self, f: Field, person: Member | None) -> str:
        used = self.used
        if f.type == "long_text":
            text = self.words.unique(self.words.long_text(f), used, f.id)
            text = self.words.stretch(text, self.length)
        else:
            text = self.words.short_text(f, person)
            for other in self.words.adults():
                if used.get(text, f.id) == f.id:
                    break
                text = self.words.short_text(f, other)
            text = self.words.unique(text, used, f.id)
        text = text[: f.max_length] if f.max_length else text
        used[text] = f.id
        return text

    def _number(self, f: Field):
        low = f.min if f.min is not None else 0
        high = f.max if f.max is not None else low + 10
        asked = f"{f.id} {f.label}".lower()
        if "score" in asked or high - low <= 10:
            value = low + (high - low) * (4 + self.rng.randrange(4)) / 10
        elif "how often" in asked or "days" in asked:
            value = 10
        else:  # a count: how many plans before, which review, moves since the last
            value = max(low, 1 if "review" in asked else 0)
        return int(round(value)) if f.integer or float(value).is_integer() else round(value, 1)

    def _single(self, f: Field, person: Member | None):
        ids = [o.id for o in f.options]
        if "f_female" in ids:
            return self.family.sex_option
        category = self.words.story["category"]
        if category in ids:
            return category
        if person is not None and f.id.endswith("relationship"):
            wanted = HOUSEHOLD.get(person.role, "other_relative")
            if wanted in ids:
                return wanted
        return ids[0]

    def _multiple(self, f: Field):
        ids = [o.id for o in f.options if o.id != f.exclusive_option]
        if "disabilit" in f.id and f.exclusive_option:
            return [f.exclusive_option]
        factors = [i for i in ids if i in self.words.story["factors"]]  # in the form's order
        return factors or ids[:2]

    def _people_for(self, f: Field) -> list[tuple[str, Member | None]]:
        allowed = [
            (pid, self.member_of.get(pid))
            for pid, _, role in self.people
            if not f.roles or role is None or role in f.roles
        ]
        allowed = [(pid, m) for pid, m in allowed if m is None or m.key != "child"] or allowed
        asked = f"{f.id} {f.label}".lower()
        for words, keys in PREFERENCES:
            if any(w in asked for w in words):
                rank = {k: n for n, k in enumerate(keys)}
                if "household" in asked:  # only the people who live with the child
                    allowed = [p for p in allowed if p[1] is None or p[1].lives_with_child]
                return sorted(allowed, key=lambda p: rank.get(p[1].key if p[1] else "", 99))
        return allowed

    def _items(self, f: Field) -> list[dict]:
        count = max(f.min_items or 0, self.items)
        if f.max_items:
            count = min(count, f.max_items)
        pickers = [s for s in f.fields if s.type == "person"]
        chosen = self._people_for(pickers[0]) if pickers else []
        items = []
        for n in range(count):
            pid, member = chosen[n % len(chosen)] if chosen else (None, None)
            if chosen and n >= len(chosen) and self.items <= 2:
                break  # a person once per list, unless a benchmark asks for long lists
            item = {}
            for sub in f.fields:
                if not answerable(sub, self.every_field):
                    continue
                if sub.type == "person" and pid is not None:
                    item[sub.id] = [pid] if sub.multiple else pid
                    continue
                item[sub.id] = self.answer(sub, member or self._someone(n, f.id))
            items.append(item)
        return items

    def _someone(self, n: int, group: str) -> Member:
        about_services = any(w in group for w in ("service", "agenc", "professional"))
        adults = [
            m
            for m in self.family.members
            if m.key not in ("child", "sibling") and (m.role == "professional") >= about_services
        ]
        return adults[n % len(adults)]

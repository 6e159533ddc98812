"""Composite field types: scale, safety_plan and childs_words.

Their parts are ordinary fields (synthesised here), so reading, checking and display
reuse the simple types: a part is named ``<id>-<part>`` (``<id>-<rater>-score`` for a
scale), and a part's ``required_if`` sees the composite's other parts as item data.
"""

from __future__ import annotations

from renderer.definitions import Field

from . import widgets as w
from .checking import check_item
from .lists import fixed, list_display, list_widget, read_items
from .logic import item_state
from .names import label_of, lower_first, subject
from .registry import FieldType, handler_for, one_error, register
from .types_choice import SingleChoice, choice_widget

RATERS = {
    "worker": "Worker",
    "manager": "Manager",
    "parent": "Parent or carer",
    "child": "Child",
    "network": "Safety network",
    "other_agency": "Other agency",
}
SCORES = tuple((str(n), str(n), None) for n in range(11))


@register
class ScaleScore(SingleChoice):
    """A 0-10 score as inline radios; used inside ``scale`` (not a language type)."""

    type = "scale_score"

    def read(self, f, fd, path, ctx, existing):
        raw = (fd.get(path.name) or "").strip()
        return int(raw) if raw.isdigit() and len(raw) <= 2 else (raw or None)

    def problems(self, f, answer, path, cx, data):
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer <= 10:
            return one_error(path, "Select a score from 0 to 10")
        return {}

    def widgets(self, f, answer, path, ctx, data):
        return [choice_widget(f, path, ctx, SCORES, {str(answer)}, inline=True)]

    def display(self, f, answer, people):
        return "" if answer is None else f"{answer} out of 10"


def _parts(*specs: dict) -> tuple[Field, ...]:
    return fixed(*specs)


def _any(*names: str) -> dict:
    return {"or": [{"var": n} for n in names]}


def rater_parts(rater: str) -> tuple[Field, ...]:
    who = lower_first(RATERS[rater])
    return _parts(
        {
            "id": "score",
            "type": "scale_score",
            "label": f"Score given by the {who}",
            "required_if": _any("why", "next_step"),
        },
        {
            "id": "why",
            "type": "long_text",
            "label": "Why this number?",
            "required_if": {"!=": [{"var": "score"}, None]},
        },
        {"id": "next_step", "type": "long_text", "label": "What would move it up one? (optional)"},
    )


_RATER_PARTS = {r: rater_parts(r) for r in RATERS}


class Parts(FieldType):
    """Shared behaviour of an answer that is a dict of part answers."""

    def parts(self, f) -> tuple[Field, ...]:
        raise NotImplementedError

    def read_parts(self, parts, fd, path, ctx, existing) -> dict:
        old = existing if isinstance(existing, dict) else {}
        return {
            p.id: handler_for(p.type).read(p, fd, path.part(p.id), ctx, old.get(p.id))
            for p in parts
        }

    def blank(self, parts, values) -> bool:
        values = values if isinstance(values, dict) else {}
        return all(handler_for(p.type).is_empty(p, values.get(p.id)) for p in parts)

    def part_widgets(self, parts, values, path, ctx, data) -> list[w.Widget]:
        values = values if isinstance(values, dict) else {}
        state = item_state(parts, values, data)
        return [
            w.wrap(
                p,
                handler_for(p.type).widgets(p, values.get(p.id), path.part(p.id), ctx, state.data),
                hidden=p.id in state.hidden,
                item_field=True,
            )
            for p in parts
        ]

    def part_display(self, parts, values, people) -> list[str]:
        lines = []
        for p in parts:
            h = handler_for(p.type)
            value = values.get(p.id) if isinstance(values, dict) else None
            if not h.is_empty(p, value):
                lines.append(f"{label_of(p)}: {h.display(p, value, people)}")
        return lines


def fieldset(f, path, children, ctx, *, hint=None) -> w.Widget:
    return w.Widget(
        "fieldset",
        {
            "id": path.name,
            "legend": {"text": label_of(f), "classes": "govuk-fieldset__legend--m"},
            "hint": hint if hint is not None else f.hint,
            "errorMessage": w.error(w.errors_at(ctx.errors, path)),
            "item": True,
        },
        children,
    )


@register
class Scale(Parts):
    """``{"ratings": [{rater, score, why, next_step}]}``: one rating per rater."""

    type = "scale"

    def raters(self, f) -> tuple[str, ...]:
        return tuple(r for r in (f.raters or tuple(RATERS)) if r in RATERS)

    def required_message(self, f) -> str:
        return f"Give at least one score for {lower_first(label_of(f))}"

    def is_empty(self, f, answer) -> bool:
        return not isinstance(answer, dict) or not answer.get("ratings")

    def ratings(self, answer) -> dict[str, dict]:
        ratings = answer.get("ratings") if isinstance(answer, dict) else None
        return {r.get("rater"): r for r in ratings or [] if isinstance(r, dict)}

    def read(self, f, fd, path, ctx, existing):
        ratings = []
        for rater in self.raters(f):
            parts = _RATER_PARTS[rater]
            values = self.read_parts(parts, fd, path.part(rater), ctx, None)
            if not self.blank(parts, values):
                ratings.append({"rater": rater, **values})
        return {"ratings": ratings} if ratings else None

    def problems(self, f, answer, path, cx, data):
        ratings = answer.get("ratings")
        if not isinstance(ratings, list):
            return one_error(path, f"{subject(f)} must be a list of ratings")
        errors: dict = {}
        for rating in ratings:
            rater = rating.get("rater") if isinstance(rating, dict) else None
            if rater not in self.raters(f):
                return one_error(path, f"{subject(f)} has a rating from an unknown rater")
            check_item(_RATER_PARTS[rater], rating, path.part(rater), data, cx, errors)
        return errors

    def widgets(self, f, answer, path, ctx, data):
        zero, ten = f.anchors or ("", "")
        ratings = self.ratings(answer)
        children = [
            w.Widget("anchors", {"zero": zero, "ten": ten}),
        ]
        for rater in self.raters(f):
            rp = path.part(rater)
            children.append(
                w.Widget(
                    "fieldset",
                    {
                        "id": rp.name,
                        "legend": {"text": RATERS[rater], "classes": "govuk-fieldset__legend--s"},
                        "item": True,
                    },
                    self.part_widgets(_RATER_PARTS[rater], ratings.get(rater), rp, ctx, data),
                )
            )
        return [fieldset(f, path, children, ctx)]

    def display(self, f, answer, people):
        lines = []
        for rater, rating in self.ratings(answer).items():
            who = lower_first(RATERS.get(rater, str(rater)))
            score = rating.get("score")
            line = f"{score} out of 10 ({who})" if score is not None else f"No score ({who})"
            if rating.get("why"):
                line += f": {rating['why']}"
            if rating.get("next_step"):
                line += f" Next step: {rating['next_step']}"
            lines.append(line)
        return "\n".join(lines)


VARIANT_LABELS = {
    "three_houses": ("House of worries", "House of good things", "House of dreams"),
    "fairy_and_wizard": (
        "What the wizard would take away (worries)",
        "What the good fairy would keep (good things)",
        "What the magic wand would bring (dreams)",
    ),
    "words_and_pictures": ("Worries", "Good things", "Hopes and dreams"),
}


def words_parts(variant: str) -> tuple[Field, ...]:
    worries, good, dreams = VARIANT_LABELS.get(variant, VARIANT_LABELS["three_houses"])
    said = _any("worries", "good_things", "dreams")
    return _parts(
        {
            "id": "worries",
            "type": "long_text",
            "label": worries,
            "hint": "In the child's own words",
        },
        {"id": "good_things", "type": "long_text", "label": good},
        {"id": "dreams", "type": "long_text", "label": dreams},
        {
            "id": "facilitated_by",
            "type": "text",
            "label": "Who helped the child share this",
            "required_if": said,
        },
        {
            "id": "consent_to_share",
            "type": "yes_no",
            "label": "Has the child agreed that this can be shared with their family?",
            "required_if": said,
        },
    )


_WORDS_PARTS = {v: words_parts(v) for v in VARIANT_LABELS}


@register
class ChildsWords(Parts):
    type = "childs_words"

    def parts(self, f):
        return _WORDS_PARTS.get(f.variant or "three_houses", _WORDS_PARTS["three_houses"])

    def required_message(self, f) -> str:
        return f"Enter the child's words for {lower_first(label_of(f))}"

    def is_empty(self, f, answer) -> bool:
        return self.blank(self.parts(f), answer)

    def read(self, f, fd, path, ctx, existing):
        values = self.read_parts(self.parts(f), fd, path, ctx, existing)
        if self.blank(self.parts(f), values):
            return None
        return {"variant": f.variant or "three_houses", **values}

    def problems(self, f, answer, path, cx, data):
        errors: dict = {}
        check_item(self.parts(f), answer, path, data, cx, errors)
        words = ("worries", "good_things", "dreams")
        if not errors and not any(answer.get(k) for k in words) and f.required:
            errors[path.part("worries").name] = [self.required_message(f)]
        return errors

    def widgets(self, f, answer, path, ctx, data):
        return [fieldset(f, path, self.part_widgets(self.parts(f), answer, path, ctx, data), ctx)]

    def display(self, f, answer, people):
        return "\n".join(self.part_display(self.parts(f), answer, people))


RULE_FIELDS = fixed(
    {"id": "rule", "type": "long_text", "label": "The rule", "required": True},
    {
        "id": "who_makes_sure",
        "type": "text",
        "label": "Who makes sure it is kept",
        "required": True,
    },
    {
        "id": "phone",
        "type": "text",
        "label": "Their phone number (optional)",
        "max_length": 30,
        "pattern": "[0-9+() -]{6,30}",
    },
)
FLAG_FIELDS = fixed({"id": "flag", "type": "text", "label": "Red flag", "required": True})
MONITORING = Field.from_mapping(
    {"id": "monitoring", "type": "long_text", "label": "How the plan will be checked"}
)


@register
class SafetyPlan(FieldType):
    """``{"rules": [{rule, who_makes_sure, phone}], "red_flags": [str], "monitoring"}``."""

    type = "safety_plan"

    def required_message(self, f) -> str:
        return f"Add at least one rule to {lower_first(label_of(f))}"

    def is_empty(self, f, answer) -> bool:
        return not isinstance(answer, dict) or not (
            answer.get("rules") or answer.get("red_flags") or answer.get("monitoring")
        )

    def read(self, f, fd, path, ctx, existing):
        old = existing if isinstance(existing, dict) else {}
        rules = read_items(RULE_FIELDS, fd, path.part("rules"), ctx, old.get("rules"))
        flags = read_items(FLAG_FIELDS, fd, path.part("red_flags"), ctx, None)
        answer = {
            "rules": rules or [],
            "red_flags": [item["flag"] for item in flags or []],
            "monitoring": handler_for("long_text").read(
                MONITORING, fd, path.part("monitoring"), ctx, None
            ),
        }
        return None if self.is_empty(f, answer) else answer

    def problems(self, f, answer, path, cx, data):
        rules, flags = answer.get("rules") or [], answer.get("red_flags") or []
        if not isinstance(rules, list) or not isinstance(flags, list):
            return one_error(path, f"{subject(f)} is not a safety plan")
        errors: dict = {}
        if f.required and not rules:
            errors[path.part("rules").name] = [self.required_message(f)]
        rules_path, flags_path = path.part("rules"), path.part("red_flags")
        for i, rule in enumerate(rules):
            check_item(RULE_FIELDS, rule, rules_path.item(i), data, cx, errors)
        for i, flag in enumerate(flags):
            check_item(FLAG_FIELDS, {"flag": flag}, flags_path.item(i), data, cx, errors)
        return errors

    def widgets(self, f, answer, path, ctx, data):
        answer = answer if isinstance(answer, dict) else {}
        flags = [{"flag": x} for x in answer.get("red_flags") or []]
        children = [
            list_widget(
                f,
                RULE_FIELDS,
                answer.get("rules"),
                path.part("rules"),
                ctx,
                data,
                noun="rule",
                legend="Rules",
            ),
            list_widget(
                f,
                FLAG_FIELDS,
                flags,
                path.part("red_flags"),
                ctx,
                data,
                noun="red flag",
                legend="Red flags",
            ),
            w.wrap(
                MONITORING,
                handler_for("long_text").widgets(
                    MONITORING, answer.get("monitoring"), path.part("monitoring"), ctx, data
                ),
                hidden=False,
                item_field=True,
            ),
        ]
        return [fieldset(f, path, children, ctx)]

    def display(self, f, answer, people):
        answer = answer if isinstance(answer, dict) else {}
        out = []
        if answer.get("rules"):
            out.append(list_display(RULE_FIELDS, answer["rules"], people, "rule"))
        if answer.get("red_flags"):
            out.append("Red flags:\n" + "\n".join(f"- {x}" for x in answer["red_flags"]))
        if answer.get("monitoring"):
            out.append(f"How the plan will be checked: {answer['monitoring']}")
        return "\n\n".join(out)

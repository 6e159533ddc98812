"""Choice field types: yes_no, single_choice, multiple_choice, person, manager_authorisation."""

from __future__ import annotations

from . import widgets as w
from .names import label_of, lower_first, select, text_value
from .registry import FieldType, one_error, people_triples, register
from .types_simple import format_date

SELECT_ABOVE = 10  # a single choice with more options (and no option hints) is a <select>
UNKNOWN_PERSON = "Someone no longer on this case"


def choice_items(path, options, checked, *, exclusive: str | None = None) -> list[dict]:
    """GOV.UK radio/checkbox items; ids follow the component (``<name>``, ``<name>-2``...)."""
    items: list[dict] = []
    for value, text, hint in options:
        if exclusive is not None and value == exclusive:
            items.append({"divider": "or"})
        position = len(items) + 1
        item = {
            "value": value,
            "text": text,
            "checked": value in checked,
            "attributes": path.moj("", "" if position == 1 else f"-{position}"),
        }
        if hint:
            item["hint"] = {"text": hint}
        if exclusive is not None and value == exclusive:
            item["behaviour"] = "exclusive"
        items.append(item)
    return items


def choice_widget(f, path, ctx, options, checked, *, multiple=False, inline=False, exclusive=None):
    params = {
        "idPrefix": path.name,
        "name": path.name,
        "fieldset": w.legend(f),
        "hint": w.hint(f),
        "errorMessage": w.error(w.errors_at(ctx.errors, path)),
        "items": choice_items(path, options, set(checked), exclusive=exclusive),
    }
    if inline:
        params["classes"] = "govuk-radios--inline"
    return w.Widget("govukCheckboxes" if multiple else "govukRadios", params)


def _text(answer) -> str | None:
    """A saved single-choice answer as an option id (anything malformed counts as none)."""
    return answer if isinstance(answer, str) and answer else None


def _texts(answer) -> list[str]:
    return [a for a in answer if isinstance(a, str)] if isinstance(answer, list) else []


def _options(f):
    return [(o.id, o.label, o.hint) for o in f.options]


@register
class YesNo(FieldType):
    type = "yes_no"
    verb = "select"
    OPTIONS = (("yes", "Yes", None), ("no", "No", None))

    def read(self, f, fd, path, ctx, existing):
        return fd.get(path.name) or None

    def problems(self, f, answer, path, cx, data):
        if answer not in ("yes", "no"):
            return one_error(path, select(f))
        return {}

    def widgets(self, f, answer, path, ctx, data):
        return [choice_widget(f, path, ctx, self.OPTIONS, {_text(answer)}, inline=True)]

    def display(self, f, answer, people):
        shown = {"yes": "Yes", "no": "No"}
        return shown.get(_text(answer) or "", "" if answer is None else str(answer))


@register
class SingleChoice(FieldType):
    type = "single_choice"
    verb = "select"

    def read(self, f, fd, path, ctx, existing):
        return fd.get(path.name) or None

    def problems(self, f, answer, path, cx, data):
        if answer not in f.option_ids:
            return one_error(path, f"Select one of the options for {lower_first(label_of(f))}")
        return {}

    def widgets(self, f, answer, path, ctx, data):
        answer = _text(answer)
        if len(f.options) > SELECT_ABOVE and not any(o.hint for o in f.options):
            items = [{"value": "", "text": "Choose an option"}]
            items += [{"value": o.id, "text": o.label} for o in f.options]
            if answer and answer not in f.option_ids:
                items.append({"value": answer, "text": f"{answer} (no longer an option)"})
            params = {
                "id": path.name,
                "name": path.name,
                "label": w.label(f),
                "hint": w.hint(f),
                "errorMessage": w.error(w.errors_at(ctx.errors, path)),
                "items": items,
                "value": answer or "",
                "attributes": path.moj(),
            }
            return [w.Widget("govukSelect", params)]
        options = _options(f)
        if answer and answer not in f.option_ids:
            options.append((answer, f"{answer} (no longer an option)", None))
        return [choice_widget(f, path, ctx, options, {answer})]

    def display(self, f, answer, people):
        labels = {o.id: o.label for o in f.options}
        return labels.get(_text(answer) or "", "" if answer is None else str(answer))


@register
class MultipleChoice(FieldType):
    type = "multiple_choice"
    verb = "select"

    def read(self, f, fd, path, ctx, existing):
        return order_ids(fd.getlist(path.name), f.option_ids)

    def problems(self, f, answer, path, cx, data):
        if not isinstance(answer, list) or any(a not in f.option_ids for a in answer):
            return one_error(path, f"Select from the options for {lower_first(label_of(f))}")
        if f.exclusive_option and f.exclusive_option in answer and len(answer) > 1:
            alone = next(o.label for o in f.options if o.id == f.exclusive_option)
            return one_error(path, f"Select ‘{alone}’ on its own, or untick it")
        return {}

    def widgets(self, f, answer, path, ctx, data):
        chosen = _texts(answer)
        options = _options(f)
        options += [
            (a, f"{a} (no longer an option)", None) for a in chosen if a not in f.option_ids
        ]
        return [
            choice_widget(
                f, path, ctx, options, chosen, multiple=True, exclusive=f.exclusive_option
            )
        ]

    def display(self, f, answer, people):
        labels = {o.id: o.label for o in f.options}
        chosen = answer if isinstance(answer, list) else [answer]
        return "\n".join(labels.get(a, str(a)) if isinstance(a, str) else str(a) for a in chosen)


def order_ids(values: list[str], known: tuple[str, ...]) -> list[str] | None:
    """Posted ids in a stable order (known ones first, as defined), duplicates removed."""
    seen = list(dict.fromkeys(v for v in values if v))
    rank = {k: i for i, k in enumerate(known)}
    ordered = sorted(seen, key=lambda v: (rank.get(v, len(rank)), seen.index(v)))
    return ordered or None


def people_for(f, people) -> list[tuple[str, str]]:
    return [
        (pid, name)
        for pid, name, role in people_triples(people)
        if not f.roles or role is None or role in f.roles
    ]


@register
class Person(FieldType):
    """Radios (or checkboxes when ``multiple``) of the case's people, given at bind time."""

    type = "person"
    verb = "select"

    def read(self, f, fd, path, ctx, existing):
        if f.multiple:
            return order_ids(fd.getlist(path.name), tuple(p for p, _ in people_for(f, ctx.people)))
        return fd.get(path.name) or None

    def problems(self, f, answer, path, cx, data):
        chosen = answer if isinstance(answer, list) else [answer]
        if f.multiple != isinstance(answer, list) or not all(isinstance(a, str) for a in chosen):
            return one_error(path, f"{select(f)} from the list")
        if cx.people_known:
            known = {pid for pid, _ in people_for(f, cx.people)}
            if any(a not in known for a in chosen):
                return one_error(path, f"{select(f)} from the people on this case")
        return {}

    def widgets(self, f, answer, path, ctx, data):
        chosen = _texts(answer) if isinstance(answer, list) else [a for a in [_text(answer)] if a]
        options = [(pid, name, None) for pid, name in people_for(f, ctx.people)]
        known = {o[0] for o in options}
        options += [(a, UNKNOWN_PERSON, None) for a in chosen if a not in known]
        if not options:
            return [
                w.paragraph(label_of(f), "govuk-body govuk-!-font-weight-bold"),
                w.Widget(
                    "govukInsetText",
                    {"text": "No people have been added to this case yet.", "id": path.name},
                ),
            ]
        return [choice_widget(f, path, ctx, options, chosen, multiple=f.multiple)]

    def display(self, f, answer, people):
        names = {pid: name for pid, name, _ in people_triples(people)}
        chosen = answer if isinstance(answer, list) else ([answer] if answer else [])
        return "\n".join(
            names.get(a, UNKNOWN_PERSON) if isinstance(a, str) else UNKNOWN_PERSON for a in chosen
        )


DECISIONS = (("approve", "Approve", None), ("return", "Return for changes", None))


@register
class ManagerAuthorisation(FieldType):
    """Decision and comments; editable only when the binder says the viewer may authorise.

    ``manager`` and ``date`` are stamped by the casework layer and kept as they are.
    """

    type = "manager_authorisation"
    verb = "select"

    def read(self, f, fd, path, ctx, existing):
        if not ctx.can_authorise:
            return existing
        kept = {k: v for k, v in (existing or {}).items() if k in ("manager", "date")}
        answer = {
            "decision": fd.get(f"{path.name}-decision") or None,
            "comments": text_value(fd.get(f"{path.name}-comments")),
            **kept,
        }
        return answer if answer["decision"] or answer["comments"] else None

    def is_empty(self, f, answer) -> bool:
        return not isinstance(answer, dict) or not (
            answer.get("decision") or answer.get("comments")
        )

    def required_message(self, f) -> str:
        return "Select whether you approve this or return it for changes"

    def problems(self, f, answer, path, cx, data):
        decision = answer.get("decision")
        if decision not in ("approve", "return"):
            return one_error(path.part("decision"), self.required_message(f))
        if decision == "return" and not answer.get("comments"):
            return one_error(path.part("comments"), "Enter what needs to change")
        return {}

    def widgets(self, f, answer, path, ctx, data):
        answer = answer if isinstance(answer, dict) else {}
        if not ctx.can_authorise:
            return [
                w.Widget(
                    "summary", {"id": path.name, "title": label_of(f), "rows": self.rows(answer)}
                )
            ]
        decision = f.__class__(id="decision", type="yes_no", label="Decision")
        comments = f.__class__(
            id="comments",
            type="long_text",
            label="Comments",
            hint="Say what needs to change if you return it.",
        )
        comments_path = path.part("comments")
        return [
            w.Widget(
                "fieldset",
                {
                    "id": path.name,
                    "legend": {"text": label_of(f), "classes": "govuk-fieldset__legend--m"},
                },
                [
                    choice_widget(
                        decision, path.part("decision"), ctx, DECISIONS, {answer.get("decision")}
                    ),
                    w.Widget(
                        "govukTextarea",
                        {
                            "id": comments_path.name,
                            "name": comments_path.name,
                            "value": answer.get("comments") or "",
                            "label": w.label(comments),
                            "hint": w.hint(comments),
                            "rows": 4,
                            "errorMessage": w.error(w.errors_at(ctx.errors, comments_path)),
                        },
                    ),
                ],
            )
        ]

    def rows(self, answer: dict) -> list[tuple[str, str]]:
        if not answer.get("decision"):
            return [("Decision", "Waiting for a manager's decision")]
        rows = [
            (
                "Decision",
                dict((v, t) for v, t, _ in DECISIONS).get(answer["decision"], answer["decision"]),
            )
        ]
        for key, title in (("comments", "Comments"), ("manager", "Manager"), ("date", "Date")):
            if answer.get(key):
                value = str(answer[key])
                rows.append((title, format_date(value) if key == "date" else value))
        return rows

    def display(self, f, answer, people):
        if self.is_empty(f, answer):
            return ""
        return "\n".join(f"{k}: {v}" for k, v in self.rows(answer))

"""Field types with one input: text, long_text, number, date; calculated, guidance."""

from __future__ import annotations

import re
from datetime import date

import re2

from . import widgets as w
from .logic import calculate_value
from .names import (
    join_words,
    js_length,
    label_of,
    lower_first,
    number_text,
    subject,
    text_value,
)
from .registry import FieldType, handler_for, one_error, register

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)\Z")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_PATTERNS: dict[str, object] = {}


def format_date(iso: str) -> str:
    """ "2026-03-12" -> "12 March 2026" (GOV.UK style); other text is returned as is."""
    d = parse_iso(iso)
    return f"{d.day} {d:%B %Y}" if d else str(iso)


def parse_iso(value: object) -> date | None:
    if isinstance(value, str) and _ISO.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _compiled(pattern: str):
    if pattern not in _PATTERNS:
        _PATTERNS[pattern] = re2.compile(pattern)
    return _PATTERNS[pattern]


@register
class Text(FieldType):
    type = "text"

    def read(self, f, fd, path, ctx, existing):
        return text_value(fd.get(path.name))

    def problems(self, f, answer, path, cx, data):
        if not isinstance(answer, str):
            return one_error(path, f"{subject(f)} must be text")
        if f.max_length and js_length(answer) > f.max_length:
            return one_error(path, f"{subject(f)} must be {f.max_length:,} characters or less")
        if getattr(f, "pattern", None):
            try:
                ok = _compiled(f.pattern).fullmatch(answer) is not None
            except Exception:  # noqa: BLE001 - an unusable pattern never blocks recording
                ok = True
            if not ok:
                return one_error(path, f"{subject(f)} is not in the right format")
        return {}

    def params(self, f, answer, path, ctx):
        return {
            "id": path.name,
            "name": path.name,
            "value": answer if isinstance(answer, str) else ("" if answer is None else answer),
            "label": w.label(f),
            "hint": w.hint(f),
            "errorMessage": w.error(w.errors_at(ctx.errors, path)),
            "attributes": path.moj(),
        }

    def widgets(self, f, answer, path, ctx, data):
        return [w.Widget("govukInput", self.params(f, answer, path, ctx))]


@register
class LongText(Text):
    type = "long_text"

    def widgets(self, f, answer, path, ctx, data):
        params = self.params(f, answer, path, ctx)
        params["rows"] = 5
        if f.max_length and f.max_length <= 5000:
            params["maxlength"] = f.max_length
            return [w.Widget("govukCharacterCount", params)]
        return [w.Widget("govukTextarea", params)]


@register
class Number(FieldType):
    type = "number"

    def read(self, f, fd, path, ctx, existing):
        raw = text_value(fd.get(path.name))
        if raw is None:
            return None
        cleaned = raw.replace(",", "").replace(" ", "")
        if not _NUMBER.match(cleaned):
            return raw
        if "." in cleaned:
            value = float(cleaned)
            return int(value) if value.is_integer() and f.integer else value
        return int(cleaned)

    def rule_value(self, f, answer):
        return answer if _is_number(answer) else None

    def problems(self, f, answer, path, cx, data):
        if not _is_number(answer):
            return one_error(path, f"{subject(f)} must be a number")
        if f.integer and not float(answer).is_integer():
            return one_error(path, f"{subject(f)} must be a whole number")
        lo, hi = f.min, f.max
        if (lo is not None and answer < lo) or (hi is not None and answer > hi):
            if lo is not None and hi is not None:
                text = f"between {number_text(lo)} and {number_text(hi)}"
            elif lo is not None:
                text = f"{number_text(lo)} or more"
            else:
                text = f"{number_text(hi)} or less"
            return one_error(path, f"{subject(f)} must be {text}")
        return {}

    def widgets(self, f, answer, path, ctx, data):
        value = "" if answer is None else str(answer)
        return [
            w.Widget(
                "govukInput",
                {
                    "id": path.name,
                    "name": path.name,
                    "value": value,
                    "label": w.label(f),
                    "hint": w.hint(f),
                    "errorMessage": w.error(w.errors_at(ctx.errors, path)),
                    "classes": "govuk-input--width-10",
                    "inputmode": "numeric" if f.integer else "decimal",
                    "spellcheck": False,
                    "attributes": path.moj(),
                },
            )
        ]

    def display(self, f, answer, people):
        return number_text(answer) if _is_number(answer) else super().display(f, answer, people)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_PARTS = ("day", "month", "year")


@register
class Date(FieldType):
    """GOV.UK date input; ISO "YYYY-MM-DD" when real, else the typed parts as a dict."""

    type = "date"

    def read(self, f, fd, path, ctx, existing):
        typed = {p: (fd.get(f"{path.name}-{p}") or "").strip() for p in _PARTS}
        if not any(typed.values()):
            return None
        real = _real_date(typed)
        return real.isoformat() if real else typed

    def rule_value(self, f, answer):
        return answer if parse_iso(answer) else None

    def problems(self, f, answer, path, cx, data):
        if isinstance(answer, dict):
            missing = [p for p in _PARTS if not str(answer.get(p) or "").strip()]
            if missing:
                return one_error(path, f"{subject(f)} must include a {join_words(missing)}")
            if not re.fullmatch(r"\d{4}", str(answer.get("year", "")).strip()):
                return one_error(path, f"{subject(f)} year must include 4 numbers")
            return one_error(path, f"{subject(f)} must be a real date")
        real = parse_iso(answer)
        if real is None:
            return one_error(path, f"{subject(f)} must be a real date")
        if f.not_in_future and real > cx.today:
            return one_error(path, f"{subject(f)} must be today or in the past")
        if f.not_before_field:
            other = parse_iso(data.get(f.not_before_field))
            if other and real < other:
                return one_error(
                    path, f"{subject(f)} must be the same as or after {other_label(f, cx)}"
                )
        return {}

    def widgets(self, f, answer, path, ctx, data):
        if isinstance(answer, dict):
            typed = {p: str(answer.get(p) or "") for p in _PARTS}
        elif (real := parse_iso(answer)) is not None:
            typed = {"day": str(real.day), "month": str(real.month), "year": str(real.year)}
        else:
            typed = {"day": "", "month": "", "year": str(answer or "")}
        messages = w.errors_at(ctx.errors, path)
        error_class = " govuk-input--error" if messages else ""
        items = []
        for part, width in (("day", 2), ("month", 2), ("year", 4)):
            element_id = path.name if part == "day" else f"{path.name}-{part}"
            items.append(
                {
                    "id": element_id,
                    "name": part,
                    "label": part.capitalize(),
                    "value": typed[part],
                    "classes": f"govuk-input--width-{width}{error_class}",
                    "attributes": path.moj(f"-{part}", "" if part == "day" else f"-{part}"),
                }
            )
        return [
            w.Widget(
                "govukDateInput",
                {
                    "id": f"{path.name}-date",
                    "namePrefix": path.name,
                    "fieldset": w.legend(f),
                    "hint": w.hint(f) or {"text": "For example, 27 3 2024"},
                    "errorMessage": w.error(messages),
                    "items": items,
                },
            )
        ]

    def display(self, f, answer, people):
        if isinstance(answer, dict):
            return "/".join(str(answer.get(p) or "?") for p in _PARTS) + " (not a real date)"
        return format_date(answer) if answer else ""


def other_label(f, cx) -> str:
    other = cx.fields_by_id.get(f.not_before_field)
    return lower_first(label_of(other)) if other else f.not_before_field.replace("_", " ")


def _real_date(typed: dict) -> date | None:
    day, month, year = typed["day"], typed["month"].lower(), typed["year"]
    month_number = MONTHS.get(month) or (int(month) if month.isdigit() else None)
    if not (day.isdigit() and month_number and re.fullmatch(r"\d{4}", year)):
        return None
    try:
        return date(int(year), month_number, int(day))
    except ValueError:
        return None


@register
class Calculated(FieldType):
    """Read-only; computed server-side (``logic``) and by the browser from data-calculation."""

    type = "calculated"
    answerable = False

    def read(self, f, fd, path, ctx, existing):
        return None

    def widgets(self, f, answer, path, ctx, data):
        value = data.get(f.id) if f.id in data else calculate_value(f.calculation, data)
        return [
            w.Widget(
                "calculated",
                {
                    "id": path.name,
                    "label": w.label_of(f),
                    "hint": f.hint,
                    "value": self.display(f, value, ()),
                    "format": f.format or "text",
                },
            )
        ]

    def display(self, f, answer, people):
        if answer is None or answer == "":
            return "Not worked out yet"
        if f.format == "date" and isinstance(answer, str):
            return format_date(answer)
        if f.format == "number" and _is_number(answer):
            return number_text(answer)
        if isinstance(answer, bool):
            return "true" if answer else "false"
        return str(answer)


@register
class Guidance(FieldType):
    type = "guidance"
    answerable = False

    def read(self, f, fd, path, ctx, existing):
        return None

    def widgets(self, f, answer, path, ctx, data):
        return [w.Widget("govukInsetText", {"text": f.text or ""})]


__all__ = ["format_date", "handler_for", "parse_iso"]

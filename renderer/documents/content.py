"""What a document says: the record's answers as plain data for the layout or a template.

``document_data(form, answers, ...)`` returns dicts, lists and text only (plus Markup for
the pictures and paragraphs we build ourselves), so a template in the sandbox can read
it but never reach a Python object.

The family filter lives here, before any template sees the data: in the family version
a field with ``share_with_family: false`` is left out entirely, and so are fields inside
repeating groups marked that way, calculated fields that read a professional-only
field, manager sign-off (an internal step), and the child's words when the child has
not agreed to share them with the family. Hidden fields (``show_if`` false) and
unanswered fields are left out of both versions.
"""

from __future__ import annotations

from datetime import date

from markupsafe import Markup

from renderer.definitions.rule_refs import rule_vars
from renderer.screens.logic import form_state, item_state
from renderer.screens.names import label_of
from renderer.screens.registry import handler_for

from . import sentences as say
from .filters import format_date, paragraphs
from .scale_picture import scale_picture

AUDIENCES = ("family", "professional")
PROFESSIONAL_ONLY_TYPES = frozenset({"manager_authorisation", "guidance"})


class Person:
    """Someone on the case, as a document names them."""

    __slots__ = ("id", "name", "relationship")

    def __init__(self, id: str, name: str, relationship: str = ""):  # noqa: A002
        self.id, self.name, self.relationship = str(id), name, relationship

    @property
    def described(self) -> str:
        return f"{self.name} ({self.relationship})" if self.relationship else self.name


def family_fields(form) -> set[str]:
    """Ids of every field (nested too) the family version may show."""
    professional = {f.id for f in form.all_fields() if not f.share_with_family}
    shared = set()
    for f in form.all_fields():
        if not f.share_with_family or f.type in PROFESSIONAL_ONLY_TYPES:
            continue
        if f.type == "calculated" and _reads(f.calculation, professional):
            continue
        shared.add(f.id)
    return shared


def _reads(rule, ids: set[str]) -> bool:
    return any(v.split(".", 1)[0] in ids for v in rule_vars(rule))


def document_data(
    form,
    answers: dict,
    people=(),
    *,
    audience: str = "family",
    today: date | None = None,
    history: dict | None = None,
    extra: dict | None = None,
) -> dict:
    """The document's content. ``people``: Person objects (or (id, name, relationship));
    ``history``: {scale field id: [{"date": iso, "answer": scale answer}, ...]} from
    earlier records, oldest first; ``extra``: text such as the case reference."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}")
    family = audience == "family"
    today = today or date.today()
    answers = answers if isinstance(answers, dict) else {}
    people = [p if isinstance(p, Person) else Person(*p) for p in people or ()]
    child = next((p for p in people if p.relationship.lower() == "child"), None)
    child_name = (child.name.split(" ")[0] if child else "") or (
        "your child" if family else "the child"
    )
    allowed = family_fields(form) if family else {f.id for f in form.all_fields()}
    top = tuple(f for s in form.sections for f in s.fields)
    state = form_state(top, answers, today)
    cx = _Context(family, child_name, people, allowed, history or {}, state.data)
    sections, by_id = _sections(form, answers, state, cx)
    output = form.output
    return {
        "audience": audience,
        "title": output.title if output else form.title,
        "introduction": (output.introduction if output else None) or "",
        "summary": (form.summary_for_family or "") if family else form.purpose,
        "form_title": form.title,
        "date": format_date(today.isoformat()),
        "child": {"name": child.name if child else "", "first_name": child_name},
        "people": [{"name": p.name, "relationship": p.relationship} for p in people],
        "sections": sections,
        "answers": by_id,
        **(extra or {}),
    }


def _sections(form, answers: dict, state, cx: _Context) -> tuple[list, dict]:
    """The sections with something to show, and every shown item by its field id."""
    sections, by_id = [], {}
    for section in form.sections:
        items = []
        for f in section.fields:
            if f.id not in cx.allowed or f.id in state.hidden or f.type == "guidance":
                continue
            value = state.data.get(f.id) if f.type == "calculated" else answers.get(f.id)
            item = _item(f, value, cx)
            if item is not None:
                items.append(item)
                by_id[f.id] = item
        if items:
            sections.append({"id": section.id, "title": section.title, "fields": items})
    return sections, by_id


class _Context:
    def __init__(self, family, child, people, allowed, history, data):
        self.family, self.child, self.allowed = family, child, allowed
        self.people = people
        self.pairs = [(p.id, p.described) for p in people]
        self.history, self.data = history, data


def _label(f, cx) -> str:
    if cx.family and f.family_label:
        return f.family_label
    return label_of(f)


def _item(f, value, cx: _Context) -> dict | None:
    h = handler_for(f.type)
    if f.type != "calculated" and (value is None or h.is_empty(f, value)):
        return None
    item = {"id": f.id, "type": f.type, "label": _label(f, cx), "kind": "text", "text": ""}
    build = _BUILDERS.get(f.type)
    if build is not None:
        return build(f, value, cx, item)
    item["text"] = h.display(f, value, cx.pairs)
    if f.type == "long_text":
        item["kind"] = "paragraphs"
        item["paragraphs"] = paragraphs(item["text"])
    return item if item["text"] else None


def _danger(f, value, cx, item):
    statements = [
        say.danger_statement(s, family=cx.family, child=cx.child)
        for s in value
        if isinstance(s, dict)
    ]
    item.update(kind="sentences", groups=[s for s in statements if s])
    return item if item["groups"] else None


def _goals(f, value, cx, item):
    goals = [
        say.safety_goal(g, family=cx.family, child=cx.child) for g in value if isinstance(g, dict)
    ]
    item.update(kind="sentences", groups=[g for g in goals if g])
    return item if item["groups"] else None


def _scale(f, value, cx, item):
    ratings = [r for r in value.get("ratings") or [] if isinstance(r, dict)]
    now = {r["rater"]: r["score"] for r in ratings if _is_score(r.get("score"))}
    points = [
        {"date": p.get("date") or "", "scores": _scores(p.get("answer"))}
        for p in cx.history.get(f.id, ())
    ]
    points = [p for p in points if p["scores"]][-7:] + [{"date": "", "scores": now}]
    order = list(f.raters) or list(say.PROFESSIONAL_RATERS)
    order += [r for p in points for r in p["scores"] if r not in order]
    names = [(r, say.rater_name(r, family=cx.family, child=cx.child)) for r in order]
    item.update(
        kind="scale",
        anchors=say.scale_anchors(f.anchors, family=cx.family),
        ratings=[say.scale_rating(r, family=cx.family, child=cx.child) for r in ratings],
        earlier=say.scale_history(points[:-1], family=cx.family, child=cx.child),
        picture=scale_picture(points, names, title=item["label"], ident=f"scale-{f.id}"),
    )
    return item


def _is_score(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10


def _scores(answer) -> dict:
    ratings = answer.get("ratings") if isinstance(answer, dict) else None
    return {
        r["rater"]: r["score"]
        for r in ratings or []
        if isinstance(r, dict) and _is_score(r.get("score"))
    }


def _plan(f, value, cx, item):
    item.update(kind="plan", plan=say.safety_plan(value, family=cx.family))
    plan = item["plan"]
    return item if plan["rules"] or plan["red_flags"] or plan["monitoring"] else None


def _statements(f, value, cx, item):
    shown = [say.statement(s, family=cx.family) for s in value if isinstance(s, dict)]
    item.update(kind="statements", statements=[s for s in shown if s["words"]], prompt=f.prompt)
    return item if item["statements"] else None


def _words(f, value, cx, item):
    if not isinstance(value, dict):
        return None
    if cx.family and value.get("consent_to_share") != "yes":
        item.update(
            kind="text",
            text=f"{cx.child[:1].upper() + cx.child[1:]}'s own words are kept private, "
            "as they asked. Your social worker can talk with you about this.",
        )
        return item
    item.update(kind="words", words=say.childs_words(value, family=cx.family, child=cx.child))
    return item if item["words"]["houses"] else None


def _group(f, value, cx, item):
    entries = []
    for raw in value if isinstance(value, list) else []:
        if not isinstance(raw, dict):
            continue
        inner = item_state(f.fields, raw, cx.data)
        rows = []
        for sub in f.fields:
            if sub.id not in cx.allowed or sub.id in inner.hidden or sub.type == "guidance":
                continue
            shown = _item(sub, raw.get(sub.id), cx)
            if shown is not None:
                rows.append(shown)
        if rows:
            entries.append(rows)
    item.update(kind="group", entries=entries, noun=f.item_label or "item")
    return item if entries else None


def _person(f, value, cx, item):
    chosen = value if isinstance(value, list) else [value]
    names = {p.id: p.described for p in cx.people}
    shown = [names.get(str(c), "Someone no longer on this case") for c in chosen if c]
    item.update(kind="list", list=shown, text="\n".join(shown))
    return item if shown else None


def _choice(f, value, cx, item):
    """Chosen options in the audience's words: an option's family_label, if it has one,
    is what the family reads; the practitioner's label names the legal step."""
    said = {o.id: o.shown_to(cx.family) for o in f.options}
    chosen = value if isinstance(value, list) else [value]
    item["text"] = "\n".join(said.get(str(c), str(c)) for c in chosen if c not in (None, ""))
    return item if item["text"] else None


def _file(f, value, cx, item):
    if not isinstance(value, dict) or not value.get("name"):
        return None
    ask = " Ask your social worker for a copy." if cx.family else ""
    item.update(text=f"A file was added: {value['name']}.{ask}")
    return item


_BUILDERS = {
    "single_choice": _choice,
    "multiple_choice": _choice,
    "danger_statement": _danger,
    "safety_goal": _goals,
    "scale": _scale,
    "safety_plan": _plan,
    "statement_list": _statements,
    "childs_words": _words,
    "repeating_group": _group,
    "person": _person,
    "file": _file,
}

__all__ = ["AUDIENCES", "Markup", "Person", "document_data", "family_fields"]

"""A pathway as an SVG diagram that reads without colour (pure Python).

Stages are boxes in pathway order; each box says in words whether a form is recorded
("Form: strategy_discussion") or the stage is an activity with no form ("Activity (no
form): Visit the child..."), with its timescale and its caseload weight. An activity's
box also has round ends, a second cue that does not depend on colour. Transitions are
arrows: solid to the next stage, routed down the right-hand side to any other stage,
each with a number matching the list of transitions printed under the diagram, so
nothing depends on colour or on following a line by eye. A stage that a trigger starts
says so in its box, in words with the trigger's number ("Started by trigger T1"),
matching the list of triggers printed under the diagram. Every text is escaped.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from designer.editor.pathways import stage_work
from designer.editor.pathways import triggers as trigger_words

BOX_W, BOX_H, GAP, LEFT, LANE = 620, 90, 40, 20, 22
ROUND = {"form": 4, "activity": 24}  # corner radius: an activity's box has round ends


def timescale(due: dict | None, parameters: dict | None = None, names: dict | None = None) -> str:
    """ "Due 1 working day after concern of significant harm", in words; `names` gives the
    label of each event and the title of each stage it may count from."""
    if not due:
        return "No timescale"
    if "working_days" in due:
        amount, unit = due["working_days"], "working days"
    else:
        ((unit, amount),) = due.get("calendar", {}).items()
    if isinstance(amount, dict):  # a local setting: show its current default
        amount = (parameters or {}).get(amount.get("parameter"), amount.get("parameter"))
    if amount == 1:
        unit = unit.rstrip("s").replace("days", "day")
    start = due.get("from") or {}
    ((kind, what),) = start.items() if start else (("", ""),)
    since = {
        "event": "after",
        "stage_completed": "after finishing",
        "stage_started": "after starting",
    }.get(kind, "after")
    named = (names or {}).get(str(what)) or str(what).replace("_", " ")
    return f"Due {amount} {unit} {since} {named}".strip()


def start_names(pathway: dict) -> dict:
    """Event labels and stage titles by id, for naming what a timescale counts from."""
    out = {}
    for noun, key in (("events", "label"), ("stages", "title")):
        for item in pathway.get(noun) or []:
            if "id" in item and item.get(key):
                out[str(item["id"])] = item[key]
    return out


def parameter_defaults(pathway: dict) -> dict:
    return {p["id"]: p.get("default") for p in pathway.get("parameters") or [] if "id" in p}


def transitions(pathway: dict) -> list[dict]:
    """Numbered transitions with words for the list under the diagram."""
    titles = {s["id"]: s.get("title", s["id"]) for s in pathway.get("stages") or []}
    return [
        {
            "number": n,
            "from": titles.get(t.get("from"), t.get("from")),
            "to": titles.get(t.get("to"), t.get("to")),
            "conditional": "when" in t,
            "description": t.get("description", ""),
        }
        for n, t in enumerate(pathway.get("transitions") or [], start=1)
    ]


def triggers(pathway: dict, questions: dict | None = None) -> list[dict]:
    """Numbered triggers (T1, T2...) in words, for the list under the diagram;
    ``questions`` ((stage, field) -> label) names the dates answered in forms."""
    titles = {s["id"]: s.get("title", s["id"]) for s in pathway.get("stages") or [] if "id" in s}
    return [
        {
            "number": f"T{n}",
            "id": t.get("id", ""),
            "words": trigger_words.words(t, titles, pathway, questions),
        }
        for n, t in enumerate(pathway.get("triggers") or [], start=1)
    ]


def _started_by(pathway: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for n, t in enumerate(pathway.get("triggers") or [], start=1):
        if t.get("start"):
            out.setdefault(t["start"], []).append(f"T{n}")
    return out


def svg(pathway: dict, form_titles: dict | None = None) -> Markup:
    """The pathway as boxes and arrows; `form_titles` names each stage's form."""
    stages = pathway.get("stages") or []
    defaults = parameter_defaults(pathway)
    index = {s["id"]: n for n, s in enumerate(stages)}
    top = lambda n: 10 + n * (BOX_H + GAP)  # noqa: E731 - a tiny layout rule
    lanes = len(pathway.get("transitions") or [])
    started_by = _started_by(pathway)
    width = LEFT + BOX_W + 30 + LANE * (lanes + 1)
    height = top(len(stages)) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        'aria-labelledby="diagram-title diagram-desc" '
        'class="convivial-diagram" font-family="sans-serif" font-size="14">',
        f'<title id="diagram-title">{escape(pathway.get("title", ""))}: '
        "the stages in order</title>",
        f'<desc id="diagram-desc">{len(stages)} stages, {lanes} transitions and '
        f"{len(pathway.get('triggers') or [])} triggers; the same transitions and triggers "
        "are listed under the diagram.</desc>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#0b0c0c"/></marker></defs>',
    ]
    for n, stage in enumerate(stages):
        y = top(n)
        what = stage_work.words(stage, stage_work.ACTIVITY_WORDS, form_titles)
        kind = "form" if stage.get("form") else "activity"
        x = LEFT + 10 + (4 if kind == "activity" else 0)
        parts += [
            f'<rect x="{LEFT}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="{ROUND[kind]}" '
            f'fill="#ffffff" stroke="#0b0c0c" stroke-width="2" data-kind="{kind}"/>',
            f'<text x="{x}" y="{y + 20}" font-weight="bold">{n + 1}. '
            f"{escape(stage.get('title', stage['id']))}</text>",
            f'<text x="{x}" y="{y + 40}">{escape(what)} · weight '
            f"{escape(stage.get('weight', 1))}</text>",
            f'<text x="{x}" y="{y + 60}">{escape(timescale(stage.get("due"), defaults))}</text>',
        ]
        if stage.get("id") in started_by:
            names = ", ".join(started_by[stage["id"]])
            word = "triggers" if len(started_by[stage["id"]]) > 1 else "trigger"
            parts.append(
                f'<text x="{x}" y="{y + 80}" font-style="italic">'
                f"Started by {word} {escape(names)}</text>"
            )
    for number, t in enumerate(pathway.get("transitions") or [], start=1):
        a, b = index.get(t.get("from")), index.get(t.get("to"))
        if a is None or b is None:
            continue
        dash = ' stroke-dasharray="6 4"' if "when" in t else ""
        if b == a + 1:
            x = LEFT + BOX_W / 2 + (number % 3 - 1) * 40
            y1, y2 = top(a) + BOX_H, top(b)
            parts.append(
                f'<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="#0b0c0c" '
                f'stroke-width="2"{dash} marker-end="url(#arrow)"/>'
            )
            parts.append(f'<text x="{x + 6}" y="{(y1 + y2) / 2 + 5}">({number})</text>')
        else:
            lane = LEFT + BOX_W + 20 + LANE * number
            y1, y2 = top(a) + BOX_H / 2, top(b) + BOX_H / 2
            parts.append(
                f'<path d="M{LEFT + BOX_W},{y1} H{lane} V{y2} H{LEFT + BOX_W}" fill="none" '
                f'stroke="#0b0c0c" stroke-width="2"{dash} marker-end="url(#arrow)"/>'
            )
            parts.append(
                f'<text x="{lane - 8}" y="{(y1 + y2) / 2}" '
                f'transform="rotate(-90 {lane - 8} {(y1 + y2) / 2})">({number})</text>'
            )
    parts.append("</svg>")
    # Safe: every piece of definition text above went through escape().
    return Markup("".join(parts))  # noqa: S704

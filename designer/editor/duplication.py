"""The duplication finder: questions a pathway asks again, grouped by likely meaning.

Pure Python. Two questions of different forms are likely the same question when all of
these hold: the same type; the same answers to choose from (option ids; for a repeating
group, the same inner questions); close wording (after normalising: lower case,
punctuation and filler words removed, one wording's words all in the other's, give or
take an ending, and either difflib's ratio is at least 0.85 or the words overlap by 60%);
and, when the wording is generic ("Why we decided this", "Next steps": only words that
mean something different in each form), a section about the same thing too. Wording alone
is never enough.

Each question asked again joins the group of the earliest, most alike question before it
in the pathway (and must be like that first question too), so a question asked in five
forms is one group of five. A later question is settled when the pathway already
pre-fills it, deliberately does not (a pre-fill with `mode: none` and a note saying why:
"not the same question" is recorded that way), or shares the earlier one's case fact.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

_FILLER_WORDS = (
    "a an the of is are was were be been what who how when where which do does did this "
    "that these those to for in on at with by your you we our us it its their there any "
    "has have had please give enter tell child children young person"
)
FILLER = frozenset(_FILLER_WORDS.split())
# Words that say what kind of answer is wanted, not what it is about: a wording made only
# of these means something different in each form.
_GENERIC_WORDS = (
    "why decided decide decision reason reasons note notes comment comments detail details "
    "other anything else summary outcome next steps step more information said happened "
    "now agreed actions action who what"
)
GENERIC = frozenset(_GENERIC_WORDS.split())
NEVER = frozenset({"guidance", "calculated", "manager_authorisation"})
TOKEN_OVERLAP = 0.6
RATIO = 0.85


@dataclass(frozen=True)
class Question:
    stage_id: str
    stage_title: str
    form_id: str
    form_title: str
    section_title: str
    field_id: str
    label: str
    type: str
    answers: tuple = ()  # option ids, or a group's inner questions
    fact: str | None = None


@dataclass
class Member:
    question: Question
    state: str  # first | open | carried | not_same | shared_fact
    note: str = ""


@dataclass
class Group:
    members: list[Member] = field(default_factory=list)

    @property
    def first(self) -> Question:
        return self.members[0].question

    @property
    def key(self) -> str:
        return f"{self.first.stage_id}/{self.first.field_id}"

    @property
    def waiting(self) -> list[Member]:
        return [m for m in self.members if m.state == "open"]


def normalise(label: str) -> tuple[str, frozenset[str]]:
    words = re.findall(r"[a-z0-9]+", (label or "").lower().replace("’", "'").replace("'s", ""))
    kept = [w for w in words if w not in FILLER]
    return " ".join(kept), frozenset(kept)


def similarity(a: str, b: str) -> float | None:
    """How alike two labels are (0..1), or None when they are not alike enough."""
    text_a, tokens_a = normalise(a)
    text_b, tokens_b = normalise(b)
    if not tokens_a or not tokens_b:
        return None
    # One wording's words must all be in the other's: "the plan starts" and "the plan
    # ended", or "the first review" and "the next review", share most words but differ in
    # the one that matters.
    stems_a, stems_b = _stems(tokens_a), _stems(tokens_b)
    if not (stems_a <= stems_b or stems_b <= stems_a):
        return None
    ratio = difflib.SequenceMatcher(None, text_a, text_b).ratio()
    if ratio >= RATIO:
        return ratio
    # Token overlap needs two words on each side: one shared word proves nothing.
    if min(len(tokens_a), len(tokens_b)) >= 2:
        overlap = len(tokens_a & tokens_b) / len(tokens_a | tokens_b)
        if overlap >= TOKEN_OVERLAP:
            return overlap
    return None


def _stems(tokens: frozenset[str]) -> frozenset[str]:
    return frozenset(re.sub(r"(?:ing|ed|s)$", "", t) if len(t) > 4 else t for t in tokens)


def generic(label: str) -> bool:
    tokens = normalise(label)[1] - {"we", "this"}
    return not tokens or tokens <= GENERIC


def _answers(item: dict) -> tuple:
    if item.get("options"):
        return tuple(sorted(str(o.get("id")) for o in item["options"] if isinstance(o, dict)))
    if item.get("type") == "repeating_group" and item.get("fields"):
        return tuple(
            sorted((f.get("type", ""), normalise(f.get("label", ""))[0]) for f in item["fields"])
        )
    return ()


def _questions(stage: dict, form: dict) -> list[Question]:
    out = []
    for section in form.get("sections") or []:
        for item in section.get("fields") or []:
            if item.get("type") in NEVER or not item.get("label"):
                continue
            out.append(
                Question(
                    stage.get("id", ""),
                    stage.get("title", ""),
                    form.get("id", ""),
                    form.get("title", ""),
                    section.get("title", ""),
                    item.get("id", ""),
                    item["label"],
                    item.get("type", ""),
                    _answers(item),
                    item.get("fact"),
                )
            )
    return out


def same_question(a: Question, b: Question) -> float | None:
    """How likely two questions ask the same thing (0..1), or None."""
    if a.form_id == b.form_id or a.type != b.type or a.answers != b.answers:
        return None
    score = similarity(a.label, b.label)
    if score is None:
        return None
    if (generic(a.label) or generic(b.label)) and similarity(
        a.section_title, b.section_title
    ) is None:
        return None  # "Why we decided this" about two different decisions
    return score


def _settled(pathway: dict) -> dict[tuple[str, str], tuple[str, str]]:
    """(stage, field) -> (state, note) for what the pathway already decided."""
    out = {}
    for stage in pathway.get("stages") or []:
        for rule in stage.get("prefill") or []:
            state = "not_same" if rule.get("mode") == "none" else "carried"
            out[(stage.get("id"), rule.get("field"))] = (state, rule.get("note") or "")
    return out


def find_groups(pathway: dict, forms: dict[str, dict]) -> list[Group]:
    """Groups of likely-same questions across the stages of `pathway`, in pathway order;
    `forms` maps a form id to its definition."""
    asked = [
        q
        for stage in pathway.get("stages") or []
        if stage.get("form") in forms
        for q in _questions(stage, forms[stage["form"]])
    ]
    decided = _settled(pathway)
    root: dict[int, int] = {}
    for j, b in enumerate(asked):
        best: tuple[float, int] | None = None
        for i, a in enumerate(asked[:j]):
            score = same_question(a, b)
            # A group is of questions all like its first, not a chain of look-alikes.
            first = asked[root.get(i, i)]
            if score is not None and first is not a and same_question(first, b) is None:
                continue
            if score is not None and (best is None or score > best[0]):
                best = (score, i)
        if best is not None:
            root[j] = root.get(best[1], best[1])
    groups: dict[int, Group] = {}
    for j, i in root.items():
        group = groups.setdefault(i, Group([Member(asked[i], "first")]))
        b, a = asked[j], asked[i]
        state, note = decided.get((b.stage_id, b.field_id), ("open", ""))
        if state == "open" and b.fact and b.fact == a.fact:
            state = "shared_fact"
        group.members.append(Member(b, state, note))
    return [groups[i] for i in sorted(groups)]


def carry_forward(pathway: dict, group: Group) -> dict[str, list[dict]]:
    """Each stage's new pre-fill list: every waiting question filled in from the first."""
    first = group.first
    stages = {s.get("id"): s for s in pathway.get("stages") or []}
    out: dict[str, list[dict]] = {}
    for member in group.waiting:
        q = member.question
        rules = out.setdefault(q.stage_id, list(stages[q.stage_id].get("prefill") or []))
        rules.append(
            {
                "field": q.field_id,
                "from": {"stage": first.stage_id, "field": first.field_id},
                "mode": "copy_once",
            }
        )
    return out


def not_the_same(pathway: dict, group: Group, reason: str) -> dict[str, list[dict]]:
    """Each stage's new pre-fill list: every waiting question asked afresh, with the reason
    (the language's "not pre-filled, on purpose"), so the finder does not suggest it again."""
    first = group.first
    stages = {s.get("id"): s for s in pathway.get("stages") or []}
    out: dict[str, list[dict]] = {}
    note = f"Not the same question as ‘{first.label}’ in ‘{first.stage_title}’: {reason}"
    for member in group.waiting:
        q = member.question
        rules = out.setdefault(q.stage_id, list(stages[q.stage_id].get("prefill") or []))
        rules.append({"field": q.field_id, "mode": "none", "note": note})
    return out

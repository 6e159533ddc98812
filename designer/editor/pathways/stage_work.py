"""What is done at a stage: a form is recorded, or an activity with no form (pure Python).

The language gives a stage exactly one of `form: <form id>` or `activity: "Text"`
(work that is not a form, such as a visit or a meeting recorded elsewhere). Moving a
stage off its form is refused while anything reads that form's answers: the stage's
own pre-fills (an activity has no questions to fill, CV511), later stages pre-filled
from it (CV504), and transition or trigger conditions that read its answers (the
loader cannot tell those apart from a typing mistake once the form has gone). The
refusal names each one, as deleting a stage does, so the working group decides.
An activity's wording can always change, and an activity can always become a form.
"""

from __future__ import annotations

from designer.editor.forms.operations import OperationRefused
from designer.editor.pathways.stage_removal import Blocker, reads

KINDS = (
    ("form", "A form is recorded"),
    ("activity", "An activity with no form, such as a visit or a meeting recorded elsewhere"),
)
MAX_TEXT = 20000  # the language's limit for a text
ACTIVITY_WORDS = 60  # characters of an activity shown in a diagram box


def work_of(stage: dict) -> dict:
    """{"form": id} or {"activity": text}: what the stage says it does."""
    if stage.get("form"):
        return {"form": stage["form"]}
    return {"activity": stage.get("activity", "")}


def words(stage: dict, limit: int | None = None, form_titles: dict | None = None) -> str:
    """ "Form: Strategy discussion" or "Activity (no form): Visit the child", in words
    that do not depend on colour or shape. A form is named by its title; without one to
    hand, its id is written as words, never shown as it is."""
    if stage.get("form"):
        form = str(stage["form"])
        title = (form_titles or {}).get(form) or form.replace("_", " ").capitalize()
        return f"Form: {title}"
    text = " ".join(str(stage.get("activity") or "").split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"Activity (no form): {text}"


def from_form(data, stage: dict | None, forms: set[str], errors: dict) -> dict | None:
    """The work the page's inputs ask for (`kind`, `form`, `activity`), or None with a
    message in `errors`. A page that posts none of them (a statutory stage shows no
    choice) keeps the stage's work as it is."""
    if stage is not None and not any(k in data for k in ("kind", "form", "activity")):
        return work_of(stage)
    form = (data.get("form") or "").strip()
    activity = " ".join((data.get("activity") or "").split())
    kind = data.get("kind") or ("activity" if activity and not form else "form")
    if kind == "activity":
        if not activity:
            errors["activity"] = (
                "Say what is done at this stage, such as ‘Visit the child and see them alone’"
            )
        elif len(activity) > MAX_TEXT:
            errors["activity"] = f"Keep the activity under {MAX_TEXT} characters"
        else:
            old = (stage or {}).get("activity")
            # The saved wording stays exactly as written when only spacing differs.
            same = isinstance(old, str) and " ".join(old.split()) == activity
            return {"activity": old if same else activity}
        return None
    if kind != "form":
        errors["kind"] = "Choose whether a form is recorded or an activity is done"
        return None
    if form not in forms:
        errors["form"] = "Choose the form recorded at this stage"
        return None
    return {"form": form}


def readers(doc: dict, stage_id: str) -> list[Blocker]:
    """Everything that reads the answers of the stage's form."""
    stages = doc.get("stages") or []
    stage = next((s for s in stages if s.get("id") == stage_id), None)
    if stage is None:
        raise OperationRefused(f"There is no stage with the id '{stage_id}' in this pathway.")
    title = stage.get("title") or stage_id
    out = []
    own = [r.get("field", "") for r in stage.get("prefill") or []]
    if own:
        out.append(
            Blocker(
                "prefill",
                stage_id,
                f"‘{title}’ pre-fills {_count(own, 'question')} of its form "
                f"({_names(own)}): remove its pre-fills first.",
            )
        )
    for other in stages:
        copied = [
            r.get("field", "")
            for r in other.get("prefill") or []
            if (r.get("from") or {}).get("stage") == stage_id
        ]
        if copied and other is not stage:
            out.append(
                Blocker(
                    "stage",
                    other.get("id", ""),
                    f"‘{other.get('title')}’ copies answers from ‘{title}’ into "
                    f"{_names(copied)}: change its pre-fills first.",
                )
            )
    for noun, items, rule in (
        ("transition", doc.get("transitions") or [], lambda t: t.get("when")),
        ("trigger", doc.get("triggers") or [], lambda t: (t.get("on") or {}).get("when")),
    ):
        for item in items:
            if reads(rule(item), stage_id):
                out.append(
                    Blocker(
                        noun,
                        item.get("id", ""),
                        f"The condition of the {noun} ‘{item.get('id')}’ reads answers "
                        f"from ‘{title}’: change the condition first.",
                    )
                )
    return out


def _count(names: list[str], noun: str) -> str:
    return f"{len(names)} {noun}{'' if len(names) == 1 else 's'}"


def _names(names: list[str]) -> str:
    return ", ".join(f"‘{n}’" for n in names)


def blockers(doc: dict, stage_id: str, work: dict) -> list[Blocker]:
    """What stops the stage doing `work` instead of what it does now (empty = safe)."""
    stage = next((s for s in doc.get("stages") or [] if s.get("id") == stage_id), None)
    if stage is None:
        raise OperationRefused(f"There is no stage with the id '{stage_id}' in this pathway.")
    if not stage.get("form") or work == {"form": stage["form"]}:
        return []  # an activity has no answers to read; the same form reads the same
    return readers(doc, stage_id)


def switch(doc: dict, stage_id: str, work: dict) -> None:
    """Make the stage record `work` ({"form": id} or {"activity": text}), in place;
    refuse, naming what reads its answers, when that is not safe."""
    kinds = [k for k in ("form", "activity") if work.get(k)]
    if len(kinds) != 1 or not isinstance(work[kinds[0]], str):
        raise OperationRefused("A stage has either a form or an activity in words, not both.")
    found = blockers(doc, stage_id, work)
    if found:
        raise OperationRefused(" ".join(b.why for b in found))
    stage = next(s for s in doc["stages"] if s.get("id") == stage_id)
    stage.pop("form", None)
    stage.pop("activity", None)
    stage[kinds[0]] = work[kinds[0]]

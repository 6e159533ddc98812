"""Human-readable answers for check-answers pages.

Display values are plain text (escape them as usual); several lines are separated by
"\\n" (render with ``white-space: pre-line`` or the ``check_answers`` macro). Dates read
"12 March 2026", options and people show their labels and names, a scale reads
"6 out of 10 (worker)". An unanswered field's value is "".
"""

from __future__ import annotations

from .logic import form_state
from .names import label_of
from .registry import handler_for


def check_answers_rows(compiled, answers: dict, people, today):
    """``[(SectionInfo, [(label, display_value, field_id), ...]), ...]``, visible fields only."""
    answers = answers or {}
    state = form_state(compiled.top_fields, answers, today)
    out = []
    for info, section in zip(compiled.sections, compiled.form.sections, strict=True):
        rows = []
        for f in section.fields:
            if f.id in state.hidden or f.type == "guidance":
                continue
            h = handler_for(f.type)
            value = state.data.get(f.id) if f.type == "calculated" else answers.get(f.id)
            shown = h.display(f, value, people) if not h.is_empty(f, value) else ""
            if f.type == "calculated":
                shown = h.display(f, value, people)
            rows.append((label_of(f), shown, f.id))
        out.append((info, rows))
    return out

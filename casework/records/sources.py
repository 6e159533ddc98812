"""Where a pre-filled answer came from, in words: shown beside the field and in the overview."""

from __future__ import annotations

from datetime import date


def _day(iso: str | None) -> str | None:
    return date.fromisoformat(iso).strftime("%-d %B %Y") if iso else None


def sentence(source: dict) -> str:
    """'From Strategy discussion, 3 December 2026, by Pat Smith' (or the note not to carry)."""
    if "not_carried" in source:
        return source["not_carried"]
    text = f"From {source['label']}"
    when = _day(source.get("recorded_on"))
    if when:
        text += f", {when}"
    if source.get("by"):
        text += f", by {source['by']}"
    return text


def beside_fields(record) -> dict[str, str]:
    """field id -> the sentence to show under it, while it still holds the pre-filled answer.

    Once the practitioner changes the answer it is theirs, and naming another form as its
    source would be wrong.
    """
    out = {}
    answers = record.answers or {}
    for field_id, source in (record.prefill_sources or {}).items():
        if "not_carried" in source:
            out[field_id] = f"Asked afresh here: {source['not_carried']}"
        elif "value" not in source or answers.get(field_id) == source["value"]:
            out[field_id] = f"Filled in for you. {sentence(source)}. Check it is still right."
    return out

"""Insignificant whitespace taken out of a section's fields HTML, once, before it is cached.

GOV.UK Frontend's Jinja macros indent their output for people reading the templates: on a
150-question section that indentation is an eighth of the page and a thousand text nodes
that only space out blocks. The browser parses all of it before the last question is on
screen, in slices of a few milliseconds, drawing the page between slices; fewer bytes and
nodes means fewer slices and fewer redraws of a growing page.

Only whitespace that cannot show is touched:
- a run of whitespace with a line break in it, in text outside a tag, becomes one line
  break (a browser shows either as one space, or none at the edge of a block);
- whitespace alone between two block tags (``</div>`` and ``<fieldset>``, say) goes:
  nothing is drawn for it. The one block tag GOV.UK shows inline, the date parts' item,
  sits in a wrapper whose font size is zero for this very reason;
- nothing inside a tag (attribute values hold answers verbatim), nor inside
  ``<textarea>``, ``<pre>``, ``<script>`` or ``<style>``, changes. Fields never render
  text with ``white-space: pre-line`` (only the case page does, outside this HTML).
"""

from __future__ import annotations

import re

# Whole raw-text elements, then any tag or comment. Our markup escapes "<" and ">" in
# text and attribute values (autoescape), so a tag ends at the first ">".
_TOKEN = re.compile(r"(<(textarea|pre|script|style)\b.*?</\2\s*>|<!--.*?-->|<[^>]*>)", re.S | re.I)
_LINE_BREAK_RUN = re.compile(r"[ \t\r\n\f]*\n[ \t\r\n\f]*")
_BLOCK = frozenset(
    {"div", "fieldset", "legend", "p", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"ul", "ol", "li", "dl", "dt", "dd", "form", "hr", "option", "optgroup"}
)
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


def _is_block(tag: str) -> bool:
    found = _TAG_NAME.match(tag)
    return bool(found) and found.group(1).lower() in _BLOCK


def compact(html: str) -> str:
    """``html`` with its insignificant whitespace removed (see the module's docstring)."""
    pieces = _TOKEN.split(html)
    # split() with two groups gives: text, whole match, inner group, text, ...
    texts = pieces[0::3]
    tags = pieces[1::3]
    out: list[str] = []
    for index, text in enumerate(texts):
        before = tags[index - 1] if index > 0 else ""
        after = tags[index] if index < len(tags) else ""
        if text and not text.strip() and _is_block(before) and _is_block(after):
            text = ""
        elif "\n" in text:
            text = _LINE_BREAK_RUN.sub("\n", text)
        out.append(text)
        if after:
            out.append(after)
    return "".join(out)

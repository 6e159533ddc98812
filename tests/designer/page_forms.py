"""Read a page's form the way a browser would submit it, untouched.

`form_values(html, action="")` returns a MultiDict of what pressing the button of
the form posting to `action` (by default, the page itself) sends:
text and hidden inputs, ticked checkboxes and radios, each select's selected option
(or its first), textareas. Used to check that saving a page nobody
changed changes nothing in the draft.
"""

from __future__ import annotations

from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict


class _Forms(HTMLParser):
    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.done = False
        self.values: MultiDict = MultiDict()
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []
        self.option: dict | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.done:
            return
        if tag == "form" and a.get("method", "").lower() == "post":
            if a.get("action", "") == self.action:
                self.inside = True
            return
        if not self.inside:
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if a.get("name"):
                self.values.add(a["name"], a.get("value", "" if kind != "checkbox" else "on"))
        elif tag == "select":
            self.select, self.options = a.get("name"), []
        elif tag == "option" and self.select:
            self.option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
        elif tag == "textarea":
            self.textarea, self.text = a.get("name"), ""

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "option" and self.option is not None:
            value = self.option["value"]
            self.options.append(
                (self.option["text"] if value is None else value, self.option["selected"])
            )
            self.option = None
        elif tag == "select" and self.select:
            chosen = [v for v, selected in self.options if selected] or [self.options[0][0]]
            self.values.add(self.select, chosen[0])
            self.select = None
        elif tag == "textarea" and self.textarea:
            # A browser drops the newline straight after <textarea>.
            self.values.add(
                self.textarea, self.text[1:] if self.text.startswith("\n") else self.text
            )
            self.textarea = None
        elif tag == "form":
            self.inside, self.done = False, True


def form_values(html: str, action: str = "") -> MultiDict:
    """The first POST form on the page posting to `action` ("" = the page itself)."""
    parser = _Forms(action)
    parser.feed(html)
    return parser.values

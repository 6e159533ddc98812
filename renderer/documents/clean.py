"""The last gate for a document's HTML: an allow-list of elements and attributes.

A council's template may write any HTML around the answers. Before a document is shown,
printed or turned into a PDF, it is rebuilt here with only the elements a document
needs (text, headings, lists, definition lists, tables, quotes and a small inline SVG
vocabulary for pictures) and only harmless attributes. Scripts, styles, frames, forms,
images, links and every attribute that can hold a URL (href, src, style...) are
dropped, so a document never runs code and never fetches anything.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

TEXT = set(
    [
        "article",
        "section",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "div",
        "span",
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "small",
        "sub",
        "sup",
        "blockquote",
        "q",
        "cite",
        "abbr",
        "figure",
        "figcaption",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
    ]
)
SVG = set(
    [
        "svg",
        "g",
        "title",
        "desc",
        "line",
        "polyline",
        "polygon",
        "circle",
        "ellipse",
        "rect",
        "path",
        "text",
        "tspan",
    ]
)
VOID = {"br", "hr"}
DROP_CONTENT = {"script", "style", "template", "iframe", "object", "embed", "noscript", "head"}
DROP_CONTENT |= {"textarea", "select", "button", "math", "foreignobject", "audio", "video"}
ATTRIBUTES = set(
    [
        "class",
        "id",
        "lang",
        "dir",
        "role",
        "title",
        "scope",
        "colspan",
        "rowspan",
        "headers",
        "aria-label",
        "aria-labelledby",
        "aria-describedby",
        "aria-hidden",
        "start",
        "reversed",
    ]
)
SVG_ATTRIBUTES = {
    a.lower(): a
    for a in [
        "viewBox",
        "width",
        "height",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "points",
        "d",
        "fill",
        "stroke",
        "stroke-width",
        "stroke-dasharray",
        "font-size",
        "font-weight",
        "text-anchor",
        "dominant-baseline",
        "transform",
        "focusable",
    ]
}


class _Cleaner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        if self.dropping or tag in DROP_CONTENT:
            if tag not in VOID:
                self.dropping += 1
            return
        in_svg = "svg" in self.open
        if tag not in TEXT and not (tag in SVG and (in_svg or tag == "svg")):
            return
        kept = []
        for name, value in attrs:
            if value is None or "url(" in value.lower().replace(" ", ""):
                continue
            if name in ATTRIBUTES:
                kept.append((name, value))
            elif (in_svg or tag == "svg") and name in SVG_ATTRIBUTES:
                kept.append((SVG_ATTRIBUTES[name], value))
        text = "".join(f' {n}="{escape(v, quote=True)}"' for n, v in kept)
        self.out.append(f"<{tag}{text}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.open and self.open[-1] == tag and not self.dropping:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.dropping:
            if tag in DROP_CONTENT or tag not in VOID:
                self.dropping -= 1
            return
        if tag in self.open:
            while self.open:
                top = self.open.pop()
                self.out.append(f"</{top}>")
                if top == tag:
                    break

    def handle_data(self, data):
        if not self.dropping:
            self.out.append(escape(data, quote=False))


def clean_html(html: str) -> str:
    """The document's HTML with only allowed elements and attributes, well nested."""
    cleaner = _Cleaner()
    cleaner.feed(html)
    cleaner.close()
    return "".join(cleaner.out) + "".join(f"</{t}>" for t in reversed(cleaner.open))

"""A section as its page shows it before anything is posted: the fields' HTML, the rule
data the page's script needs and whether the form takes files.

Building a large section's widgets (66 radios for one scale with six raters) is most of
what a page view costs beyond the database. The HTML is a function of a few inputs,
which ``CompiledForm.shown`` names exactly: this section's answers and rule values, the
other answers its rules read, the case's people if it asks for one, its pre-fill notes
and the day. So a section seen again unchanged is not built again, even when other
sections changed in between (moving back and forth, a manager reading a record, a page
reloaded).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

SHOWN_CACHE_SIZE = 64  # a large section's fields are 40-50 KB of HTML


@dataclass(frozen=True)
class ShownSection:
    fields: str  # the escaped HTML of section_fields (no <form> element)
    rule_data: dict = field(repr=False)  # CompiledForm.outside_data: the page's rule data
    multipart: bool = False


class ShownCache:
    """A bounded, thread-safe LRU of fields' HTML by key (an env's ``screens_shown``)."""

    def __init__(self, size: int = SHOWN_CACHE_SIZE):
        self.size = size
        self._entries: OrderedDict[bytes, str] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: bytes) -> str | None:
        with self._lock:
            html = self._entries.get(key)
            if html is None:
                self.misses += 1
            else:
                self.hits += 1
                self._entries.move_to_end(key)
            return html

    def put(self, key: bytes, html: str) -> None:
        with self._lock:
            self._entries[key] = html
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)

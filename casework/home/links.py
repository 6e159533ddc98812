"""Addresses for the many rows of one page: url_for once per route, then each row's ids
put in by string formatting.

A work-list page of 100 rows asked url_for about 200 times (a fifth of the page's Python
time); the address of a route differs between rows only in the ids, so the route is
built once a request with marker values and each row's ids are put in their place.
"""

from __future__ import annotations

from flask import url_for

# Ids no row has (int converters refuse negatives; these are far past any serial).
_MARKERS = (8_642_097_531, 8_642_097_532, 8_642_097_533)


class Link:
    """``Link("records.start", "case_id", "instance_id")(case_id=1, instance_id=2)`` is
    ``url_for("records.start", case_id=1, instance_id=2)``."""

    def __init__(self, endpoint: str, *names: str, anchor: str | None = None) -> None:
        marked = dict(zip(names, _MARKERS, strict=False))
        built = url_for(endpoint, _anchor=anchor, **marked).replace("{", "{{").replace("}", "}}")
        for name, marker in marked.items():
            if built.count(str(marker)) != 1:  # a route that repeats or hides the value
                self._format = None
                break
            built = built.replace(str(marker), "{" + name + "}")
        else:
            self._format = built.format
        self._endpoint, self._anchor = endpoint, anchor

    def __call__(self, **values: int) -> str:
        if self._format is None:
            return url_for(self._endpoint, _anchor=self._anchor, **values)
        return self._format(**{k: int(v) for k, v in values.items()})

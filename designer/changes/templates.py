"""The output-template check, as the change engine used to have its own copy of it.

The check now lives in the definition language (``renderer.definitions.templates``):
the loader reports a refused template as CV310, so every form in a bundle passes it
before the bundle is accepted, and the document sandbox refuses the same templates
before running one. This module keeps the engine's old call for code that uses it:
the same problems, as text ("line 3: ..." when the line is known).
"""

from __future__ import annotations

from renderer.definitions.templates import MAX_TEMPLATE_CHARS
from renderer.definitions.templates import template_problems as _template_problems

__all__ = ["MAX_TEMPLATE_CHARS", "template_problems"]


def template_problems(text: object) -> list[str]:
    """Reasons this template is refused, as text; an empty list means it may be rendered."""
    return [str(problem) for problem in _template_problems(text)]

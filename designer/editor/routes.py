"""Import this to get the blueprint with every view registered on it."""

from designer.editor import (  # noqa: F401 - importing registers the views on bp
    views_clocks,
    views_duplicates,
    views_field,
    views_impact,
    views_library,
    views_pathway,
    views_pathway_details,
    views_preview,
    views_review,
    views_stage,
    views_structure,
    views_transitions,
    views_triggers,
    views_waiting,
    views_yaml,
)
from designer.editor.blueprint import bp

__all__ = ["bp"]

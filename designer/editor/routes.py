"""Import this to get the blueprint with every view registered on it."""

# Importing a views module registers its views on bp.
from designer.editor import views_duplicates, views_library  # noqa: F401
from designer.editor.blueprint import bp
from designer.editor.forms import (  # noqa: F401
    views_field,
    views_preview,
    views_structure,
    views_yaml,
)
from designer.editor.pathways import (  # noqa: F401
    views_clocks,
    views_details,
    views_overview,
    views_stage,
    views_transitions,
    views_triggers,
)
from designer.editor.review import views, views_impact, views_waiting  # noqa: F401

__all__ = ["bp"]

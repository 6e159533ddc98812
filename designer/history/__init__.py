"""Change history, diffs, change specifications and the import flow (blueprint "history").

from designer.history import bp
app.register_blueprint(bp)   # with PackageLoader("designer") in the template loader
"""

from . import imports as _imports  # noqa: F401 - registers the import screens on bp
from .routes import bp

__all__ = ["bp"]

"""Change history, diffs and change specifications (blueprint "history"); the import
screens (designer/exchange) hang on the same blueprint.

from designer.history import bp
app.register_blueprint(bp)   # with PackageLoader("designer") in the template loader
"""

from designer.exchange import screens as _imports  # noqa: F401 - registers the import screens on bp

from .routes import bp

__all__ = ["bp"]

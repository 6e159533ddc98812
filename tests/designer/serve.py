"""Serve the casework app with the designer registered, for the browser tests.

`python -m tests.designer.serve PORT` reads the same environment as `convivial serve`
(DATABASE_URL, SECRET_KEY, CONVIVIAL_LIBRARY...). Werkzeug's threaded server is enough
for one test; once casework/__init__.py registers the designer, the browser tests can
use the shared `live_server` instead.
"""

from __future__ import annotations

import sys

from casework import create_app
from tests.designer.conftest import register_designer


def main() -> None:
    app = create_app()
    register_designer(app)
    app.run(host="127.0.0.1", port=int(sys.argv[1]), threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()

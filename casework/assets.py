"""Static files: content-hashed names, cached for good, compressed; pages compressed.

`scripts/build_assets.mjs` writes a hashed copy of every static file under
`static/dist/h/` (imports and url()s already pointing at hashed names), gzip and
brotli copies beside each, and `static/dist/assets.json`. Here:

- `url_for('static', filename=...)` gives the hashed copy's name, so a page names only
  files whose content cannot change under that name;
- WhiteNoise serves every static file, the hashed ones with `immutable` caching for a
  year, choosing the precompressed copy the browser accepts;
- Flask-Compress compresses pages and JSON replies (brotli, else gzip).

A build older than the sources (a module edited since `make setup`) must not send
browsers an old copy for good: if any source no longer matches the hash the build
recorded, hashed names are not used at all until the next build, and the plain names
are served with revalidation, as before.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path

from flask import Flask, g, url_for

log = logging.getLogger(__name__)

HASHED = re.compile(r"/h/.+\.[0-9a-f]{12}\.[a-z0-9]+$")
ONE_YEAR = 365 * 24 * 3600


def _is_hashed(_path: str, url: str) -> bool:
    return bool(HASHED.search(url))


def _static_headers(headers, _path: str, _url: str) -> None:
    # Static responses never reach Flask's after_request (security.add_headers).
    headers["X-Content-Type-Options"] = "nosniff"


class Assets:
    """The build's map from a static file's name to its hashed copy."""

    def __init__(self, static_folder: str):
        self.root = Path(static_folder)
        self.entries: dict[str, dict] = {}
        manifest = self.root / "dist" / "assets.json"
        if not manifest.exists():
            return
        entries = json.loads(manifest.read_text())
        stale = [name for name, entry in entries.items() if not self._matches(name, entry)]
        if stale:
            log.warning(
                "Static files changed since the last build (%s): serving plain names. "
                "Either run `make setup` (or `npm run build`) or ignore this in development.",
                ", ".join(sorted(stale)[:5]),
            )
            return
        self.entries = entries

    def _matches(self, name: str, entry: dict) -> bool:
        path = self.root / name
        hashed = self.root / "dist" / entry["url"]
        if not path.is_file() or not hashed.is_file():
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]

    def hashed(self, filename: str) -> str | None:
        entry = self.entries.get(filename)
        return f"dist/{entry['url']}" if entry else None

    def module_imports(self, *names: str) -> list[str]:
        """Every module the named ones import, directly or not, each once."""
        seen: list[str] = []
        pending = [i for n in names for i in self.entries.get(n, {}).get("imports", [])]
        while pending:
            name = pending.pop(0)
            if name in seen:
                continue
            seen.append(name)
            pending.extend(self.entries.get(name, {}).get("imports", []))
        return seen


def init_app(app: Flask) -> None:
    from flask_compress import Compress
    from whitenoise import WhiteNoise

    assets = Assets(app.static_folder)
    app.extensions["convivial_assets"] = assets

    @app.url_defaults
    def hashed_static_names(endpoint, values):
        if endpoint == "static" and "filename" in values:
            values["filename"] = assets.hashed(values["filename"]) or values["filename"]

    def module_preloads(*entries: str) -> list[str]:
        # <link rel=modulepreload> for a module's imports: fetched with the module itself,
        # not one level at a time as each import is discovered.
        # Each once per page, though several of its modules import it.
        done = g.setdefault("convivial_preloaded", set())
        names = [n for n in assets.module_imports(*entries) if n not in done]
        done.update(names)
        return [url_for("static", filename=name) for name in names]

    app.jinja_env.globals["module_preloads"] = module_preloads

    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    app.config.setdefault("COMPRESS_MIMETYPES", ["text/html", "application/json", "text/plain"])
    app.config.setdefault("COMPRESS_REGISTER", True)
    Compress(app)

    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=app.static_folder,
        prefix=app.static_url_path,
        max_age=60,
        immutable_file_test=_is_hashed,
        add_headers_function=_static_headers,
        # Only our own pages use these files: no header inviting every other site to read
        # them (WhiteNoise's default), which was 33 bytes on every static response.
        allow_all_origins=False,
    )

"""Gunicorn, started from Python so `convivial serve` is one command on every platform."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication


class _Server(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from casework import create_app

        # Each worker builds its own app after the fork: no state is shared between them.
        app = create_app()
        _warm(app)
        return app


def _warm(app) -> None:
    """Compile the published forms and the recording templates before the first request,
    so a burst of requests to a fresh worker does not build them many times at once."""
    from casework.library import service as library
    from renderer.screens import compile_form

    with app.app_context():
        try:
            for version in library.latest_forms():
                compile_form(library.form_model(version))
        except Exception:  # noqa: BLE001 - an empty or new database is not an error here
            app.logger.info("No published forms to warm up yet")
        for name in ("records/section.html", "records/contents.html", "screens/section.html"):
            app.jinja_env.get_template(name)
    try:
        # WeasyPrint loads Pango and fontconfig on import (about a second): pay it here, not
        # on the first practitioner's PDF download or the first drawn-ahead document.
        import weasyprint  # noqa: F401
    except OSError:  # pragma: no cover - missing system libraries are reported on first use
        app.logger.warning("WeasyPrint could not load its libraries; PDFs will fail")


def run(*, host: str, port: int, workers: int, threads: int) -> None:
    _Server(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "timeout": 60,
            "graceful_timeout": 10,
            "accesslog": "-",
            "errorlog": "-",
            "loglevel": "info",
            # gunicorn's control socket lives at one path per user; several services on
            # one machine (tests, benchmarks) would fight over it.
            "control_socket_disable": True,
        }
    ).run()

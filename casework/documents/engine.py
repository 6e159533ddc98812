"""Which engine draws this process's PDFs: the app's PDF_ENGINE, settled by
casework/config.py (Chromium when installed, else WeasyPrint, with the reason logged).

The choice is per process, as the engine is: every app in a process (gunicorn builds one
per worker, ``convivial worker`` one) draws with the last one configured."""

from __future__ import annotations

from flask import Flask

from renderer.documents import pdf


def init_app(app: Flask) -> None:
    pdf.use_engine(app.config["PDF_ENGINE"], app.config["PDF_CHROMIUM"])
    if app.config.get("PDF_ENGINE_NOTE"):
        app.logger.warning("PDFs: %s", app.config["PDF_ENGINE_NOTE"])

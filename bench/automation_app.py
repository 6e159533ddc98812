"""The service as `convivial serve` runs it (gunicorn, gthread), plus one bare route for
the benchmark's baseline: a static GOV.UK page from the same template set, with no
session, query or audit. Run by bench/bench_automation.py:

    python -m bench.automation_app PORT WORKERS THREADS
"""

from __future__ import annotations

import sys

from gunicorn.app.base import BaseApplication

BASELINE = "/bench/static-govuk-page"


def build():
    from flask import render_template_string

    from casework import access, create_app
    from casework.server import settle

    app = create_app()

    @access.public
    def static_page():
        return render_template_string(
            '{% extends "govuk_frontend_jinja/template.html" %}'
            '{% block content %}<h1 class="govuk-heading-l">A static page</h1>'
            '<p class="govuk-body">The same GOV.UK template, nothing else.</p>{% endblock %}'
        )

    app.add_url_rule(BASELINE, "bench_static_page", static_page)
    # As `convivial serve` does once a worker has loaded the app (casework/server.py).
    settle()
    return app


class _Server(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return build()


if __name__ == "__main__":
    port, workers, threads = (int(a) for a in sys.argv[1:4])
    _Server(
        {
            "bind": f"127.0.0.1:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "timeout": 120,
            "control_socket_disable": True,
            "loglevel": "warning",
        }
    ).run()

"""``convivial worker``: fires date triggers and draws documents ahead, on time, with
nobody viewing a page. Run as many as you like, on as many machines: each job is
claimed by one of them (casework/tasks/jobs_service.py)."""

from __future__ import annotations

import logging
import os
import socket
import time

from flask import Flask

from casework.tasks import jobs_service as jobs

log = logging.getLogger(__name__)


def name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run(app: Flask, *, interval: float, once: bool) -> int:
    """Run due jobs every ``interval`` seconds; with ``once``, one pass and return."""
    worker, total = name(), 0
    while True:
        with app.app_context():
            ran = jobs.run_due(worker)
            while ran:  # a full batch: there may be more waiting
                total += ran
                ran = jobs.run_due(worker)
        if once:
            return total
        time.sleep(interval)

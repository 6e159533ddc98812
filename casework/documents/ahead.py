"""Render ahead: when a record is submitted or signed off, draw its family and
professional PDFs straight away, so whoever downloads, prints or issues them finds them
in the cache instead of waiting about a second per document.

``DOCUMENTS_RENDER_AHEAD`` chooses how:

- ``worker`` (default): a job for ``convivial worker`` (casework/tasks/jobs_service.py), run
  by whichever worker claims it first, outside every request process. No worker
  running: the PDFs are drawn on demand, as ever.
- ``background``: one worker thread per process, started on first use (so
  after gunicorn forks), with a short queue. Each job runs in its own app context and
  so its own database session. A full queue drops the job: render-ahead only saves
  time, and a miss still draws the PDF on demand. The thread is a daemon: a process
  that stops drops what is queued rather than waiting for it.
- ``inline``: the same job, run before the request returns (tests).
- ``off``: nothing is drawn ahead.

Whatever goes wrong in a job is logged and never reaches the submit that queued it.
Only submissions made through the service's pages are drawn ahead: a command seeding
demo data (``convivial demo``) has nobody waiting for a PDF.

The thread shares the process's GIL with the request threads, so while it draws (about
a second of CPU for the largest record) requests on that worker are a little slower.
"""

from __future__ import annotations

import logging
import os
import queue
import threading

from flask import Flask, current_app, g, has_app_context

from casework import events

EXTENSION = "convivial_render_ahead"
QUEUE_LIMIT = 32

log = logging.getLogger(__name__)


class RenderAhead:
    """Owned by one app (``app.extensions``); the worker thread belongs to the process
    that first queues a job."""

    def __init__(self, app: Flask | None = None) -> None:
        self.app: Flask | None = None
        self._lock = threading.Lock()
        self._queue: queue.Queue | None = None
        self._pid: int | None = None
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        app.config.setdefault("DOCUMENTS_RENDER_AHEAD", "worker")
        self.app = app
        app.extensions[EXTENSION] = self
        app.before_request(mark_served_request)
        events.record_settled.connect(record_settled)
        from casework.tasks import jobs_service as jobs

        jobs.HANDLERS["render_ahead"] = run_job

    @property
    def mode(self) -> str:
        return self.app.config["DOCUMENTS_RENDER_AHEAD"]

    def add(self, record_id: int, revision: int) -> None:
        if self.mode == "worker":
            _schedule(record_id, revision)
        elif self.mode == "inline":
            self._run(record_id, revision)
        elif self.mode == "background":
            try:
                self._jobs().put_nowait((record_id, revision))
            except queue.Full:
                log.warning("Render-ahead queue full: record %s drawn on demand", record_id)

    def wait_idle(self) -> None:
        """Until every queued job has finished (tests, the bench)."""
        if self._queue is not None and self._pid == os.getpid():
            self._queue.join()

    def _jobs(self) -> queue.Queue:
        with self._lock:
            if self._pid != os.getpid():  # first use, or a forked copy whose thread is gone
                self._queue = queue.Queue(maxsize=QUEUE_LIMIT)
                self._pid = os.getpid()
                threading.Thread(
                    target=self._work, args=(self._queue,), name="render-ahead", daemon=True
                ).start()
            return self._queue

    def _work(self, jobs: queue.Queue) -> None:
        while True:
            record_id, revision = jobs.get()
            try:
                self._run(record_id, revision)
            finally:
                jobs.task_done()

    def _run(self, record_id: int, revision: int) -> None:
        from casework.documents import service  # not at import: it needs the models loaded

        try:
            with self.app.app_context():  # its own session, removed when the context ends
                drawn = service.render_ahead(record_id, revision)
            log.info("Rendered ahead %s PDF(s) of record %s", drawn, record_id)
        except Exception:
            log.exception("Render-ahead of record %s failed; it will be drawn on demand", record_id)


def _schedule(record_id: int, revision: int) -> None:
    from casework.extensions import db
    from casework.models.time import utcnow
    from casework.tasks import jobs_service as jobs

    jobs.schedule(
        "render_ahead",
        key=f"render_ahead:{record_id}:{revision}",
        run_at=utcnow(),
        payload={"record": record_id, "revision": revision},
    )
    db.session.commit()


def run_job(job) -> None:
    """The worker's handler for a ``render_ahead`` job."""
    from casework.documents import service

    drawn = service.render_ahead(job.payload["record"], job.payload["revision"])
    log.info("Rendered ahead %s PDF(s) of record %s", drawn, job.payload["record"])


def mark_served_request() -> None:
    """Runs before every request the app serves (not for a request context a command
    makes for itself, such as ``convivial demo``'s)."""
    g.render_ahead = True


def record_settled(case, record, **_) -> None:
    """Hears the records service's ``record_settled``: a submit or sign-off committed."""
    if not has_app_context() or not g.get("render_ahead"):
        return  # a command: nobody is waiting for these PDFs
    extension = current_app.extensions.get(EXTENSION)
    if extension is not None:
        extension.add(record.id, record.revision)

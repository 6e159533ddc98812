"""PDFs with Chromium's print-to-PDF: one long-lived headless browser per process.

Why: the largest record's family PDF takes WeasyPrint 0.6-0.8 s of CPU and Chromium
about 0.15-0.2 s, with the same pages, footers, title, language and tags
(bench/RESULTS.md, "The largest family PDF"). Launching a browser costs more than a
document, so the browser stays up, with one page that each document replaces in turn.

Playwright's sync API is not thread-safe and gunicorn serves requests on several
threads, so one thread of our own owns Playwright and the browser; any thread asks
for a PDF through a queue and waits for its answer. The thread and the browser start
on first use in each process (after gunicorn forks: a forked copy starts its own), a
browser that died is launched again on the next document, and both stop when the
process exits.

Nothing is fetched and no connection is made: JavaScript is off, every request the
page makes is refused, no host name or address resolves, and the document is handed
over with ``set_content``, never navigated to. A document that takes longer than
``timeout`` seconds has its browser killed (the next document launches a new one) and
raises ``PrintTimedOut``.
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import signal
import subprocess
import threading
import uuid
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_EXECUTABLE = "/usr/bin/chromium"
# The largest record takes well under a second and a 166-page one (5,000-character
# answers) about 3 s on a loaded machine; the biggest a template may write (2 million
# characters, renderer/documents/budget.py) perhaps 15. This only stops a runaway.
TIMEOUT_SECONDS = 120.0
# Page size and margins come from the stylesheet's @page (A4, the footer's box);
# backgrounds print (the quote's rule, the scale picture); tagged with headings as
# bookmarks, as WeasyPrint's PDFs are.
PRINT_OPTIONS = {
    "prefer_css_page_size": True,
    "print_background": True,
    "tagged": True,
    "outline": True,
}


# Documents are drawn one after another in one page: a page of its own for each costs
# about 170 ms more CPU on the largest record (a new renderer process each time). The
# page is replaced after this many documents, and after any failure, so nothing that
# might build up in a long-lived page (memory) does.
PAGE_REUSE = 100
# Refusing every request in the page (``_refuse``) is not enough on its own: measured,
# Chromium still opened a connection to the host of a frame, an <object> or a meta
# refresh (preconnecting as a navigation starts) before the request reached the
# refusal. Every host name and address is made unresolvable, so no connection is made.
NO_NETWORK = ["--host-resolver-rules=MAP * ~NOTFOUND"]


class PrintFailed(RuntimeError):
    """Chromium could not draw the document (it would not start, or crashed twice)."""


class PrintTimedOut(PrintFailed):
    pass


def usable(executable: str) -> bool:
    path = Path(executable)
    return path.is_file() and os.access(path, os.X_OK)


@lru_cache(maxsize=4)
def version(executable: str) -> str:
    """The browser's version as it prints it ("Chromium 150.0.7871.100 ..."), asked once:
    part of the PDF cache's key, so upgrading Chromium retires the PDFs it drew."""
    try:
        out = subprocess.run(  # noqa: S603 - the operator's own setting, no shell
            [executable, "--version"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return f"{executable} (version unknown)"
    # Debian's adds "built on Debian GNU/Linux 12 (bookworm)": the number is what counts.
    return " ".join(out.split()[:2]) or f"{executable} (version unknown)"


class Printer:
    """Draws PDFs with one Chromium, from any thread."""

    def __init__(self, executable: str = DEFAULT_EXECUTABLE, timeout: float = TIMEOUT_SECONDS):
        self.executable = executable
        self.timeout = timeout
        self._lock = threading.Lock()
        self._jobs: queue.Queue | None = None
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        # Passed to the browser as a switch it ignores, so a stuck one can be found
        # among the processes and killed, and no other Chromium is touched (new in
        # each process: a forked copy must never kill its parent's browser).
        self._mark = ""

    def start(self) -> None:
        """Start the thread and launch the browser now rather than on the first PDF
        (returns at once: the launch happens on the thread)."""
        self._queue().put(("launch", None))

    def pdf(self, html: str) -> bytes:
        future: Future = Future()
        self._queue().put(("print", (html, future)))
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            if not future.cancel():  # already being drawn: stop the browser drawing it
                self._kill_browser()
            raise PrintTimedOut(f"Chromium took over {self.timeout:g} s to draw a PDF") from None

    def close(self, wait: float = 10.0) -> None:
        """Close the browser and stop the thread (at exit, and in tests)."""
        with self._lock:
            jobs, thread = self._jobs, self._thread
            if self._pid != os.getpid() or jobs is None or thread is None:
                return
            self._jobs = self._thread = self._pid = None
        jobs.put(("stop", None))
        thread.join(wait)

    def _queue(self) -> queue.Queue:
        with self._lock:
            if self._pid != os.getpid() or self._thread is None or not self._thread.is_alive():
                # First use, a forked copy (whose thread did not survive the fork), or
                # a thread that died: start afresh.
                self._jobs = queue.Queue()
                self._pid = os.getpid()
                self._mark = f"--convivial-pdf={self._pid}-{uuid.uuid4().hex}"
                self._thread = threading.Thread(
                    target=_Session(self.executable, self._mark).serve,
                    args=(self._jobs,),
                    name="pdf-chromium",
                    daemon=True,  # a stuck browser never holds the process open
                )
                self._thread.start()
            return self._jobs

    def _kill_browser(self) -> None:
        for pid in _pids_with(self._mark.encode()) if self._mark else ():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                continue
        log.warning("Chromium was stopped after %s s on one PDF; it restarts", self.timeout)


class _Session:
    """Playwright and the browser, used only on the printer's own thread."""

    def __init__(self, executable: str, mark: str):
        self.executable = executable
        self.mark = mark
        self.playwright = None
        self.browser = None
        self.context = None
        self.page = None
        self.drawn = 0  # documents drawn in self.page

    def serve(self, jobs: queue.Queue) -> None:
        try:
            while True:
                kind, job = jobs.get()
                if kind == "stop":
                    return
                if kind == "launch":
                    try:
                        self._ready()
                    except Exception:  # noqa: BLE001 - said again when a PDF is asked for
                        log.exception("Chromium would not start (%s)", self.executable)
                    continue
                html, future = job
                if not future.set_running_or_notify_cancel():
                    continue  # the caller gave up waiting before we began
                try:
                    future.set_result(self._print(html))
                except BaseException as exc:  # noqa: BLE001 - handed to the caller
                    future.set_exception(exc)
        finally:
            self._stop()

    def _print(self, html: str) -> bytes:
        try:
            return self._print_once(html)
        except Exception as first:
            if self.browser is not None and self.browser.is_connected():
                raise PrintFailed(f"Chromium could not draw the document: {first}") from first
            # The browser died (crashed, killed, or killed by the timeout): once more
            # with a new one.
            log.warning("Chromium had stopped (%s); launching it again", first)
            self._stop()
            try:
                return self._print_once(html)
            except Exception as second:
                self._stop()
                raise PrintFailed(f"Chromium could not draw the document: {second}") from second

    def _print_once(self, html: str) -> bytes:
        self._ready()
        if self.page is None or self.drawn >= PAGE_REUSE:
            self._close_page()
            self.page, self.drawn = self.context.new_page(), 0
        try:
            # Replaces the whole document: nothing of the last one stays (and with
            # JavaScript off, nothing in it could have kept anything).
            self.page.set_content(html, wait_until="load")
            pdf = self.page.pdf(**PRINT_OPTIONS)
        except Exception:
            self._close_page()  # the next document gets a fresh page
            raise
        self.drawn += 1
        return pdf

    def _close_page(self) -> None:
        page, self.page = self.page, None
        if page is not None and self.browser is not None and self.browser.is_connected():
            try:
                page.close()
            except Exception:  # noqa: BLE001 - already gone
                log.debug("Closing a page", exc_info=True)

    def _ready(self) -> None:
        if self.browser is not None and self.browser.is_connected():
            return
        self._stop()
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path=self.executable, headless=True, args=[self.mark, *NO_NETWORK]
        )
        self.context = self.browser.new_context(java_script_enabled=False, offline=True)
        self.context.route("**/*", _refuse)
        log.info("Chromium %s started for PDFs", self.browser.version)

    def _stop(self) -> None:
        for close in (
            self.browser.close if self.browser else None,
            self.playwright.stop if self.playwright else None,
        ):
            if close is None:
                continue
            try:
                close()
            except Exception:  # noqa: BLE001 - already gone: nothing left to close
                log.debug("Closing Chromium", exc_info=True)
        self.playwright = self.browser = self.context = self.page = None


def _refuse(route) -> None:
    """Nothing is fetched, whatever the document holds: every request is refused. A
    navigation away (a meta refresh) is answered "204 No Content", which keeps the
    document in the page, where refusing it would leave an error page to print."""
    if route.request.is_navigation_request():
        route.fulfill(status=204, body="")
    else:
        route.abort()


def _pids_with(mark: bytes) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if mark in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


_printers: dict[str, Printer] = {}
_printers_lock = threading.Lock()


def printer(executable: str = DEFAULT_EXECUTABLE) -> Printer:
    """This process's printer for that browser (one per executable), closed at exit."""
    with _printers_lock:
        found = _printers.get(executable)
        if found is None:
            found = _printers[executable] = Printer(executable)
            atexit.register(found.close)
        return found

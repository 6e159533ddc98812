"""Gunicorn, started from Python so `convivial serve` is one command on every platform."""

from __future__ import annotations

import errno
import gc
import multiprocessing
import os
import socket

import click
from gunicorn.app.base import BaseApplication

# How far above a busy port to look for a free one to suggest.
_SUGGESTION_RANGE = 50


class AddressProblem(click.ClickException):
    """The address cannot be served: said in plain words, before anything starts."""


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
        settle()
        return app


def settle() -> None:
    """Put everything loaded so far (the app, its templates, SQLAlchemy's mappers and
    compiled statements: about 160,000 objects) out of the garbage collector's reach.
    They live as long as the worker, so a full collection never frees any of them, yet
    walked them all: tens of milliseconds, now and then, on whichever request set it off
    (on the manager's home, one request in about two hundred; about 5% of a section
    page's CPU). Garbage made while loading is collected first, so none of it is kept."""
    gc.collect()
    gc.freeze()


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
        # Load the PDF engine here, not on the first practitioner's PDF download or the
        # first drawn-ahead document: WeasyPrint loads Pango and fontconfig on import
        # (about a second); Chromium is launched (on its own thread: this returns at once).
        from renderer.documents.pdf import start_engine

        start_engine()
    except OSError:  # pragma: no cover - missing system libraries are reported on first use
        app.logger.warning("The PDF engine could not load its libraries; PDFs will fail")


def url_for_address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def check_address(host: str, port: int) -> None:
    """Bind the address and let it go again, as gunicorn is about to, so that a busy port
    is refused with its number and what to run instead, not with gunicorn's retries."""
    problem = _bind_problem(host, port)
    if problem is None:
        return
    if problem == errno.EADDRINUSE:
        raise AddressProblem(
            f"Port {port} on {host} is already in use by another program, so Convivial "
            f"cannot listen there. Either stop that program, or run Convivial on a free "
            f"port: `{_suggestion(host, port)}`."
        )
    if problem == errno.EACCES:
        raise AddressProblem(
            f"This user may not listen on port {port} (ports below 1024 need extra "
            f"privileges). Either run Convivial on a higher port: `{_suggestion(host, port)}`, "
            f"or put it behind a web server that listens on port {port}."
        )
    raise AddressProblem(
        f"Convivial cannot listen on {host} port {port}: {os.strerror(problem)}. Either use "
        f"an address of this machine (127.0.0.1 for this machine only, 0.0.0.0 for every "
        f"network), or check the --host option."
    )


def _bind_problem(host: str, port: int) -> int | None:
    """None if the address can be bound now, else the errno that stopped it."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror:
        return errno.EADDRNOTAVAIL
    with socket.socket(family, kind, proto) as sock:
        # As gunicorn binds: a port left in TIME_WAIT by a service just stopped is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            return exc.errno or errno.EADDRNOTAVAIL
    return None


def _suggestion(host: str, port: int) -> str:
    start = max(port + 1, 1024)
    free = next(
        (
            candidate
            for candidate in range(start, min(start + _SUGGESTION_RANGE, 65536))
            if _bind_problem(host, candidate) is None
        ),
        start,
    )
    if os.environ.get("MAKELEVEL"):  # started by `make run`: say it the same way
        host_part = "" if host == "127.0.0.1" else f" HOST={host}"
        return f"make run PORT={free}{host_part}"
    host_part = "" if host == "127.0.0.1" else f" --host {host}"
    return f"convivial serve{host_part} --port {free}"


def run(*, host: str, port: int, workers: int, threads: int) -> None:
    """Serve until stopped. "Convivial is running at ..." is printed once, by the first
    worker to have loaded the app: from then on a request is answered, not queued."""
    announced = multiprocessing.Value("b", 0)
    message = f"Convivial is running at {url_for_address(host, port)} (press Ctrl+C to stop)"

    def announce(worker) -> None:
        with announced.get_lock():
            if announced.value:
                return
            announced.value = 1
        click.echo(message)

    _Server(
        {
            "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
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
            "post_worker_init": announce,
        }
    ).run()

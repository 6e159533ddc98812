"""GOV.UK-style error pages. No traceback ever reaches a browser."""

from __future__ import annotations

from flask import render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from casework import audit
from casework.incoming import UnstorableCharacters

PAGES = {
    400: ("Sorry, there is a problem with that request", "errors/400.html"),
    403: ("You do not have access to this page", "errors/403.html"),
    404: ("Page not found", "errors/404.html"),
    405: ("Sorry, there is a problem with that request", "errors/400.html"),
    429: ("Too many attempts", "errors/429.html"),
    500: ("Sorry, there is a problem with the service", "errors/500.html"),
}

FALLBACK_500 = (
    '<!DOCTYPE html><html lang="en"><head><title>Sorry, there is a problem with the service'
    "</title></head><body><main><h1>Sorry, there is a problem with the service</h1>"
    "<p>Try again later. Anything you had already saved is safe.</p></main></body></html>"
)

# These mean someone tried something they may not do: always worth an audit entry.
AUDITED = {403: "access_denied", 405: "method_refused"}


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json" or request.is_json


def _render(status: int, **context):
    title, template = PAGES.get(status, PAGES[500])
    if _wants_json():
        return {"error": title}, status
    return render_template(template, title=title, **context), status


def handle_http(error: HTTPException):
    status = error.code or 500
    if status in AUDITED:
        _safely_audit(AUDITED[status], {"endpoint": request.endpoint, "method": request.method})
    if status == 429:
        from flask import current_app

        from casework.auth.routes import minutes

        seconds = current_app.config["SIGN_IN_THROTTLE_SECONDS"]
        body, code = _render(429, wait=minutes(seconds))
        return body, code, {"Retry-After": str(seconds)}
    return _render(status if status in PAGES else 400)


def handle_csrf(error: CSRFError):
    _safely_audit("csrf_failed", {"reason": error.description, "endpoint": request.endpoint})
    if _wants_json():
        # Scripts (autosave) fetch a fresh token from /session/csrf-token and retry.
        return {"error": "csrf", "message": error.description}, 400
    from casework.auth.routes import typed_answers

    return _render(400, csrf=True, typed=typed_answers())


def handle_unstorable(error: UnstorableCharacters):
    if _wants_json():
        return {"error": "unstorable", "message": error.description}, 400
    from casework.auth.routes import typed_answers

    # What was typed comes back without the character that could not be kept.
    typed = [(_printable(name), _printable(value)) for name, value in typed_answers()]
    return _render(400, problem=error.description, typed=typed)


def _printable(text: str) -> str:
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def handle_unexpected(error: Exception):
    # Logged with its traceback for the operators; the user sees a plain page.
    from flask import current_app

    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    try:
        from casework.extensions import discard_unsaved

        discard_unsaved()
    except Exception:  # noqa: BLE001, S110 - the original error matters more
        pass
    try:
        return _render(500)
    except Exception:  # noqa: BLE001 - the error page itself failed; say so plainly
        current_app.logger.exception("The error page could not be shown")
        return FALLBACK_500, 500, {"Content-Type": "text/html; charset=utf-8"}


def _safely_audit(action: str, detail: dict) -> None:
    from casework.extensions import discard_unsaved

    try:
        audit.record(action, detail=detail)
    except Exception:  # noqa: BLE001 - never turn a 4xx into a 500
        discard_unsaved()


def register(app) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(UnstorableCharacters, handle_unstorable)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)

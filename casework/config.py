"""Configuration: defaults, then the environment, then a test override.

Outside development a missing SECRET_KEY is a startup error: a guessable key would
let anyone forge a session for a service holding data about children at risk.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ENVIRONMENTS = ("development", "test", "production")
RENDER_AHEAD_MODES = ("worker", "background", "inline", "off")


class ConfigError(RuntimeError):
    """The service cannot start with this configuration; the message says how to fix it."""


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(
            f"{name} must be a whole number of seconds or a count, not {raw!r}."
        ) from exc


def normalise_database_url(url: str) -> str:
    """Accept the URLs hosting platforms hand out and use psycopg 3 for PostgreSQL."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def defaults(instance_path: str) -> dict:
    return {
        "CONVIVIAL_ENV": "production",
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(Path(instance_path) / "convivial.sqlite3"),
        # No pool_pre_ping (a round trip on every checkout): casework/database.py pings
        # only connections idle for a while, and recycles them before idle limits bite.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_recycle": 30 * 60},
        "IDLE_TIMEOUT_SECONDS": 30 * 60,
        # Signed-in pages warn this long before the idle timeout signs a person out
        # (WCAG 2.2 SC 2.2.1), with a way to stay signed in.
        "TIMEOUT_WARNING_SECONDS": 2 * 60,
        # Test configuration only: a file holding seconds to add to the service's clock,
        # so browser tests move time instead of waiting (casework/models/time.py).
        "TEST_CLOCK_FILE": None,
        # scrypt is memory-hard; tests lower the cost so the suite stays quick.
        "PASSWORD_HASH_METHOD": "scrypt",
        "SIGN_IN_LOCKOUT_FAILURES": 5,
        "SIGN_IN_LOCKOUT_SECONDS": 15 * 60,
        "SIGN_IN_THROTTLE_FAILURES": 20,
        "SIGN_IN_THROTTLE_SECONDS": 5 * 60,
        "SESSION_COOKIE_NAME": "convivial_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": True,
        # The server-side session row, not the cookie, decides how long a sign-in lives.
        "PERMANENT_SESSION_LIFETIME": 12 * 60 * 60,
        # Tokens are tied to the signed-in session, not to a clock: an hour-long limit
        # throws away whatever a practitioner typed in a form left open over lunch.
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": True,
        "TRUSTED_PROXIES": 0,
        "LIBRARY_PATH": str(Path(__file__).resolve().parent.parent),
        "SERVICE_NAME": "Convivial",
        # Names this council in change sets it writes and specifications it sends.
        "COUNCIL_NAME": None,
        # Uploads (bundles from other councils) are refused beyond this, before parsing.
        "MAX_CONTENT_LENGTH": 12 * 1024 * 1024,
        # Draw a record's PDFs when it is submitted or signed off, so nobody waits for
        # them later: "background" (a worker thread), "inline" (tests) or "off".
        "DOCUMENTS_RENDER_AHEAD": "worker",
        # How PDFs are drawn: "chromium" (a long-lived headless browser, about twice as
        # quick) or "weasyprint" (no browser needed). Unset: Chromium when the browser
        # is at PDF_CHROMIUM, else WeasyPrint (docs/documents.md).
        "PDF_ENGINE": None,
        "PDF_CHROMIUM": "/usr/bin/chromium",
        # The census: the council's DfE LA number, and the Python of the environment
        # holding the DfE's rules (`make setup` builds .venv-cin; README says why apart).
        "CENSUS_LA_CODE": "999",
        "CIN_VALIDATOR_PYTHON": str(
            Path(__file__).resolve().parent.parent / ".venv-cin/bin/python"
        ),
        # Time and motion (docs/time.md): a pause longer than this, with no typing or
        # choosing, is not counted as time spent recording.
        "TIMING_IDLE_SECONDS": 2 * 60,
        # The report warns when either side of a comparison has fewer records than this.
        "TIMING_MIN_RECORDS": 5,
        # Per-person time figures: off unless the council turns them on.
        "TIMING_PER_PERSON": False,
    }


# Settings read as they are: environment variable -> config key.
_TEXT_SETTINGS = {
    "SECRET_KEY": "SECRET_KEY",
    # Seals the audit log's hash chain; kept apart from SECRET_KEY so that one can
    # be rotated without breaking the chain (docs/architecture.md).
    "AUDIT_KEY": "AUDIT_KEY",
    "CONVIVIAL_TEST_CLOCK_FILE": "TEST_CLOCK_FILE",
    "COUNCIL_NAME": "COUNCIL_NAME",
    "CONVIVIAL_LIBRARY": "LIBRARY_PATH",
    "CENSUS_LA_CODE": "CENSUS_LA_CODE",
    "CIN_VALIDATOR_PYTHON": "CIN_VALIDATOR_PYTHON",
    "DOCUMENTS_RENDER_AHEAD": "DOCUMENTS_RENDER_AHEAD",
    "PDF_ENGINE": "PDF_ENGINE",
    "PDF_CHROMIUM": "PDF_CHROMIUM",
}
# Settings that are whole numbers.
_NUMBER_SETTINGS = (
    "IDLE_TIMEOUT_SECONDS",
    "TIMEOUT_WARNING_SECONDS",
    "SIGN_IN_LOCKOUT_FAILURES",
    "SIGN_IN_LOCKOUT_SECONDS",
    "SIGN_IN_THROTTLE_FAILURES",
    "SIGN_IN_THROTTLE_SECONDS",
    "TRUSTED_PROXIES",
    "BREAK_GLASS_HOURS",
    "TIMING_IDLE_SECONDS",
    "TIMING_MIN_RECORDS",
)


def from_environment() -> dict:
    config: dict = {}
    env = os.environ.get("CONVIVIAL_ENV")
    if env:
        if env not in ENVIRONMENTS:
            raise ConfigError(
                f"CONVIVIAL_ENV is {env!r}. Either set it to one of {', '.join(ENVIRONMENTS)} "
                "or leave it unset for production."
            )
        config["CONVIVIAL_ENV"] = env
    if os.environ.get("DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(os.environ["DATABASE_URL"])
    for variable, key in _TEXT_SETTINGS.items():
        if os.environ.get(variable):
            config[key] = os.environ[variable]
    for name in _NUMBER_SETTINGS:
        if os.environ.get(name):
            config[name] = _env_int(name, 0)
    if os.environ.get("TIMING_PER_PERSON"):
        config["TIMING_PER_PERSON"] = os.environ["TIMING_PER_PERSON"].lower() in ("1", "true", "on")
    return config


def finalise(config: dict, instance_path: str) -> None:
    """Fill in what depends on the environment and refuse unsafe combinations."""
    env = config["CONVIVIAL_ENV"]
    if env == "development":
        # Plain http on 127.0.0.1 during development: a Secure cookie would never be sent.
        config.setdefault("SESSION_COOKIE_SECURE_OVERRIDE", False)
        config["SESSION_COOKIE_SECURE"] = config["SESSION_COOKIE_SECURE_OVERRIDE"]
        if not config.get("SECRET_KEY"):
            config["SECRET_KEY"] = _development_secret(instance_path)
    elif env == "test":
        config["SESSION_COOKIE_SECURE"] = False
    if not config.get("SECRET_KEY"):
        raise ConfigError(
            "SECRET_KEY is not set. Either set the SECRET_KEY environment variable to a long "
            "random value (for example: python -c 'import secrets; print(secrets.token_hex(32))') "
            "or set CONVIVIAL_ENV=development to run locally with a generated key."
        )
    if config.get("TEST_CLOCK_FILE") and env != "test":
        # A movable clock would let idle sessions and sign-in lockouts be cheated.
        raise ConfigError(
            f"CONVIVIAL_TEST_CLOCK_FILE is set, but CONVIVIAL_ENV is {env!r}. The test clock "
            "only works in tests: either unset CONVIVIAL_TEST_CLOCK_FILE or, in a test run, "
            "set CONVIVIAL_ENV=test."
        )
    if config["DOCUMENTS_RENDER_AHEAD"] not in RENDER_AHEAD_MODES:
        raise ConfigError(
            f"DOCUMENTS_RENDER_AHEAD is {config['DOCUMENTS_RENDER_AHEAD']!r}. Set it to one "
            f"of {', '.join(RENDER_AHEAD_MODES)}, or leave it unset for worker."
        )
    _pdf_engine(config)
    uri = normalise_database_url(config["SQLALCHEMY_DATABASE_URI"])
    config["SQLALCHEMY_DATABASE_URI"] = uri
    if uri.startswith("sqlite"):
        # SQLite serialises writers; wait for the lock instead of failing at once.
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 15}}


def _pdf_engine(config: dict) -> None:
    """Settle PDF_ENGINE to the engine this service uses; PDF_ENGINE_NOTE says why when
    it is not what was asked for (logged as the app starts)."""
    from renderer.documents.pdf import choose_engine

    asked, browser = config.get("PDF_ENGINE") or None, config["PDF_CHROMIUM"]
    try:
        config["PDF_ENGINE"], config["PDF_ENGINE_NOTE"] = choose_engine(asked, browser)
    except ValueError:
        if asked == "chromium":
            raise ConfigError(
                f"PDF_ENGINE is chromium, but there is no browser at {browser}. Either "
                "install Chromium (Debian's chromium package) or set PDF_CHROMIUM to where "
                "it is, or set PDF_ENGINE=weasyprint."
            ) from None
        raise ConfigError(
            f"PDF_ENGINE is {asked!r}. Set it to chromium or weasyprint, or leave it unset "
            "for Chromium when it is installed."
        ) from None


def _development_secret(instance_path: str) -> str:
    """Keep one generated key on disk so restarts and several workers agree on sessions."""
    path = Path(instance_path) / "development_secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_text(secrets.token_hex(32))
        tmp.chmod(0o600)
        tmp.replace(path)
    return path.read_text().strip()

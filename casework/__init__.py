"""The live service: app factory, accounts, cases, records, audit."""

from __future__ import annotations

import os

from flask import Flask
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from casework import config as settings
from casework.templating import ConvivialFlask, service_navigation_renderer


def create_app(test_config: dict | None = None) -> Flask:
    app = ConvivialFlask(__name__, instance_path=os.environ.get("CONVIVIAL_INSTANCE") or None)
    app.config.update(settings.defaults(app.instance_path))
    app.config.update(settings.from_environment())
    if test_config:
        app.config.update(test_config)
    settings.finalise(app.config, app.instance_path)
    if app.config["TEST_CLOCK_FILE"]:  # finalise refused it outside the test configuration
        from casework.models.time import use_test_offset_file

        use_test_offset_file(app.config["TEST_CLOCK_FILE"])

    _templates(app)
    _extensions(app)
    from casework import assets

    assets.init_app(app)
    _blueprints(app)
    _listeners()
    _request_hooks(app)
    return app


def _listeners() -> None:
    """Who hears what recording publishes (casework/events). Connecting twice is harmless."""
    from casework import events
    from casework.pathway import service as pathway
    from casework.tasks import listeners as tasks

    events.case_opened.connect(pathway.case_opened)
    tasks.connect()


def _templates(app: Flask) -> None:
    from govuk_frontend_wtf.main import WTFormsHelpers

    from renderer.screens import template_loader as screens_templates

    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("casework"),
            PackageLoader("designer"),
            screens_templates(),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    from casework.clock import uk_time

    app.jinja_env.filters["uk_time"] = uk_time
    from renderer.screens.shown import ShownCache
    from renderer.screens.templating import component_renderer, fields_renderer

    app.jinja_env.globals["screens_component"] = component_renderer(app.jinja_env)
    app.jinja_env.globals["screens_fields"] = fields_renderer()
    app.jinja_env.globals["screens_shown"] = ShownCache()
    app.jinja_env.globals["service_navigation"] = service_navigation_renderer(app.jinja_env)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)


def _extensions(app: Flask) -> None:
    from casework import (
        database,  # noqa: F401 - registers the SQLite pragmas
        transactions_service,
    )
    from casework.auth import sessions
    from casework.auth.routes import unauthorized
    from casework.extensions import csrf, db, login_manager

    db.init_app(app)
    transactions_service.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(sessions.load)
    login_manager.unauthorized_handler(unauthorized)
    # Flask-Login's "strong" protection would sign people out when a proxy changes
    # their address; the server-side session row already gives us revocation.
    login_manager.session_protection = None
    if not app.config.get("SESSION_PROTECTION"):
        # With protection off Flask-Login never compares its session identifier (a hash
        # of the address and browser), yet would hash them on every request and keep
        # the hash in the cookie: a fingerprint of the device for nothing.
        login_manager._session_identifier_generator = _no_identifier

    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _no_identifier() -> None:
    return None


def _blueprints(app: Flask) -> None:
    from casework import errors, incoming
    from casework.accounts.routes import bp as account_bp
    from casework.admin.routes import bp as admin_bp
    from casework.auditing.routes import bp as auditing_bp
    from casework.auth.routes import bp as auth_bp
    from casework.auth.timeout import bp as timeout_bp
    from casework.caseloads.routes import bp as caseloads_bp
    from casework.cases.naming_routes import bp as restricted_bp
    from casework.cases.routes import bp as cases_bp
    from casework.census.routes import bp as census_bp
    from casework.documents.routes import bp as documents_bp
    from casework.family_context.routes import bp as family_context_bp
    from casework.home.routes import bp as home_bp
    from casework.notes.routes import bp as notes_bp
    from casework.records.routes import bp as records_bp
    from casework.subject_access.routes import bp as subject_access_bp
    from casework.tasks.routes import bp as tasks_bp
    from casework.teams.routes import bp as teams_bp
    from casework.timing.routes import bp as timing_bp
    from designer.editor.routes import bp as designer_bp
    from designer.history import bp as history_bp

    incoming.install(app)
    app.register_blueprint(auth_bp)
    app.register_blueprint(timeout_bp)
    app.register_blueprint(home_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(restricted_bp)
    app.register_blueprint(cases_bp)
    app.register_blueprint(tasks_bp)
    app.register_blueprint(caseloads_bp)
    app.register_blueprint(teams_bp)
    app.register_blueprint(records_bp)
    app.register_blueprint(subject_access_bp)
    app.register_blueprint(timing_bp)
    app.register_blueprint(notes_bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(family_context_bp)
    app.register_blueprint(census_bp)
    app.register_blueprint(auditing_bp)
    app.register_blueprint(history_bp)
    app.register_blueprint(designer_bp)
    errors.register(app)


def _request_hooks(app: Flask) -> None:

    from casework import access, security
    from casework.auth.forced_change import require_change
    from casework.auth.forms import SignOutForm
    from casework.auth.timeout import page_settings

    app.before_request(access.enforce)
    app.before_request(require_change)
    app.after_request(security.add_headers)
    links: dict[tuple[str, str], tuple] = {}  # this app's, built as first needed

    @app.context_processor
    def layout_context():
        from flask_login import current_user

        from casework.clock import uk_today

        return {
            "today": uk_today(),
            "navigation": _navigation(current_user._get_current_object(), links),
            "cspNonce": security.nonce(),
            # Convivial is not a GOV.UK service: no crown, no GOV.UK brand refresh.
            "govukRebrand": False,
            "service_name": app.config["SERVICE_NAME"],
            "sign_out_form": SignOutForm,
            "session_timeout": page_settings(),
        }


NAVIGATION = {
    "practitioner": [("Your work", "home.index"), ("Cases", "cases.index")],
    "team_manager": [
        ("Your team", "home.index"),
        ("Cases", "cases.index"),
        ("Caseloads", "caseloads.index"),
        ("Review designs", "designer.library_index"),
        ("Change history", "history.index"),
    ],
    "designer": [
        ("Form library", "home.index"),
        ("Designer", "designer.library_index"),
        ("Change history", "history.index"),
    ],
    "administrator": [("Users and teams", "home.index")],
    "auditor": [
        ("Audit log", "home.index"),
        ("Search the audit log", "auditing.index"),
        ("Change history", "history.index"),
    ],
}


def _navigation(user, links: dict) -> list[dict]:
    """The header's menu for the person's role. Its addresses are the same on every page
    (a role's menu names fixed pages): built once for each role and mount point."""
    from flask import request, url_for

    if not user.is_authenticated:
        return []
    key = (user.role, request.script_root)
    known = links.get(key)
    if known is None:
        known = tuple(
            (text, url_for(endpoint), endpoint) for text, endpoint in NAVIGATION.get(user.role, [])
        )
        if len(links) < 64:  # roles times mount points: a handful, unless misconfigured
            links[key] = known
    here = request.endpoint
    return [
        {"text": text, "href": href, "active": here == endpoint} for text, href, endpoint in known
    ]

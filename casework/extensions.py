"""Extension objects, created unbound and attached to an app in create_app."""

from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


# Committing an audit entry mid-request must not expire every row already loaded for
# the page (that turned one query into fifty on the audit log page).
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
login_manager = LoginManager()
csrf = CSRFProtect()


def discard_unsaved() -> None:
    """Throw away what the request changed and had not committed: an error page must not
    commit half of a change, and a failed commit leaves the session unusable until then."""
    db.session.rollback()

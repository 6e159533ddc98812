"""House rules that no linter checks: only services touch the database.

docs/architecture.md says views call services and only services touch ``db.session``.
This test reads every module of the product (its syntax tree, not its text, so a
comment or a docstring that mentions the session does not count) and fails when a
module that is not a service touches the session or runs a query.

A module is a service by its name (``service.py``, ``*_service.py``, or any module of
a ``services/`` package), or it is plumbing that owns the database itself: the
migrations, the command line (``cli.py``, ``*/commands.py``, and the demo that
``convivial demo`` runs), ``extensions.py`` (where ``db`` is made) and ``models/``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("casework", "designer", "renderer")

# Services whose names say what they hold better than "_service" would (the audit log,
# the pathway engine's clocks and work list, the record saver): each is one service's
# queries, named here so the list of doors to the database stays complete and short.
# A new module that queries is named *_service.py instead of joining this list.
SERVICES_UNDER_OLDER_NAMES = {
    "casework/audit.py": "the audit log's writer: append, seal, chain",
    "casework/auditing/search.py": "the audit log's search",
    "casework/auditing/viewers.py": "who looked at a case, from the audit log",
    "casework/auth/sessions.py": "the signed-in sessions table",
    "casework/cases/naming.py": "case references, numbered in the database",
    "casework/documents/cache.py": "drawn documents kept in the database",
    "casework/documents/ahead.py": "schedules a document to be drawn ahead",
    "casework/notes/chronology.py": "the case chronology's query",
    "casework/pathway/clocks.py": "the pathway engine's statutory clocks",
    "casework/pathway/worklist.py": "the pathway engine's work list",
    "casework/records/saving.py": "the record saver (field-by-field merge)",
    "casework/subject_access/gather.py": "gathers a person's data for a subject access request",
}

# Modules in folders other helpers were changing when this rule came in (designer/editor,
# designer/history, casework/tasks). They still touch the session; the lead moves their
# queries into services. The test fails when a listed file no longer touches the session,
# so this list only shrinks: delete the line when you clear the file.
NOT_YET_SERVICES = {
    "casework/pathway/overdue.py",
    "casework/pathway/work_order.py",
}


def is_service_or_plumbing(path: str) -> bool:
    """Whether the module at ``path`` (relative, with /) may touch the database."""
    parts = path.split("/")
    name = parts[-1]
    if name == "service.py" or name.endswith("_service.py") or "services" in parts[:-1]:
        return True
    if parts[:2] == ["casework", "migrations"] or parts[:2] == ["casework", "models"]:
        return True
    if name in ("cli.py", "commands.py", "extensions.py") or name.startswith("cli_"):
        return True
    return path in ("casework/demo.py", "casework/demo_walk.py")


def database_uses(source: str) -> list[int]:
    """Lines where ``source`` touches the session or runs a query.

    ``db.session`` and ``db.engine`` (the session and the connection pool), and
    ``SomeModel.query`` (Flask-SQLAlchemy's query property, which runs on the session).
    Building a ``select()`` is not a use: only running it is, and that needs the session.
    """
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute) or not isinstance(node.value, ast.Name):
            continue
        owner = node.value.id
        session = owner == "db" and node.attr in ("session", "engine")
        model_query = node.attr == "query" and owner[:1].isupper()
        if session or model_query:
            lines.append(node.lineno)
    return sorted(set(lines))


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), path


def _offenders() -> dict[str, list[int]]:
    out = {}
    for rel, path in _modules():
        if is_service_or_plumbing(rel) or rel in SERVICES_UNDER_OLDER_NAMES:
            continue
        uses = database_uses(path.read_text(encoding="utf-8"))
        if uses:
            out[rel] = uses
    return out


def test_only_services_touch_the_database():
    offenders = {rel: lines for rel, lines in _offenders().items() if rel not in NOT_YET_SERVICES}
    assert offenders == {}, (
        "These modules touch db.session (file: lines) but are not services; move the "
        "queries into the package's service.py (docs/architecture.md)"
    )


def test_the_list_of_modules_not_yet_services_only_shrinks():
    offenders = _offenders()
    cleared = sorted(rel for rel in NOT_YET_SERVICES if rel not in offenders)
    assert cleared == [], "These no longer touch the session: delete them from the list"


def test_services_under_older_names_still_are_services():
    stale = [
        rel
        for rel in SERVICES_UNDER_OLDER_NAMES
        if not database_uses((ROOT / rel).read_text(encoding="utf-8"))
    ]
    assert stale == [], "These no longer touch the session: delete them from the list"


PLANTED_VIEW = """
from flask import abort
from casework.extensions import db
from casework.models import Case

@bp.get("/cases/<int:case_id>")
def show(case_id):
    case = db.session.get(Case, case_id)  # a view querying the database itself
    return render_template("case.html", case=case, open=Case.query.count())
"""


def test_a_view_that_queries_the_database_is_caught():
    """The planted view above breaks the rule twice; the check must see both."""
    assert database_uses(PLANTED_VIEW) == [8, 9]
    assert not is_service_or_plumbing("casework/cases/routes.py")


def test_a_service_or_a_mention_in_prose_is_not_caught():
    assert is_service_or_plumbing("casework/cases/service.py")
    assert is_service_or_plumbing("casework/timing/report_service.py")
    assert is_service_or_plumbing("casework/migrations/versions/0001_start.py")
    said = '"""Views never call db.session; services do."""\n# nor db.session here\n'
    assert database_uses(said) == []

"""What each of the fifth pass's changes saves on the section page's render, in one
process (issue 17's server target; bench/RESULTS.md, "fifth pass"):

    python -m bench.section_render_changes [--postgres URL] [--rounds 40]

Inside one signed-in request for the largest section (answered), `section_page.render` is
timed (CPU ms, 25 renders a sample) with each change undone in turn, the configurations
interleaved so that a busy neighbour slows them alike: Jinja's own ChainMap for the
templates' globals, GOV.UK's navigation macro drawn on every page, the child's name read
through the ORM. Prints the minimum and the median of each; compare the minimums.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import ChainMap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _database(postgres: str | None) -> None:
    """A throwaway database with the demo data (or the empty PostgreSQL one named)."""
    from bench.service import CONVIVIAL

    instance = tempfile.mkdtemp(prefix="convivial-render-changes-")
    os.environ.update(
        CONVIVIAL_ENV="development",
        CONVIVIAL_INSTANCE=instance,
        SECRET_KEY="profile-secret-key",
        DATABASE_URL=postgres or f"sqlite:///{instance}/changes.sqlite3",
        DOCUMENTS_RENDER_AHEAD="off",
    )
    for command in (["init-db"], ["demo"]):
        subprocess.run(CONVIVIAL + command, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default=None)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    _database(args.postgres)
    from flask import current_app
    from flask_login import current_user
    from sqlalchemy import inspect

    from bench.profile_section import _section_path
    from casework import create_app, templating
    from casework.cases import service as cases
    from casework.extensions import db
    from casework.records import routes, section_page, sources
    from casework.records import service as records

    app = create_app()
    client = app.test_client()
    path = _section_path(client, answered=True)
    record_id = int(path.split("/")[2])
    env = app.jinja_env
    new_nav, new_child = env.globals["service_navigation"], cases.child_name

    def old_nav(params):
        return env.get_template(templating.NAVIGATION_MACRO).module.govukServiceNavigation(params)

    def old_child(case):
        if "people" not in inspect(case).unloaded:
            return case.child.full_name if case.child else ""
        row = db.session.execute(cases._CHILD_NAME, {"id": case.id}).first()
        return cases.person_name(row.first_name, row.last_name) if row else ""

    def configure(fast_globals: bool, cached_nav: bool, core_child: bool) -> None:
        kind = templating.TemplateGlobals if fast_globals else ChainMap
        for template in list(env.cache.values()):
            template.globals = kind(*template.globals.maps)
        env.globals["service_navigation"] = new_nav if cached_nav else old_nav
        cases.child_name = new_child if core_child else old_child

    configs = {
        "all changes": (True, True, True),
        "Jinja's own ChainMap": (False, True, True),
        "navigation drawn each page": (True, False, True),
        "child's name through the ORM": (True, True, False),
        "none of them (before)": (False, False, False),
    }
    samples: dict[str, list[float]] = {name: [] for name in configs}
    view = app.view_functions["records.section"]

    @functools.wraps(view)  # keeps the view's access declaration
    def timing_view(**kwargs):
        user = current_user._get_current_object()
        record = records.get(user, record_id, purpose=None)
        form, compiled, case, _ = routes._context(record, people=False)
        shown = compiled.shown(
            "analysis",
            answers=record.answers,
            people=(),
            sources=sources.beside_fields(record),
            env=current_app.jinja_env,
        )
        for _ in range(args.rounds):
            for name, flags in configs.items():
                configure(*flags)
                start = time.process_time()
                for _ in range(25):
                    section_page.render(record, form, compiled, case, shown, "analysis", True)
                samples[name].append((time.process_time() - start) / 25 * 1000)
        configure(True, True, True)
        return "timed"

    app.view_functions["records.section"] = timing_view
    gc.collect()
    gc.freeze()
    assert client.get(path).status_code == 200
    best = min(samples["all changes"])
    for name, values in samples.items():
        print(
            f"{name:30s} min {min(values):.3f} ms, median {statistics.median(values):.3f}"
            f" (min against all changes: {min(values) - best:+.3f})"
        )


if __name__ == "__main__":
    main()

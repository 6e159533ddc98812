"""The approvers' queue: what waits for a second person's approval, with counts."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from casework import access
from designer.editor import service
from designer.editor.blueprint import REVIEW, bp


@bp.route("/waiting")
@access.roles(*REVIEW)
def waiting():
    queue = service.review_queue(current_user)
    return render_template(
        "designer/waiting.html",
        title="Waiting for approval",
        queue=queue,
    )

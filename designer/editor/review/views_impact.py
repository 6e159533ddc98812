"""What publishing a draft will do, on a page of its own so a pathway's open cases can be
paged through (the review page shows the first page)."""

from __future__ import annotations

from flask import request

from casework import access, incoming
from designer.editor import pages, service
from designer.editor.blueprint import REVIEW, bp
from designer.editor.review.impact import impact_of


@bp.route("/drafts/<int:draft_id>/impact")
@access.roles(*REVIEW)
def impact_page(draft_id: int):
    draft = pages.draft_or_404(draft_id)
    try:
        page = incoming.whole_number(request.args.get("page", "1"))
    except ValueError:
        page = 1
    return pages.render(
        "designer/impact.html",
        draft,
        title=f"{draft.title}: what publishing will do",
        impact=impact_of(draft, service.base_document(draft), page=page),
    )

"""The blueprint and who may use it (also in docs/designer.md): designers build and
publish; team managers may read drafts, preview, review and approve; nobody approves
their own draft."""

from flask import Blueprint, g

from casework.library import service as library
from designer.editor import census_words
from designer.editor.pathways import stage_work

bp = Blueprint("designer", __name__, url_prefix="/designer")

EDIT = ("designer",)
REVIEW = ("designer", "team_manager")


@bp.app_template_filter("zip_pairs")
def zip_pairs(values) -> list[tuple[str, str]]:
    """(value, text) pairs for a select whose options show their own value."""
    return [(v, v) for v in values]


@bp.app_template_filter("stage_work")
def stage_work_words(stage: dict) -> str:
    """ "Form: <title>" or "Activity (no form): <what is done>"."""
    if "form_titles" not in g:
        g.form_titles = {f.form_id: f.title for f in library.latest_forms()}
    return stage_work.words(stage, form_titles=g.form_titles)


@bp.app_template_filter("census_item")
def census_item(code: str | None) -> str:
    """A census item's plain name ("Date of the referral"), never its code."""
    return census_words.item_name(code)


@bp.app_template_filter("census_return")
def census_return(ident: str | None) -> str:
    """ "the children in need census" for cin_census."""
    return census_words.return_name(ident)

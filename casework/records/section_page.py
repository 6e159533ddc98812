"""A record section's page: its fields as shown, the rule data its script needs, and
the page around them (the child's name, where it is in the form, the save controls)."""

from __future__ import annotations

import re
import secrets

from flask import current_app, render_template, request
from markupsafe import Markup

from casework.cases import service as cases
from renderer.screens import render_section
from renderer.screens.shown import ShownSection

# A rule kept live in the browser (a field's, or a part's of a scale or safety plan) is
# one of these attributes in the page. No answer can forge one: its quotes are escaped.
LIVE_RULE = re.compile(r' data-(?:show-if|required-if|calculation)="')


def live_rules(fields_html: str) -> bool:
    """Whether the section's fields keep a rule live in the browser: only then is
    json-logic-js loaded (a page loads only the scripts it uses). Read from the markup
    itself, one scan in C, not from a walk of every widget's parameters (0.2 ms on the
    150-question section)."""
    return LIVE_RULE.search(fields_html) is not None


def render_posted(record, form, compiled, case, bound, **kwargs):
    """The page again after a post (with its errors or conflicts): its section bound from
    what was posted is built for this request only, never from or into the cache."""
    section_id = bound.section.id
    shown = ShownSection(
        render_section(bound, env=current_app.jinja_env),
        compiled.outside_data(section_id, bound.rule_data),
        bound.multipart,
    )
    return render(record, form, compiled, case, shown, section_id, True, **kwargs)


def render(
    record,
    form,
    compiled,
    case,
    shown: ShownSection,
    section_id,
    editable,
    *,
    conflicts=None,
    errors=None,
    saved=None,
):
    ids = [s.id for s in compiled.sections]
    position = ids.index(section_id)
    # The fields (from the cache, mostly) come first: whether the page's <head> loads the
    # rules' script depends on them. Rules on this page may read answers from other
    # sections; the browser only has this section's inputs, so it is given those answers
    # as they stand (shown.rule_data, compiled.outside_data), and no others.
    fields = Markup(shown.fields)  # noqa: S704 - macro output
    return render_template(
        "records/section.html",
        rule_data=shown.rule_data,
        multipart=shown.multipart,
        fields=fields,
        live_rules=live_rules(fields),
        record=record,
        form=form,
        case=case,
        child_name=cases.child_name(case),
        section=compiled.sections[position],
        position=position + 1,
        count=len(ids),
        editable=editable,
        conflicts=conflicts or {},
        errors=errors or {},
        labels={f: compiled.fields_by_id[f].label for f in (conflicts or {})},
        save_key=secrets.token_urlsafe(16),
        page_id=request.form.get("page_id") or secrets.token_urlsafe(16),
        saved=saved,
    )

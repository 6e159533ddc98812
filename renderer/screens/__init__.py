"""Recording screens: compile a form version once, bind a section per request.

    from renderer.screens import compile_form, template_loader

    compiled = compile_form(form)          # cached by form.sha256 (LRU)
    compiled.sections                      # (SectionInfo(id, title, description, field_ids), ...)
    bound = compiled.bind(section_id, answers=record, formdata=request.form,
                          people=[(id, name), ...], can_authorise=False,
                          extra_items=None, errors=None, today=None)
    bound.answers()                        # {field_id: JSON answer or None}, this section
    bound.action, bound.extra_items()      # no-JS "Add another"/"Remove" presses
    compiled.check(answers, section_id=None, today=date, people=None, authorising=False)
    compiled.visible(answers, today=None) / compiled.calculate(answers, today)
    compiled.section_status(section_id, answers, today=None)
    compiled.check_answers_rows(answers, people=(), today=None)
    compiled.check_upload(field_id, filename, size)

Templates: ``screens/section.html`` (``section_fields``, ``section_form``,
``error_summary``, ``check_answers``) through ``template_loader()``. This package never
imports Flask, casework or the designer. See docs/screens.md.
"""

from . import (  # noqa: F401 - importing registers the field types
    lists,
    types_choice,
    types_composite,
    types_file,
    types_simple,
)
from .bound import ATTRIBUTE_PREFIX, Action, AnswerField, BoundSection, attribute_name
from .compiled import CompiledForm, SectionInfo, clear_cache, compile_form
from .registry import REGISTRY, FieldType, handler_for
from .templating import render_error_summary, render_section, screens_environment, template_loader
from .types_simple import format_date

__all__ = [
    "ATTRIBUTE_PREFIX",
    "Action",
    "AnswerField",
    "BoundSection",
    "CompiledForm",
    "FieldType",
    "REGISTRY",
    "SectionInfo",
    "attribute_name",
    "clear_cache",
    "compile_form",
    "format_date",
    "handler_for",
    "render_error_summary",
    "render_section",
    "screens_environment",
    "template_loader",
]

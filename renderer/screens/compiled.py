"""Compile a form version once (cached by sha256); bind a section per request."""

from __future__ import annotations

import pickle
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from functools import partial

import wtforms

from renderer.definitions.rules.inspect import data_read

from . import widgets as w
from .bound import BoundSection, attribute_name, form_class, parse_action
from .checking import check_field
from .logic import form_state
from .names import FIELD_MARKER, ID_PATTERN, SECTION_MARKER, FormData, Path
from .registry import Context, handler_for, people_triples
from .shown import ShownSection
from .templating import render_section
from .types_file import file_problems

CACHE_SIZE = 64
RESERVED_NAMES = frozenset({"csrf_token"})  # HTML names the page itself posts


@dataclass(frozen=True)
class SectionInfo:
    id: str
    title: str
    description: str | None
    field_ids: tuple[str, ...]


class CompiledForm:
    """A form version ready to bind: see docs/screens.md for the whole API."""

    def __init__(self, form):
        for f in form.all_fields():
            handler_for(f.type)  # every type must be known
            if not ID_PATTERN.match(f.id) or f.id in RESERVED_NAMES:
                raise ValueError(f"field id {f.id!r} cannot be used as an HTML name")
        self.form = form
        self.sha256 = form.sha256
        self.sections = tuple(
            SectionInfo(s.id, s.title, s.description, tuple(f.id for f in s.fields))
            for s in form.sections
        )
        self._sections = {s.id: s for s in form.sections}
        self.top_fields = tuple(f for s in form.sections for f in s.fields)
        self.fields_by_id = {f.id: f for f in form.all_fields()}
        self._classes = {s.id: form_class(s) for s in form.sections}
        self._multipart = {
            s.id: any(handler_for(f.type).multipart for f in _deep(s.fields)) for s in form.sections
        }
        self._asks_people = {
            s.id: any(f.type == "person" for f in _deeper(s.fields)) for s in form.sections
        }
        self._reads = {s.id: _data_read(_deeper(s.fields)) for s in form.sections}

    # -- binding -------------------------------------------------------------------

    def bind(
        self,
        section_id: str,
        *,
        answers: dict | None,
        formdata=None,
        people=(),
        can_authorise: bool = False,
        extra_items: dict | None = None,
        errors: dict | None = None,
        today: date | None = None,
        sources: dict[str, str] | None = None,
    ) -> BoundSection:
        """``sources``: field id -> where its pre-filled answer came from, shown beside it."""
        section = self._section(section_id)
        sources = sources or {}
        today = today or date.today()
        ctx = Context(
            today,
            people=people_triples(people),
            can_authorise=can_authorise,
            extra_items=dict(extra_items or {}),
            errors=dict(errors or {}),
            fields_by_id=self.fields_by_id,
        )
        answers = dict(answers or {})
        fd = FormData(formdata) if formdata is not None else None
        action = parse_action(fd)
        if action and action.kind == "remove":
            ctx.remove = (action.list, action.index)
        # A post carrying the page's "_section" marker is the whole section (an absent
        # checkbox means "none ticked"); without it only the fields posted are read.
        whole = fd is not None and fd.get(SECTION_MARKER) == section_id
        named = set(fd.getlist(FIELD_MARKER)) if fd is not None else set()
        own = {}
        for f in section.fields:
            h = handler_for(f.type)
            if not h.answerable:
                continue
            old = answers.get(f.id)
            if fd is not None and (whole or f.id in named or fd.has_field(f.id)):
                own[f.id] = h.read(f, fd, Path(f.id), ctx, old)
            else:
                own[f.id] = old
        merged = {**answers, **own}
        state = form_state(self.top_fields, merged, today)
        shown = [
            w.wrap(
                f,
                handler_for(f.type).widgets(f, merged.get(f.id), Path(f.id), ctx, state.data),
                hidden=f.id in state.hidden,
                source=sources.get(f.id),
            )
            for f in section.fields
        ]
        return BoundSection(
            section=self._info(section_id),
            make_form=partial(self._form, section, own, ctx.errors),
            widgets=shown,
            errors=ctx.errors,
            action=action,
            multipart=self._multipart[section_id],
            _answers=own,
            _stats=dict(ctx.list_stats),
            rule_data=state.data,
        )

    def shown(
        self,
        section_id: str,
        *,
        answers: dict | None,
        people=(),
        sources: dict[str, str] | None = None,
        today: date | None = None,
        env=None,
    ) -> ShownSection:
        """The section as its page shows it, nothing posted: ``render_section(bind(...))``
        with these arguments, its ``outside_data`` and ``multipart``. The HTML is kept in
        ``env``'s ``screens_shown`` cache (renderer/screens/shown.py) by exactly what it
        is made from; without that cache it is built each time."""
        section = self._section(section_id)
        today = today or date.today()
        answers = answers or {}
        sources = sources or {}
        # As bind has them with nothing posted: the section's answers over the record's.
        own = {f.id: answers.get(f.id) for f in section.fields if handler_for(f.type).answerable}
        state = form_state(self.top_fields, {**answers, **own}, today)
        rule_data = self.outside_data(section_id, state.data)
        multipart = self._multipart[section_id]
        cache = env.globals.get("screens_shown") if env is not None else None
        key = self._shown_key(section, own, state, people, sources, today)
        html = cache.get(key) if cache is not None else None
        if html is None:
            bound = self.bind(
                section_id, answers=answers, people=people, sources=sources, today=today
            )
            html = render_section(bound, env=env)
            if cache is not None:
                cache.put(key, html)
        return ShownSection(html, rule_data, multipart)

    def _shown_key(self, section, own, state, people, sources, today) -> bytes:
        """Everything the section's widgets are built from: its raw answers, the rule
        values of its fields and of what its rules read (the whole data if a rule reads
        all of it), which of its fields are hidden, the people if it asks for one, its
        pre-fill notes and the day. Pickled, so 1, 1.0 and True stay apart."""
        names, whole = self._reads[section.id]
        ids = [f.id for f in section.fields]
        data = state.data
        read = data if whole else {k: data.get(k) for k in (*ids, *sorted(names))}
        return pickle.dumps(
            (
                self.sha256,
                section.id,
                today,
                own,
                read,
                sorted(state.hidden.intersection(ids)),
                people_triples(people) if self._asks_people[section.id] else (),
                [sources.get(i) for i in ids],
            ),
            protocol=pickle.HIGHEST_PROTOCOL,
        )

    def _form(self, section, own: dict, errors: dict) -> wtforms.Form:
        form = self._classes[section.id](data={attribute_name(k): v for k, v in own.items()})
        for f in section.fields:
            if f.id in own:
                form[attribute_name(f.id)].errors = [
                    m
                    for key, msgs in errors.items()
                    if key == f.id or key.startswith(f.id + "-")
                    for m in msgs
                ]
        return form

    # -- rules -----------------------------------------------------------------------

    def check(
        self,
        answers: dict,
        *,
        section_id: str | None = None,
        today: date,
        people=None,
        authorising: bool = False,
    ) -> dict[str, list[str]]:
        """Errors for the whole record (or one section), keyed by element id."""
        answers = answers or {}
        state = form_state(self.top_fields, answers, today)
        cx = Context(
            today,
            people=people_triples(people),
            people_known=people is not None,
            authorising=authorising,
            fields_by_id=self.fields_by_id,
        )
        errors: dict[str, list[str]] = {}
        sections = [self._section(section_id)] if section_id else self.form.sections
        for s in sections:
            for f in s.fields:
                if f.id not in state.hidden:
                    check_field(f, answers.get(f.id), Path(f.id), state.data, cx, errors)
        return errors

    def visible(self, answers: dict, today: date | None = None) -> set[str]:
        """Ids of the top-level fields shown for these answers."""
        state = form_state(self.top_fields, answers or {}, today or date.today())
        return {f.id for f in self.top_fields} - state.hidden

    def calculate(self, answers: dict, today: date) -> dict[str, object]:
        """Values of the top-level calculated fields (``None`` when hidden or not computable)."""
        state = form_state(self.top_fields, answers or {}, today)
        return {f.id: state.data.get(f.id) for f in self.top_fields if f.type == "calculated"}

    def section_status(
        self,
        section_id: str,
        answers: dict,
        *,
        today: date | None = None,
        authorising: bool = False,
    ) -> str:
        """ "not_started" (nothing answered), "completed" (no errors: every visible
        required field has a valid answer) or "in_progress"."""
        answers = answers or {}
        section = self._section(section_id)
        answered = [
            f
            for f in section.fields
            if handler_for(f.type).answerable
            and f.type != "manager_authorisation"
            and not handler_for(f.type).is_empty(f, answers.get(f.id))
        ]
        if not answered:
            return "not_started"
        errors = self.check(
            answers, section_id=section_id, today=today or date.today(), authorising=authorising
        )
        return "in_progress" if errors else "completed"

    def statuses(self, answers: dict, *, today: date | None = None) -> dict[str, str]:
        """``section_status`` for every section, working the form's rules out once."""
        answers = answers or {}
        errors = self.check(answers, today=today or date.today())
        out = {}
        for info in self.sections:
            section = self._section(info.id)
            answered = any(
                handler_for(f.type).answerable
                and f.type != "manager_authorisation"
                and not handler_for(f.type).is_empty(f, answers.get(f.id))
                for f in section.fields
            )
            owned = any(
                key == field_id or key.startswith(field_id + "-")
                for key in errors
                for field_id in info.field_ids
            )
            out[info.id] = (
                "not_started" if not answered else ("in_progress" if owned else "completed")
            )
        return out

    def check_upload(self, field_id: str, filename: str, size: int) -> list[str]:
        """Check an uploaded file's name and size against the field's accept/max_mb."""
        return file_problems(self.fields_by_id[field_id], filename, size)

    def check_answers_rows(self, answers: dict, people=(), *, today: date | None = None):
        from .display import check_answers_rows

        return check_answers_rows(self, answers, people, today or date.today())

    # -- helpers -------------------------------------------------------------------------

    def _section(self, section_id: str):
        try:
            return self._sections[section_id]
        except KeyError:
            raise KeyError(f"form {self.form.id!r} has no section {section_id!r}") from None

    def asks_people(self, section_id: str) -> bool:
        """Whether a question of this section (or of its lists) names one of the case's
        people: only then does ``bind`` need them."""
        return self._asks_people[section_id]

    def outside_data(self, section_id: str, data: dict) -> dict:
        """What of the rule data (``BoundSection.rule_data``) the section's page needs
        beside its own inputs: the other sections' answers its rules read, or all of them
        if a rule reads the whole data. No other answer about the child goes in the page."""
        own = self._section(section_id)
        names, whole = self._reads[section_id]
        mine = {f.id for f in own.fields}
        return {k: v for k, v in data.items() if k not in mine and (whole or k in names)}

    def _info(self, section_id: str) -> SectionInfo:
        return next(s for s in self.sections if s.id == section_id)


def _deep(fields):
    for f in fields:
        yield f
        yield from f.fields


def _deeper(fields):
    for f in fields:
        yield f
        yield from _deeper(f.fields)


def _data_read(fields) -> tuple[frozenset[str], bool]:
    """The names the fields' rules read and whether any reads the whole data."""
    names: set[str] = set()
    whole = False
    for f in fields:
        rules = [f.show_if, f.required_if, f.calculation, *(v.rule for v in f.validations)]
        for rule in rules:
            if rule is not None:
                read, everything = data_read(rule)
                names |= read
                whole = whole or everything
    return frozenset(names), whole


_cache: OrderedDict[str, CompiledForm] = OrderedDict()
_lock = threading.Lock()


def compile_form(form) -> CompiledForm:
    """The compiled form for this version, from a bounded LRU cache keyed by sha256."""
    key = form.sha256
    with _lock:
        hit = _cache.get(key) if key else None
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    compiled = CompiledForm(form)
    if key:
        with _lock:
            compiled = _cache.setdefault(key, compiled)
            _cache.move_to_end(key)
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return compiled


def clear_cache() -> None:
    with _lock:
        _cache.clear()

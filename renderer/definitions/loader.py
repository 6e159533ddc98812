"""Load one definition: YAML -> limits -> schema -> cross-checks -> frozen model."""

from __future__ import annotations

from pathlib import Path

from .crosscheck_form import check_form
from .crosscheck_pathway import check_pathway
from .errors import DefinitionError, Problem
from .limits import count_problems
from .model import Form
from .model_pathway import Pathway
from .schema_check import schema_problems
from .warnings import form_warnings
from .yaml_source import SourceDoc, parse_yaml, read_source


def _guarded(doc_file: str, fn, *args) -> list[Problem]:
    """Last line of defence: a bug in a check must not become a server traceback.
    The fuzz tests assert CV100 never occurs, so such bugs still fail the build."""
    try:
        return fn(*args)
    except DefinitionError:
        raise
    except Exception as exc:  # noqa: BLE001 - converted into a reported problem
        return [
            Problem("CV100", f"{type(exc).__name__}: {exc}"[:300], file=doc_file, line=1, column=1)
        ]


def form_problems(doc: SourceDoc, expected_id: str | None) -> list[Problem]:
    problems = count_problems(doc.data, "form", doc) or schema_problems(doc, "form")
    if problems:
        return problems
    problems = check_form(doc, expected_id)
    return problems + form_warnings(doc)


def pathway_problems(doc: SourceDoc, forms: dict, expected_id: str | None) -> list[Problem]:
    problems = count_problems(doc.data, "pathway", doc) or schema_problems(doc, "pathway")
    if problems:
        return problems
    return check_pathway(doc, forms, expected_id)


def schema_only_problems(doc: SourceDoc, kind: str) -> list[Problem]:
    return schema_problems(doc, kind)


def _read(path) -> SourceDoc:
    try:
        return read_source(path)
    except DefinitionError:
        raise
    except Exception as exc:  # noqa: BLE001 - see _guarded
        raise DefinitionError(
            [
                Problem(
                    "CV100", f"{type(exc).__name__}: {exc}"[:300], file=str(path), line=1, column=1
                )
            ]
        ) from None


def check_form_file(path, warnings: list | None = None) -> tuple[Form | None, list[Problem]]:
    """(form or None, every problem). Never raises for bad input."""
    try:
        doc = _read(path)
    except DefinitionError as exc:
        return None, exc.problems
    problems = _guarded(str(path), form_problems, doc, Path(path).stem)
    if any(p.is_error for p in problems):
        return None, problems
    form = _guarded_model(doc, Form.from_mapping, problems)
    return form, problems


def check_pathway_file(path, forms: dict) -> tuple[Pathway | None, list[Problem]]:
    try:
        doc = _read(path)
    except DefinitionError as exc:
        return None, exc.problems
    problems = _guarded(str(path), pathway_problems, doc, forms, Path(path).stem)
    if any(p.is_error for p in problems):
        return None, problems
    return _guarded_model(doc, Pathway.from_mapping, problems), problems


def _guarded_model(doc, build, problems):
    try:
        return build(doc.data, doc.file)
    except Exception as exc:  # noqa: BLE001 - see _guarded
        problems.append(
            Problem("CV100", f"{type(exc).__name__}: {exc}"[:300], file=doc.file, line=1, column=1)
        )
        return None


def load_form(path, warnings: list | None = None) -> Form:
    """Load and check one form file; raise DefinitionError listing every error.

    Warnings are appended to `warnings` when a list is given."""
    form, problems = check_form_file(path)
    if form is None:
        raise DefinitionError([p for p in problems if p.is_error] or problems)
    if warnings is not None:
        warnings.extend(p for p in problems if not p.is_error)
    return form


def sibling_forms(pathway_path) -> dict:
    """Forms of the library a pathway file sits in (<root>/pathways/x.yaml ->
    <root>/form_library/). Broken forms map to None so they are not called missing."""
    folder = Path(pathway_path).resolve().parent.parent / "form_library"
    forms: dict = {}
    if folder.is_dir():
        for f in sorted(folder.glob("*.yaml")):
            form, _ = check_form_file(f)
            forms[form.id if form else f.stem] = form
    return forms


def load_pathway(path, forms: dict | None = None, warnings: list | None = None) -> Pathway:
    """Load and check one pathway. `forms` maps form id -> Form; by default the
    form_library/ folder beside the pathway's folder is loaded."""
    if forms is None:
        forms = sibling_forms(path)
    pathway, problems = check_pathway_file(path, forms)
    if pathway is None:
        raise DefinitionError([p for p in problems if p.is_error] or problems)
    if warnings is not None:
        warnings.extend(p for p in problems if not p.is_error)
    return pathway


def _raise_or(model, problems):
    if model is None:
        raise DefinitionError([p for p in problems if p.is_error] or problems)
    return model


def form_from_text(text: str | bytes, file: str = "<text>") -> Form:
    """Check a form held in memory (e.g. an upload); the id is not compared to a name."""
    doc = parse_yaml(text, file)
    problems = _guarded(file, form_problems, doc, None)
    model = (
        None
        if any(p.is_error for p in problems)
        else _guarded_model(doc, Form.from_mapping, problems)
    )
    return _raise_or(model, problems)


def form_from_mapping(data: dict, file: str = "") -> Form:
    """Check a mapping built in code (the change engine's output). Problems have
    line 0 because there is no YAML behind them; their paths still locate them."""
    doc = SourceDoc(data=data, file=file)
    problems = _guarded(file, form_problems, doc, None)
    model = (
        None
        if any(p.is_error for p in problems)
        else _guarded_model(doc, Form.from_mapping, problems)
    )
    return _raise_or(model, problems)


def pathway_from_mapping(data: dict, forms: dict, file: str = "") -> Pathway:
    doc = SourceDoc(data=data, file=file)
    problems = _guarded(file, pathway_problems, doc, forms, None)
    model = (
        None
        if any(p.is_error for p in problems)
        else _guarded_model(doc, Pathway.from_mapping, problems)
    )
    return _raise_or(model, problems)

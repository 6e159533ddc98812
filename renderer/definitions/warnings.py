"""Warnings: things that are valid but work against families or practitioners.

Warnings never stop a load; `convivial check --strict` turns them into failures.
"""

from __future__ import annotations

import re

from .crosscheck_form import collect_fields
from .errors import Problem
from .rule_refs import rule_vars

MAX_LABEL_LENGTH = 150

# (pattern, plain alternative). Acronyms match case-sensitively so 'lac' in 'place'
# or 'cin' in 'medicine' never trigger; phrases match in any case.
JARGON: list[tuple[str, str]] = [
    (r"(?i:section\s*47(\s+enquiry)?)", "child protection enquiry"),
    (r"(?i:\bs\.?\s?47\b)", "child protection enquiry"),
    (r"(?i:section\s*17)", "help for a child in need"),
    (r"(?i:\bs\.?\s?17\b)", "help for a child in need"),
    (r"(?i:section\s*20)", "care agreed with the parents"),
    (r"(?i:core\s+group)", "the group of people working with your family"),
    (r"\bLAC\b", "children in care"),
    (r"(?i:looked[\s-]after\s+child(ren)?)", "children in care"),
    (r"\bICPC\b", "first child protection conference"),
    (r"\bRCPC\b", "review child protection conference"),
    (r"(?i:strategy\s+meeting)", "meeting between social care, police and health"),
    (r"\bCIN\b", "child in need"),
    (r"\bCPP?\b", "child protection (plan)"),
    (r"\bMASH\b", "the team that first looks at worries about a child"),
    (r"\bPLO\b", "meeting before court proceedings"),
    (r"\bNFA\b", "no further action"),
    (r"\bIRO\b", "independent reviewing officer"),
    (r"\bTAF\b", "team around the family"),
    (r"\bSGO\b", "special guardianship order"),
    (r"\bDV\b", "domestic abuse"),
    (r"(?i:\bthreshold\s+(was\s+)?met\b)", "serious enough for us to act"),
]
_COMPILED = [(re.compile(p), plain) for p, plain in JARGON]


def jargon_in(text: str) -> list[tuple[str, str]]:
    """(term as written, plain alternative) for each jargon term found."""
    found = []
    for rx, plain in _COMPILED:
        m = rx.search(text)
        if m:
            found.append((m.group(0), plain))
    return found


def _jargon(doc, path, text, owner, out) -> None:
    for term, plain in jargon_in(text):
        line, col = doc.locate(path)
        out.append(
            Problem(
                "CV902",
                f"The {owner} says '{term}'; families may not know it. Try '{plain}'.",
                file=doc.file,
                line=line,
                column=col,
                path=doc.path_text(path),
            )
        )


def form_warnings(doc) -> list[Problem]:
    data = doc.data
    out: list[Problem] = []
    if "output" not in data:
        line, col = doc.locate(("id",))
        out.append(
            Problem(
                "CV901",
                f"Form '{data['id']}' has no output, so the family gets no document from it.",
                file=doc.file,
                line=line,
                column=col,
                path="output",
            )
        )
    for key in ("summary_for_family",):
        if key in data:
            _jargon(doc, (key,), data[key], "summary for the family", out)
    for key in ("title", "introduction"):
        if key in data.get("output", {}) and isinstance(data["output"][key], str):
            _jargon(doc, ("output", key), data["output"][key], f"output {key}", out)

    fields = collect_fields(data)
    order = {r.data["id"]: r.order for r in fields}
    for ref in fields:
        f = ref.data
        for key in ("label", "family_label", "hint"):
            if key in f:
                _jargon(doc, (*ref.path, key), f[key], f"{key} of field '{f['id']}'", out)
        for i, o in enumerate(f.get("options", ())):
            _jargon(
                doc,
                (*ref.path, "options", i, "label"),
                o["label"],
                f"option '{o['id']}' of field '{f['id']}'",
                out,
            )
        label = f.get("label", "")
        if len(label) > MAX_LABEL_LENGTH:
            line, col = doc.locate((*ref.path, "label"))
            out.append(
                Problem(
                    "CV904",
                    f"The label of field '{f['id']}' is {len(label)} characters; keep "
                    f"labels under {MAX_LABEL_LENGTH}.",
                    file=doc.file,
                    line=line,
                    column=col,
                    path=doc.path_text((*ref.path, "label")),
                )
            )
        if "show_if" in f:
            later = sorted(
                v for v in rule_vars(f["show_if"]) if order.get(v.split(".", 1)[0], -1) > ref.order
            )
            for name in later:
                line, col = doc.locate((*ref.path, "show_if"))
                out.append(
                    Problem(
                        "CV903",
                        f"Field '{f['id']}' is shown depending on '{name}', which comes "
                        "later in the form, so the practitioner answers out of order.",
                        file=doc.file,
                        line=line,
                        column=col,
                        path=doc.path_text((*ref.path, "show_if")),
                    )
                )
    return out

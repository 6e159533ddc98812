"""Build the census XML from each child's recorded census items. Pure: no database.

The census year YYYY runs from 1 April YYYY-1 to 31 March YYYY (its reference date).
A child is included when their episode was open at any time in that year.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Source:
    """One record's census items, and where to fix them."""

    form_id: str
    record_id: int
    items: dict
    completed_on: date | None
    authorised_on: date | None
    asks: frozenset = frozenset()  # every census item its form asks, answered or not


@dataclass
class Child:
    case_id: int
    reference: str
    born: date | None
    sex: str | None = None
    upn: str | None = None
    ethnicity: str | None = None
    disabilities: list[str] = field(default_factory=list)
    opened_on: date | None = None
    closed_on: date | None = None
    sources: list[Source] = field(default_factory=list)


def year_bounds(year: int) -> tuple[date, date]:
    return date(year - 1, 4, 1), date(year, 3, 31)


def _d(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _sub(parent: ET.Element, tag: str, value=None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if value is not None:
        element.text = _d(value)
    return element


def _first(child: Child, item: str, forms: tuple[str, ...] = ()):
    for source in child.sources:
        if (not forms or source.form_id in forms) and item in source.items:
            return source.items[item]
    return None


def referral_date(child: Child) -> date | None:
    return _first(child, "CINreferralDate") or child.opened_on


def closure_date(child: Child) -> date | None:
    return _first(child, "CINclosureDate") or child.closed_on


def in_year(child: Child, year: int) -> bool:
    """Open in the year, and referred through a question carrying the census referral date.

    Early help and children in care pathways record no referral here (a child in care's
    referral lives in the system it was made in), so they are not in this return.
    """
    if _first(child, "CINreferralDate") is None:
        return False
    start, end = year_bounds(year)
    referred, closed = referral_date(child), closure_date(child)
    return bool(referred and referred <= end and (closed is None or closed >= start))


def build(children: list[Child], *, year: int, la: str, now: datetime) -> ET.Element:
    message = ET.Element("Message")
    header = _sub(message, "Header")
    collection = _sub(header, "CollectionDetails")
    _sub(collection, "Collection", "CIN")
    _sub(collection, "Year", year)
    _sub(collection, "ReferenceDate", year_bounds(year)[1])
    source = _sub(header, "Source")
    for tag, value in (
        ("SourceLevel", "L"),
        ("LEA", la),
        ("SoftwareCode", "Convivial"),
        ("Release", "1"),
        ("SerialNo", "1"),
        ("DateTime", now.replace(microsecond=0).isoformat()),
    ):
        _sub(source, tag, value)
    element = _sub(message, "Children")
    for child in children:
        if in_year(child, year):
            _child(element, child)
    return message


def _child(parent: ET.Element, child: Child) -> None:
    element = _sub(parent, "Child")
    ids = _sub(element, "ChildIdentifiers")
    # The DfE allows letters and digits only (rule 1580): CV-000012 is sent as CV000012.
    _sub(ids, "LAchildID", child_id(child.reference))
    upn = _first(child, "UPN") or child.upn
    if upn:
        _sub(ids, "UPN", upn)
    else:
        _sub(ids, "UPNunknown", "UN1" if child.born and _age_under_5(child) else "UN5")
    if child.born:
        _sub(ids, "PersonBirthDate", child.born)
    elif expected := _first(child, "ExpectedPersonBirthDate"):
        _sub(ids, "ExpectedPersonBirthDate", expected)
    _sub(ids, "Sex", _first(child, "Sex") or child.sex or "U")
    characteristics = _sub(element, "ChildCharacteristics")
    _sub(characteristics, "Ethnicity", child.ethnicity or "NOBT")
    disabilities = _sub(characteristics, "Disabilities")
    for code in _first(child, "Disability") or child.disabilities or ["NONE"]:
        _sub(disabilities, "Disability", code)
    _episode(element, child)


def child_id(reference: str) -> str:
    return "".join(ch for ch in reference if ch.isalnum())


def _age_under_5(child: Child) -> bool:
    referred = referral_date(child)
    return bool(referred and child.born and (referred - child.born).days < 5 * 365)


def _episode(parent: ET.Element, child: Child) -> None:
    details = _sub(parent, "CINdetails")
    _sub(details, "CINreferralDate", referral_date(child))
    if source := _first(child, "ReferralSource"):
        _sub(details, "ReferralSource", source)
    _sub(details, "PrimaryNeedCode", _first(child, "PrimaryNeedCode") or "N0")
    if closed := closure_date(child):
        _sub(details, "CINclosureDate", closed)
        if reason := _first(child, "ReasonForClosure"):
            _sub(details, "ReasonForClosure", reason)
    icpc = _first(child, "DateOfInitialCPC")
    enquired = any("S47ActualStartDate" in s.items for s in child.sources)
    if icpc and not enquired:
        # With an enquiry the conference belongs to it, never to both (DfE rule 2884).
        _sub(details, "DateOfInitialCPC", icpc)
    assessed = [s for s in child.sources if "AssessmentActualStartDate" in s.items]
    nothing_else = not assessed and not any(
        k in s.items for s in child.sources for k in ("S47ActualStartDate", "CINPlanStartDate")
    )
    _sub(details, "ReferralNFA", "true" if nothing_else and closure_date(child) else "false")
    _assessments(details, assessed)
    _plans(details, child)
    _section_47(details, child, icpc)
    _protection_plan(details, child)


def _assessments(details: ET.Element, assessed: list) -> None:
    """Each assessment, and what it found once authorised."""
    for source in assessed:
        block = _sub(details, "Assessments")
        _sub(block, "AssessmentActualStartDate", source.items["AssessmentActualStartDate"])
        if source.authorised_on:
            _sub(block, "AssessmentAuthorisationDate", source.authorised_on)
            factors = _sub(block, "FactorsIdentifiedAtAssessment")
            for code in source.items.get("AssessmentFactors") or ["21"]:
                _sub(factors, "AssessmentFactors", code)


def _plans(details: ET.Element, child: Child) -> None:
    """Each child in need plan's dates."""
    plan_end = _first(child, "CINPlanEndDate")
    for source in child.sources:
        if "CINPlanStartDate" in source.items:
            block = _sub(details, "CINPlanDates")
            _sub(block, "CINPlanStartDate", source.items["CINPlanStartDate"])
            if plan_end:
                _sub(block, "CINPlanEndDate", plan_end)


def _section_47(details: ET.Element, child: Child, icpc: str | None) -> None:
    """Each section 47 enquiry, with its conference or why there was none."""
    for source in child.sources:
        if "S47ActualStartDate" in source.items:
            block = _sub(details, "Section47")
            _sub(block, "S47ActualStartDate", source.items["S47ActualStartDate"])
            if icpc:
                _sub(block, "DateOfInitialCPC", icpc)
            _sub(block, "ICPCnotRequired", "false" if icpc else "true")


def _protection_plan(details: ET.Element, child: Child) -> None:
    """The child protection plan, its categories of abuse and its reviews."""
    start = _first(child, "CPPstartDate")
    if not start:
        return
    block = _sub(details, "ChildProtectionPlans")
    _sub(block, "CPPstartDate", start)
    if end := _first(child, "CPPendDate"):
        _sub(block, "CPPendDate", end)
    initial = _first(child, "InitialCategoryOfAbuse")
    if initial:
        _sub(block, "InitialCategoryOfAbuse", initial)
    latest = [
        s.items["LatestCategoryOfAbuse"]
        for s in child.sources
        if "LatestCategoryOfAbuse" in s.items
    ]
    _sub(
        block,
        "LatestCategoryOfAbuse",
        latest[-1] if latest else _first(child, "InitialCategoryOfAbuse") or "NEG",
    )
    _sub(block, "NumberOfPreviousCPP", _first(child, "NumberOfPreviousCPP") or 0)
    reviewed = [s.items["CPPreviewDate"] for s in child.sources if "CPPreviewDate" in s.items]
    if reviewed:
        reviews = _sub(block, "Reviews")
        for day in reviewed:
            _sub(reviews, "CPPreviewDate", day)


def to_bytes(message: ET.Element) -> bytes:
    ET.indent(message)
    return ET.tostring(message, encoding="utf-8", xml_declaration=True)

"""Turn checked rows into what the case page shows: one line per service a person has.

Each service's own columns become plain-word details; the service summary (when it
was last synchronised, what period it covers, how complete it is) is joined on by
person and service. A summary with no service rows still shows: a service that was
searched and found nothing is worth knowing too.
"""

from __future__ import annotations

from datetime import date

from casework.family_context.files import INVOLVEMENT, Parsed
from casework.models import ContextService


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("Yes" if value else "No")


def _day(value: date | None) -> str | None:
    return value.strftime("%-d %B %Y") if value else None


def _details(service: str, row: dict) -> list[list[str]]:
    pairs: list[tuple[str, str | None]] = []
    if service == "police":
        for n in (1, 2, 3):
            kind = row.get(f"offence_{n}_type")
            if kind:
                when = _day(row.get(f"offence_{n}_date"))
                how = row.get(f"offence_{n}_involvement")
                text = ", ".join(x for x in (kind, how) if x)
                pairs.append(("Safeguarding-relevant record", f"{when}: {text}" if when else text))
        pairs.append(("Other records found", _yes_no(row.get("non_safeguarding_records"))))
    elif service == "school":
        pairs.append(("Admission", row.get("admission_type")))
    elif service == "adult_social_care":
        pairs.append(("Last involvement started", _day(row.get("last_involvement_start"))))
    elif service == "housing":
        pairs.append(("Tenancy started", _day(row.get("tenancy_start"))))
        for key, words in (
            ("antisocial_behaviour", "Antisocial behaviour"),
            ("rent_arrears", "Rent arrears"),
            ("notice_seeking_possession", "Notice seeking possession"),
            ("eviction", "Eviction"),
        ):
            pairs.append((words, _yes_no(row.get(key))))
    return [[k, v] for k, v in pairs if v]


def _last_involved(service: str, row: dict) -> date | None:
    if service == "adult_social_care":
        return row.get("most_recent_interaction") or row.get("last_involvement_start")
    if service == "police" and not row.get("last_involved_on"):
        dates = [row.get(f"offence_{n}_date") for n in (1, 2, 3)]
        return max((d for d in dates if d), default=None)
    return row.get("last_involved_on")


def _organisation(service: str, row: dict) -> str | None:
    key = {"police": "police_area", "school": "school_name", "housing": "provider"}
    return row.get(key.get(service, "organisation"))


def service_rows(parsed: Parsed) -> dict[str, list[ContextService]]:
    summaries = {(s["person_id"], s["service"]): s for s in parsed.summaries}
    rows: dict[str, list[ContextService]] = {}
    covered: set[tuple[str, str]] = set()
    for row in parsed.services:
        service = row["service"]
        key = (row["person_id"], service)
        covered.add(key)
        involvement = row.get("involvement")
        rows.setdefault(row["person_id"], []).append(
            _with_summary(
                ContextService(
                    service=service,
                    service_name=row.get("service_name"),
                    current=INVOLVEMENT.get(involvement) if involvement else None,
                    organisation=_organisation(service, row),
                    contact_name=row.get("contact_name"),
                    contact_role=row.get("contact_role"),
                    contact_email=row.get("contact_email"),
                    contact_phone=row.get("contact_phone"),
                    last_involved_on=_last_involved(service, row),
                    details=_details(service, row),
                ),
                summaries.get(key),
            )
        )
    for key, summary in summaries.items():
        if key not in covered:
            rows.setdefault(key[0], []).append(
                _with_summary(ContextService(service=key[1], details=[]), summary)
            )
    return rows


def _with_summary(service: ContextService, summary: dict | None) -> ContextService:
    if summary:
        service.last_synchronised = summary["last_synchronised"]
        service.coverage_start = summary["coverage_start"]
        service.coverage_end = summary["coverage_end"]
        service.data_source = summary["data_source"]
        service.records_available = summary["records_available"]
        service.coverage_explanation = summary["coverage_explanation"]
    return service

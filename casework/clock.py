"""Times are stored in UTC and shown in UK time, which is what practitioners read."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def uk_time(moment: datetime | None, pattern: str = "%-d %B %Y at %H:%M") -> str:
    if moment is None:
        return ""
    return moment.replace(tzinfo=UTC).astimezone(UK).strftime(pattern)


def uk_today() -> date:
    """Today's date in the UK, from the service's one movable clock (models/time.py)."""
    from casework.models.time import utcnow

    return utcnow().replace(tzinfo=UTC).astimezone(UK).date()

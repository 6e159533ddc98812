"""Check a census file with the DfE's rules, and say which record each failure is in.

The rules run in their own Python environment (CIN_VALIDATOR_PYTHON), so pandas 1.x and
numpy<2 never load into the service; we pass the file and the year's ruleset by name.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from casework.census.build import Child, child_id

WORKER = Path(__file__).with_name("dfe_rules.py")


class RulesUnavailable(RuntimeError):
    """The rules' environment or this year's ruleset is missing; the message says which."""


@dataclass(frozen=True)
class Issue:
    rule: str
    kind: str  # ERROR or QUERY
    message: str
    child: str | None
    column: str
    case_id: int | None = None
    record_id: int | None = None


def ruleset_for(year: int) -> str:
    """The census for the year ending March 2027 is checked with the DfE's cin2026_27."""
    return f"cin{year - 1}_{year % 100:02d}"


def check(xml: bytes, *, year: int, python: str, children: list[Child]) -> list[Issue]:
    if not Path(python).exists():
        raise RulesUnavailable(
            f"The DfE's census rules are not installed at {python}. Either run `make setup` "
            "or set CIN_VALIDATOR_PYTHON to the Python of an environment that has them."
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "census.xml"
        path.write_bytes(xml)
        done = subprocess.run(  # noqa: S603 - our own script, arguments we made
            [python, str(WORKER), str(path), ruleset_for(year)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    if done.returncode != 0:
        if "No module named 'cin_validator.rules." in done.stderr:
            raise RulesUnavailable(
                f"The DfE has no rules installed for {year - 1} to {year} "
                f"({ruleset_for(year)}). Either choose another year or update the rules."
            )
        raise RulesUnavailable("The DfE's census rules stopped: " + done.stderr[-500:])
    try:
        found_all = json.loads(done.stdout)
    except ValueError:
        # The rules finished without a verdict (they print nothing for some files they
        # cannot read): say so rather than claim the census is clean.
        raise RulesUnavailable(
            "The DfE's census rules gave no result for this file. "
            + (done.stderr[-500:] or "Check the records named in it and try again.")
        ) from None
    by_id = {child_id(c.reference): c for c in children}
    return [_locate(found, by_id) for found in found_all]


def _locate(found: dict, by_id: dict[str, Child]) -> Issue:
    child = by_id.get(found.get("child") or "")
    record_id = None
    if child is not None:
        column = found.get("column") or ""
        having = [s for s in child.sources if column in s.items]
        asking = [s for s in child.sources if column in s.asks]
        chosen = (having or asking or [None])[0]
        record_id = chosen.record_id if chosen else None
    return Issue(
        rule=found["rule"],
        kind=found["kind"],
        message=found["message"],
        child=found.get("child"),
        column=found.get("column") or "",
        case_id=child.case_id if child else None,
        record_id=record_id,
    )

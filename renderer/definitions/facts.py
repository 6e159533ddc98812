"""The case facts: what a case knows about the child, the family and the work so far.

A form field names the fact it holds (`fact: child.address`). When a form is submitted,
each field that records a fact adds its answer to the fact's history on the case; a
later form whose field reads the fact is pre-filled with the newest value, whichever
form recorded it. The vocabulary is fixed here, like CommCare's case properties but
shared by every council, so that a pathway exchanged between councils means the same
thing by "the child's address".

Each fact has a kind, and a kind fits some field types only: a date cannot be recorded
by a text field, nor a list of people shown by a yes/no question.
"""

from __future__ import annotations

from dataclasses import dataclass

# kind -> the field types that can record and show a value of that kind
KIND_FIELD_TYPES: dict[str, frozenset[str]] = {
    "text": frozenset({"text", "long_text"}),
    "date": frozenset({"date"}),
    "number": frozenset({"number"}),
    "yes_no": frozenset({"yes_no"}),
    "choice": frozenset({"single_choice"}),
    "choices": frozenset({"multiple_choice"}),
    "person": frozenset({"person"}),
    "list": frozenset({"repeating_group"}),
    "statements": frozenset({"statement_list"}),
    "danger_statements": frozenset({"danger_statement"}),
    "safety_goals": frozenset({"safety_goal"}),
    "safety_plan": frozenset({"safety_plan"}),
}
# How a kind reads in a sentence: "holds {words}".
KIND_WORDS: dict[str, str] = {
    "text": "text",
    "date": "a date",
    "number": "a number",
    "yes_no": "a yes or no answer",
    "choice": "one choice from a list",
    "choices": "several choices from a list",
    "person": "a person",
    "list": "a list (a repeating group)",
    "statements": "a list of statements",
    "danger_statements": "danger statements",
    "safety_goals": "safety goals",
    "safety_plan": "a safety plan",
}
# Field types that never hold a fact: they show, compute or sign off rather than record.
NO_FACT_TYPES = frozenset({"guidance", "calculated", "manager_authorisation", "file"})
FACT_USES = ("both", "records", "reads")

ABOUT = {"child": "The child", "family": "The family and network", "case": "The work so far"}


@dataclass(frozen=True)
class Fact:
    name: str
    kind: str
    label: str

    @property
    def about(self) -> str:
        return self.name.split(".", 1)[0]


def _facts(*rows: tuple[str, str, str]) -> dict[str, Fact]:
    return {name: Fact(name, kind, label) for name, kind, label in rows}


FACTS: dict[str, Fact] = _facts(
    # The child
    ("child.full_name", "text", "Child's full name"),
    ("child.date_of_birth", "date", "Child's date of birth"),
    ("child.expected_date_of_birth", "date", "Baby's due date"),
    ("child.sex", "choice", "Child's sex"),
    ("child.address", "text", "Where the child lives"),
    ("child.school", "text", "School, nursery or college"),
    ("child.upn", "text", "Unique pupil number"),
    ("child.gp", "text", "GP surgery"),
    ("child.ethnicity", "text", "Ethnicity, as the family describes it"),
    ("child.first_language", "text", "First language"),
    ("child.interpreter_needed", "yes_no", "Whether the family needs an interpreter"),
    ("child.interpreter_language", "text", "Interpreter's language"),
    ("child.disabilities", "choices", "Disabilities"),
    ("child.legal_status", "choice", "Legal status"),
    ("child.seen_on", "date", "When the child was last seen"),
    ("child.seen_alone", "yes_no", "Whether the child was seen on their own"),
    ("child.reason_not_seen_alone", "text", "Why the child was not seen on their own"),
    # The family and network
    ("family.household", "list", "Who lives with the child"),
    ("family.other_children", "list", "Other children in the household"),
    ("family.important_people", "list", "Important people who do not live with the child"),
    ("family.safety_network", "list", "The safety network"),
    ("family.parents_views", "text", "What the parents told us"),
    # The work so far
    ("case.referral_date", "date", "Date of the referral"),
    ("case.referral_source", "choice", "Who made the referral"),
    ("case.referrer_name", "text", "Referrer's name"),
    ("case.referrer_contact", "text", "Referrer's phone number or email"),
    ("case.concern_date", "date", "When we first had cause to suspect significant harm"),
    ("case.concern_summary", "text", "What has happened that worries us"),
    ("case.agencies_involved", "list", "Services and professionals involved, with contacts"),
    ("case.police_officer", "text", "Police officer"),
    ("case.joint_with_police", "yes_no", "Whether the police investigate alongside us"),
    ("case.enquiry_start_date", "date", "Date the child protection enquiry started"),
    ("case.category_of_concern", "choice", "The main kind of harm we are worried about"),
    ("case.reason_for_conference", "text", "Why the conference is happening"),
    ("case.conference_date", "date", "Date of the conference"),
    ("case.past_harm", "statements", "Harm that has happened"),
    (
        "case.complicating_factors",
        "statements",
        "Things that make it harder to keep the child safe",
    ),
    ("case.strengths", "statements", "Strengths"),
    ("case.existing_safety", "statements", "Safety shown over time"),
    ("case.danger_statements", "danger_statements", "What we are worried will happen"),
    ("case.safety_goals", "safety_goals", "Safety goals"),
    ("case.bottom_lines", "list", "Bottom lines"),
    ("case.safety_plan", "safety_plan", "Safety plan"),
    ("case.lead_social_worker", "person", "Lead social worker"),
)


def fits(fact: Fact, field_type: str) -> bool:
    return field_type in KIND_FIELD_TYPES[fact.kind]

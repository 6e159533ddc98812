from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import DateField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from casework.models import PERSON_ROLES


def _not_in_future(form, field):
    if field.data and field.data > date.today():
        raise ValidationError(f"{field.label.text} must be today or in the past")


class DayMonthYear(DateField):
    """GOV.UK's three-box date input, with messages that say what to do."""

    def __init__(self, label, **kwargs):
        super().__init__(label, format="%d %m %Y", widget=GovDateInput(), **kwargs)

    def process_formdata(self, valuelist):
        if len(valuelist) != 3:
            # The widget redraws exactly three boxes from raw_data; a post with more or
            # fewer parts must not break the page that says what else is wrong.
            self.raw_data = ([*valuelist, "", "", ""])[:3]
            if any(v.strip() for v in valuelist):
                self.data = None
                raise ValueError(f"{self.label.text} must be a day, a month and a year")
            valuelist = self.raw_data
        if valuelist and any(v.strip() for v in valuelist):
            if not all(v.strip() for v in valuelist):
                missing = [
                    n
                    for n, v in zip(("day", "month", "year"), valuelist, strict=False)
                    if not v.strip()
                ]
                self.data = None
                raise ValueError(f"{self.label.text} must include a {' and a '.join(missing)}")
            try:
                super().process_formdata([" ".join(v.strip() for v in valuelist)])
            except ValueError as exc:
                raise ValueError(f"{self.label.text} must be a real date") from exc
        else:
            self.data = None


class OpenCaseForm(FlaskForm):
    pathway = RadioField(
        "Which pathway is this case starting on?",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select a pathway")],
    )
    first_name = StringField(
        "Child's first name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the child's first name"), Length(max=80)],
    )
    last_name = StringField(
        "Child's last name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the child's last name"), Length(max=80)],
    )
    date_of_birth = DayMonthYear(
        "Child's date of birth",
        validators=[Optional(), _not_in_future],
        description="For example, 27 3 2018. Leave blank if not known yet.",
    )
    referral_received = DayMonthYear(
        "Date the referral was received",
        validators=[
            InputRequired(message="Enter the date the referral was received"),
            _not_in_future,
        ],
        description="Statutory timescales count from this date.",
    )
    restricted = RadioField(
        "Should only named people see this case?",
        choices=[
            SelectChoice("no", "No, the team can see it"),
            SelectChoice("yes", "Yes, restrict it to named people"),
        ],
        default="no",
        widget=GovRadioInput(),
        description=(
            "Restrict a case when a colleague knows the family, "
            "or the family is well known locally."
        ),
    )
    submit = SubmitField("Open case", widget=GovSubmitInput())


class PersonForm(FlaskForm):
    first_name = StringField(
        "First name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter their first name"), Length(max=80)],
    )
    last_name = StringField(
        "Last name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter their last name"), Length(max=80)],
    )
    role = SelectField(
        "Relationship to the child",
        choices=[SelectChoice(k, v) for k, v in PERSON_ROLES.items() if k != "child"],
        widget=GovSelect(),
    )
    relationship_detail = StringField(
        "Describe the relationship (optional)",
        widget=GovTextInput(),
        description="For example, mother, stepfather, maternal grandmother, neighbour.",
        validators=[Optional(), Length(max=120)],
    )
    date_of_birth = DayMonthYear(
        "Date of birth (optional)", validators=[Optional(), _not_in_future]
    )
    phone = StringField(
        "Phone number (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=40)]
    )
    address = TextAreaField(
        "Address (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=500)]
    )
    submit = SubmitField("Add person", widget=GovSubmitInput())


SERVICES = [
    "School",
    "Health visitor",
    "GP",
    "School nurse",
    "Police",
    "Housing",
    "Adult social care",
    "Mental health",
    "Substance misuse service",
    "Domestic abuse service",
    "Youth justice",
    "Other",
]


class InvolvementForm(FlaskForm):
    service = SelectField(
        "Service", choices=[SelectChoice(s) for s in SERVICES], widget=GovSelect()
    )
    organisation = StringField(
        "Organisation (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=160)]
    )
    lead_practitioner = StringField(
        "Lead practitioner",
        widget=GovTextInput(),
        description="Who to speak to first in that service.",
        validators=[
            InputRequired(message="Enter who to speak to in that service"),
            Length(max=160),
        ],
    )
    contact = StringField(
        "Phone or email (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=160)]
    )
    last_involved_on = DayMonthYear(
        "When were they last involved? (optional)", validators=[Optional(), _not_in_future]
    )
    notes = TextAreaField(
        "Notes (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField("Add service", widget=GovSubmitInput())


def _reason_field(label: str, description: str):
    return TextAreaField(
        label,
        widget=GovTextArea(),
        description=description,
        validators=[
            InputRequired(message="Enter why this person needs to see the case"),
            Length(max=500, message="The reason must be 500 characters or fewer"),
        ],
    )


class NamePersonForm(FlaskForm):
    person = SelectField(
        "Who needs to see this case?",
        widget=GovSelect(),
        validators=[InputRequired(message="Choose who needs to see this case")],
    )
    reason = _reason_field(
        "Why do they need to see it?",
        "For example, covering while the lead practitioner is on leave. Auditors can read this.",
    )
    submit = SubmitField("Name this person", widget=GovSubmitInput())


class BreakGlassForm(FlaskForm):
    reference = StringField(
        "Case reference",
        widget=GovTextInput(),
        description="For example, CV-000123.",
        validators=[InputRequired(message="Enter the case reference"), Length(max=20)],
    )
    reason = _reason_field(
        "Why must you see this case now?",
        "For example, the police have called about the child out of hours. "
        "Auditors will review this.",
    )
    submit = SubmitField("See the case", widget=GovSubmitInput())


class _TeamPractitioner(RadioField):
    def pre_validate(self, form):
        if self.data and self.data not in {choice.value for choice in self.choices}:
            raise ValidationError("Select a practitioner of the case's team")


class LeadWorkerForm(FlaskForm):
    worker = _TeamPractitioner(
        "Who should lead this case now?",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select who should lead this case")],
        description="Their open tasks on this case move to them too.",
    )
    submit = SubmitField("Change the lead worker", widget=GovSubmitInput())

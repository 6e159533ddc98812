from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import DecimalField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional


class Number(DecimalField):
    """A number with a message that says what to type, not "Not a valid decimal value"."""

    def __init__(self, label, *, message: str, **kwargs):
        super().__init__(label, **kwargs)
        self.message = message

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(self.message) from exc


class CapacityForm(FlaskForm):
    hours = Number(
        "Contracted hours a week",
        message="Enter the hours they are contracted for as a number, such as 37 or 22.5",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the hours they are contracted for, such as 37 or 22.5"),
            NumberRange(min=1, max=48, message="Contracted hours must be between 1 and 48"),
        ],
    )
    newly_qualified = RadioField(
        "Are they in their first year after qualifying?",
        widget=GovRadioInput(),
        choices=[SelectChoice("yes", "Yes: a protected caseload"), SelectChoice("no", "No")],
        validators=[InputRequired(message="Say whether they are newly qualified")],
    )
    reduction_points = Number(
        "Points taken off for other duties (optional)",
        message="Enter the points taken off as a number, such as 4",
        widget=GovTextInput(),
        validators=[
            Optional(),
            NumberRange(min=0, max=40, message="Points taken off must be between 0 and 40"),
        ],
        description="For example, 4 for a union representative or a practice educator.",
    )
    reduction_reason = StringField(
        "Why (optional)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=200, message="Why must be 200 characters or fewer")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length


class ExportForm(FlaskForm):
    request_reference = StringField(
        "Which subject access request is this for?",
        widget=GovTextInput(),
        description="Your council's reference for the request, for example SAR-2026-0142.",
        validators=[
            InputRequired(message="Enter the subject access request this export answers"),
            Length(max=100, message="The request reference must be 100 characters or fewer"),
        ],
    )
    format = RadioField(
        "What do you need?",
        choices=[
            SelectChoice("html", "A web page to read now"),
            SelectChoice("pdf", "A PDF to review and redact"),
            SelectChoice("json", "A data file (JSON) for another system"),
        ],
        default="pdf",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose a web page, a PDF or a data file")],
    )
    submit = SubmitField("Export", widget=GovSubmitInput())

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from casework.cases.forms import DayMonthYear


class TaskForm(FlaskForm):
    title = StringField(
        "What needs doing",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter what needs doing"),
            Length(max=200, message="What needs doing must be 200 characters or fewer"),
        ],
    )
    due_on = DayMonthYear(
        "When it is due (optional)",
        validators=[Optional()],
        description="For example, 27 3 2027. Leave blank if it has no deadline.",
    )
    form = SelectField(
        "Done when a form is submitted (optional)",
        widget=GovSelect(),
        choices=[SelectChoice("", "No: I will mark it done myself")],
        validators=[Optional()],
        description="The task completes itself when this form is submitted on the case.",
    )
    submit = SubmitField("Add the task", widget=GovSubmitInput())

"""Forms for setting passwords. The policy itself is checked by the service, so the
command line, the demo and these pages all give the same answer."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput
from wtforms import PasswordField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length, Optional

from casework.auth.passwords import MAXIMUM_LENGTH, TOO_LONG


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message="Enter your current password"),
            Length(max=MAXIMUM_LENGTH, message="Enter your current password correctly"),
        ],
    )
    new_password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description=(
            "At least 12 characters. Three or four unrelated words together make a "
            "password that is long and easy to remember."
        ),
        validators=[
            InputRequired(message="Enter a new password"),
            Length(max=MAXIMUM_LENGTH, message=TOO_LONG),
        ],
    )
    confirm_password = PasswordField(
        "Confirm new password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message="Enter your new password again"),
            EqualTo("new_password", message="Enter the same new password in both boxes"),
        ],
    )
    submit = SubmitField("Change password", widget=GovSubmitInput())


class TemporaryPasswordForm(FlaskForm):
    password = PasswordField(
        "Temporary password (optional)",
        widget=GovPasswordInput(),
        description=(
            "Leave this empty and Convivial will make one up and show it to you once. "
            "If you type one, it must be at least 12 characters and not a common password."
        ),
        validators=[Optional(), Length(max=MAXIMUM_LENGTH, message=TOO_LONG)],
    )
    submit = SubmitField("Set temporary password", widget=GovSubmitInput())

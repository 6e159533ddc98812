"""Forms of the import flow. The choices screen's checkboxes and radios depend on the
bundle, so they are read against the preview (importing.read_choices), not declared."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired


class UploadForm(FlaskForm):
    bundle = FileField(
        "Bundle file",
        validators=[
            FileRequired("Select a bundle file (.zip) to import"),
            FileAllowed(["zip"], "The bundle must be a .zip file exported by Convivial"),
        ],
    )


class ActionForm(FlaskForm):
    """Publish and cancel: a button and the CSRF token, nothing else."""

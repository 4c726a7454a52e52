from __future__ import annotations

from django import forms

from iro.core.forms import GovukForm

MAX_BYTES = 50 * 1024 * 1024


class CinUploadForm(GovukForm):
    required_messages = {"census_file": "Select the CIN census XML file"}
    census_file = forms.FileField(
        label="CIN census file",
        help_text="The XML file the council sends the DfE (CIN census). Up to 50 MB.",
    )
    dry_run = forms.BooleanField(label="Check the file only: import nothing", required=False)

    def clean_census_file(self) -> bytes:
        upload = self.cleaned_data["census_file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 50 MB")
        if not upload.name.lower().endswith(".xml"):
            raise forms.ValidationError("The selected file must be an XML file")
        self.file_name = upload.name
        return upload.read()

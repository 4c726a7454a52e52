from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from iro.core.forms import GovukForm

from .checking import known_years
from .reading import year_label
from .uploads import megabytes, unpacked_problem


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        for upload in files:
            if upload.size == 0:
                raise ValidationError(f"The selected file {upload.name} is empty")
            if upload.size > settings.SSDA903_UPLOAD_MAX_FILE_BYTES:
                limit = megabytes(settings.SSDA903_UPLOAD_MAX_FILE_BYTES)
                raise ValidationError(
                    f"The selected file {upload.name} must be smaller than {limit}"
                )
        if sum(upload.size for upload in files) > settings.SSDA903_UPLOAD_MAX_TOTAL_BYTES:
            limit = megabytes(settings.SSDA903_UPLOAD_MAX_TOTAL_BYTES)
            raise ValidationError(f"The selected files must be smaller than {limit} in total")
        for upload in files:
            if problem := unpacked_problem(upload.name, upload.chunks()):
                raise ValidationError(problem)
        return list(files)


def year_choices() -> list[tuple[str, str]]:
    return [
        (str(year), f"{year_label(year)} (1 April {year} to 31 March {year + 1})")
        for year in sorted(known_years(), reverse=True)
    ]


class UploadForm(GovukForm):
    required_messages = {
        "year": "Select the collection year",
        "csv_files": "Select one or more 903 CSV files",
    }
    year = forms.TypedChoiceField(
        label="Collection year",
        coerce=int,
        choices=year_choices,
        widget=forms.RadioSelect,
        help_text="The 903 return's year. Import one year at a time, oldest first.",
    )
    csv_files = MultipleFileField(
        label="903 files",
        help_text=(
            "CSV files (.csv or .csv.gz) from the council's 903 return: header, episodes, reviews"
            " and any of the other tables. Each file is recognised by its header row."
        ),
    )

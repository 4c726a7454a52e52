"""Forms of the annual report's editions and comparators (GOV.UK wording, see iro.core.forms)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from iro.core.forms import GovukDateField, GovukForm

from .models import Comparator


class ApproveForm(GovukForm):
    """No answers: the check step, and the version of the narrative and cover that was read."""


class CoverForm(GovukForm):
    required_messages: ClassVar[dict[str, str]] = {
        "author": "Enter the author's name",
        "report_date": "Enter the date on the cover",
        "audience": "Enter who the report is for",
    }
    error_names: ClassVar[dict[str, str]] = {
        "author": "Author",
        "audience": "Audience",
        "reason": "Why a new edition is needed",
    }

    author = forms.CharField(label="Author", max_length=200, help_text="The IRO manager's name")
    report_date = GovukDateField(label="Date on the cover", help_text="For example, 27 3 2026")
    audience = forms.CharField(label="Audience", max_length=200)
    reason = forms.CharField(
        label="Why a new edition is needed (only when it replaces an approved one)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NewEditionForm(GovukForm):
    required_messages: ClassVar[dict[str, str]] = {
        "reason": "Enter why a new edition is needed, as it will replace the approved one"
    }
    error_names: ClassVar[dict[str, str]] = {"reason": "Why a new edition is needed"}

    reason = forms.CharField(
        label="Why a new edition is needed",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, 'The disputes figures were corrected after an audit'",
    )


class ComparatorForm(GovukForm):
    required_messages: ClassVar[dict[str, str]] = {
        "measure_key": "Select the measure",
        "year": "Select the year",
        "group": "Select who the figure is for",
        "value": "Enter the figure",
        "source": "Enter where the figure comes from",
        "source_date": "Enter the date it was published",
    }
    error_names: ClassVar[dict[str, str]] = {
        "value": "Figure",
        "source": "Source",
        "source_date": "Date published",
    }

    measure_key = forms.ChoiceField(label="Measure")
    year = forms.TypedChoiceField(label="Reporting year", coerce=int)
    group = forms.ChoiceField(
        label="Who the figure is for", choices=Comparator.Group.choices, widget=forms.RadioSelect
    )
    value = forms.DecimalField(
        label="Figure",
        max_digits=9,
        decimal_places=1,
        help_text="A percentage from 0 to 100 for a rate (like 87.5), else a count (like 42)",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )
    source = forms.CharField(
        label="Source",
        max_length=300,
        help_text="For example, 'DfE, Children looked after in England including adoptions, "
        "table A1'",
    )
    source_date = GovukDateField(
        label="Date published", latest_today=True, help_text="For example, 14 11 2025"
    )

    def __init__(
        self,
        *args: Any,
        measures: list[tuple[str, str]] | None = None,
        years: list[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure_key"].choices = [("", "Select a measure"), *(measures or [])]  # type: ignore[attr-defined]
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            (y, f"{y} to {y + 1}") for y in (years or [])
        ]

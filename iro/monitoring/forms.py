from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from iro.core.forms import GovukDateField, GovukForm, govuk
from iro.reviews.models import Recommendation

from .models import DipSample, OversightRecord

NEXT_CHECK_WEEKS = 6


def oversight_defaults() -> dict[str, Any]:
    """Today, a case record check, and the next check in six weeks: an oversight is recorded
    by writing one sentence."""
    today = timezone.localdate()
    return {
        "date": today,
        "type": OversightRecord.Type.CASE_RECORD_CHECK,
        "next_check_on": today + timedelta(weeks=NEXT_CHECK_WEEKS),
    }


QUICK_TYPES = [
    (value, label)
    for value, label in OversightRecord.Type.choices
    if value != OversightRecord.Type.MIDPOINT_REVIEW
]


class _NextCheckMixin:
    def _check_next(self, data: dict[str, Any]) -> None:
        on, following = data.get("date"), data.get("next_check_on")
        if on and following and following < on:
            self.add_error(  # type: ignore[attr-defined]
                "next_check_on",
                f"Next check date must be the same as or after {govuk(on)}",
            )


class OversightForm(_NextCheckMixin, GovukForm):
    """Date and type come filled in; what was checked is the one thing to write."""

    required_messages = {
        "date": "Enter the date of oversight",
        "type": "Select the type of oversight",
        "what_checked": "Enter what was checked",
    }
    error_names = {"concerns": "Concerns", "next_check_on": "Next check date"}

    date = GovukDateField(label="Date of oversight", latest_today=True)
    type = forms.ChoiceField(
        label="Type of oversight", choices=QUICK_TYPES, widget=forms.RadioSelect
    )
    what_checked = forms.CharField(
        label="What was checked",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, 'Read the latest visit record and the updated care plan'",
    )
    concerns = forms.CharField(
        label="Concerns (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_check_on = GovukDateField(
        label="Next check date (optional)", required=False, help_text="For example, 27 3 2026"
    )

    def __init__(
        self, *args: Any, recommendations: list[Recommendation] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.recommendations = recommendations or []
        for rec in self.recommendations:
            self.fields[f"progress_{rec.pk}"] = forms.CharField(
                label=f"{rec.action[:200]} ({rec.owner_name}, due {govuk(rec.due_date)})",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @property
    def progress_fields(self) -> list[forms.BoundField]:
        return [self[f"progress_{rec.pk}"] for rec in self.recommendations]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check_next(data)
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "date": data["date"],
            "type": data["type"],
            "what_checked": data["what_checked"],
            "concerns": data.get("concerns") or "",
            "next_check_on": data.get("next_check_on"),
            "progress": {
                rec.pk: data.get(f"progress_{rec.pk}") or "" for rec in self.recommendations
            },
        }


SCALE_CHOICES = [(str(n), str(n)) for n in range(11)]


class MidpointReviewForm(_NextCheckMixin, GovukForm):
    required_messages = {
        "date": "Enter the date of the midpoint review",
        "working_well": "Enter what is working well",
        "worried_about": "Enter what we are worried about",
        "needs_to_happen": "Enter what needs to happen",
        "scale": "Select a number from 0 to 10",
    }
    error_names = {
        "signs_of_success": "How we will know it has happened",
        "next_check_on": "Next check date",
    }

    date = GovukDateField(label="Date of midpoint review", latest_today=True)
    working_well = forms.CharField(
        label="What is working well",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Write to the child, for example 'You told me you like living with Jo'",
    )
    worried_about = forms.CharField(
        label="What we are worried about",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Say it simply: 'We are worried that you have not seen your brother since June'",
    )
    needs_to_happen = forms.CharField(
        label="What needs to happen",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Who will do what, and by when",
    )
    signs_of_success = forms.CharField(
        label="How we will know it has happened (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example 'You will see your brother every other Saturday'",
    )
    scale = forms.ChoiceField(
        label="On a scale of 0 to 10, how well are things going?",
        choices=SCALE_CHOICES,
        widget=forms.RadioSelect,
        help_text="0 means things are very worrying, 10 means everything is going well",
    )
    next_check_on = GovukDateField(label="Next check date (optional)", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check_next(data)
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["scale"] = int(data["scale"])
        data["next_check_on"] = data.get("next_check_on")
        return data


class DipSampleForm(GovukForm):
    required_messages = {"rating": "Select a rating", "feedback": "Enter feedback for the IRO"}
    rating = forms.ChoiceField(
        label="Rating", choices=DipSample.Rating.choices, widget=forms.RadioSelect
    )
    feedback = forms.CharField(
        label="Feedback for the IRO",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What was good, and what would make it better",
    )


def parse_month(value: str | None, default: date) -> date:
    """'2026-11' as the first of that month; anything else is the default month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return default.replace(day=1)

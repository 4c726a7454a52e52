"""Forms for child protection records; each writes its own messages (see GovukMessages)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from iro.accounts.models import ReviewingOfficer
from iro.core.forms import GovukDateField, GovukForm

from .models import (
    INITIAL_DECISIONS,
    REVIEW_DECISIONS,
    Attendee,
    Category,
    EndReason,
    ReportFrom,
)

REPORT_PREFIX = "report_"


def _chair_choices(chairs: list[ReviewingOfficer]) -> list[tuple[str, str]]:
    return [("", "Select the chair")] + [(str(c.pk), c.name) for c in chairs]


class ChairMixin:
    """A select of the IROs who may chair; `cleaned_data["chair"]` is the IRO."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def setup_chairs(self, chairs: list[ReviewingOfficer]) -> None:
        self.chairs = {str(c.pk): c for c in chairs}
        self.fields["chair"].choices = _chair_choices(chairs)  # type: ignore[attr-defined]

    def clean_chair(self) -> ReviewingOfficer:
        return self.chairs[self.cleaned_data["chair"]]


class EnquiryForm(ChairMixin, GovukForm):
    required_messages = {
        "strategy_discussion_on": "Enter the date of the strategy discussion",
        "chair": "Select who will chair the initial conference",
    }
    strategy_discussion_on = GovukDateField(
        label="Date of the strategy discussion", latest_today=True
    )
    chair = forms.ChoiceField(label="Who will chair the initial conference?")
    icpc_not_required = forms.BooleanField(
        label="The enquiries concluded that no initial conference is needed",
        required=False,
    )

    def __init__(
        self, *args: Any, chairs: list[ReviewingOfficer], editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup_chairs(chairs)
        if not editing:
            del self.fields["icpc_not_required"]


class ConferenceDetailsForm(GovukForm):
    """What every conference records: its date, who attended and the reports received."""

    required_messages = {
        "held_on": "Enter the date of the conference",
        "attended": "Select who attended",
        "category": "Select the category of abuse or neglect",
    }
    held_on = GovukDateField(label="Date of the conference", latest_today=True)
    attended = forms.MultipleChoiceField(
        label="Who attended?",
        choices=Attendee.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in ReportFrom.choices:
            name = f"{REPORT_PREFIX}{value}"
            self.fields[name] = GovukDateField(
                label=f"Date the {str(label).lower()} report was received (optional)",
                required=False,
                latest_today=True,
            )
            self.fields[name].error_name_override = (  # type: ignore[attr-defined]
                f"Date the {str(label).lower()} report was received"
            )

    def report_fields(self) -> list[forms.BoundField]:
        return [self[f"{REPORT_PREFIX}{value}"] for value in ReportFrom.values]

    def reports(self) -> dict[str, date]:
        """{report: date received} for the reports that were received."""
        return {
            value: self.cleaned_data[f"{REPORT_PREFIX}{value}"]
            for value in ReportFrom.values
            if self.cleaned_data.get(f"{REPORT_PREFIX}{value}")
        }

    @staticmethod
    def initial_reports(reports: dict[str, str]) -> dict[str, date]:
        return {f"{REPORT_PREFIX}{k}": date.fromisoformat(v) for k, v in reports.items()}


def _category() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Category of abuse or neglect",
        choices=Category.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Needed when there is a plan",
    )


class InitialConferenceForm(ConferenceDetailsForm):
    required_messages = {
        **ConferenceDetailsForm.required_messages,
        "decision": "Select the conference's decision",
    }
    error_names = {"previous_plans": "Number of previous plans"}
    decision = forms.ChoiceField(
        label="What did the conference decide?",
        choices=[(d.value, d.label) for d in INITIAL_DECISIONS],
        widget=forms.RadioSelect,
    )
    category = _category()
    previous_plans = forms.IntegerField(
        label="How many child protection plans has the child had before? (needed for a plan)",
        min_value=0,
        max_value=30,
        required=False,
        help_text="0 if this is the child's first plan",
    )


class ReviewConferenceForm(ConferenceDetailsForm):
    required_messages = {
        **ConferenceDetailsForm.required_messages,
        "decision": "Select the conference's decision",
        "end_reason": "Select why the plan ends",
    }
    error_names = {"end_notes": "Why the plan ends"}
    decision = forms.ChoiceField(
        label="What did the conference decide?",
        choices=[(d.value, d.label) for d in REVIEW_DECISIONS],
        widget=forms.RadioSelect,
    )
    category = _category()
    end_reason = forms.ChoiceField(
        label="Why does the plan end?",
        choices=EndReason.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Needed when the plan ends",
    )
    end_notes = forms.CharField(
        label="Anything more about why the plan ends (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConferenceEditForm(ConferenceDetailsForm):
    category = _category()

    def __init__(self, *args: Any, with_category: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_category:
            del self.fields["category"]

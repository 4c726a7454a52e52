from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from iro.accounts.models import ReviewingOfficer
from iro.core.forms import GovukDateField, GovukForm
from iro.timetable.fostering import MAX_ORDER_MONTHS


class SupervisionOrderForm(GovukForm):
    required_messages = {
        "made_on": "Enter the date the order was made",
        "months": "Enter the length of the order in months",
        "chair": "Select the IRO who chairs the reviews",
    }
    error_names = {"months": "Length of the order"}

    made_on = GovukDateField(
        label="Date the order was made", latest_today=True, help_text="For example, 27 3 2026"
    )
    months = forms.IntegerField(
        label="Length of the order in months",
        min_value=1,
        max_value=MAX_ORDER_MONTHS,
        help_text="Usually 12. An order can be extended to 3 years in all",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    chair = forms.ModelChoiceField(
        label="IRO chairing the reviews", queryset=ReviewingOfficer.objects.none()
    )

    def __init__(self, *args: Any, as_of: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chair = self.fields["chair"]
        assert isinstance(chair, forms.ModelChoiceField)
        chair.queryset = (
            ReviewingOfficer.objects.filter(start_date__lte=as_of)
            .exclude(end_date__lt=as_of)
            .order_by("name", "pk")
        )
        chair.empty_label = "Select an IRO"


class OrderReviewForm(GovukForm):
    required_messages = {
        "held_on": "Enter the date of review",
        "plan": "Enter the plan agreed at the review",
    }

    held_on = GovukDateField(label="Date of review", latest_today=True)
    plan = forms.CharField(
        label="The plan agreed",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What each person will do, by when, and who takes the plan on after this review",
    )

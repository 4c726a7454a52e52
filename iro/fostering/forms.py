from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from iro.accounts.models import ReviewingOfficer
from iro.core.forms import GovukDateField, GovukForm

from .models import REFERENCE_PATTERN, ApprovalType, FosterCarerReview, FosterHousehold
from .models import Recommendation as RecommendationChoice


class HouseholdForm(GovukForm):
    required_messages = {
        "reference": "Enter the household's reference",
        "carers": "Enter the carers' names",
        "approved_on": "Enter the approval date",
        "approval_type": "Select the type of approval",
        "approval_terms": "Enter the terms of approval",
        "supervising_social_worker": "Enter the supervising social worker's name",
        "chair": "Select the fostering IRO",
    }
    error_names = {
        "reference": "Reference",
        "carers": "Carers' names",
        "approval_terms": "Terms of approval",
        "supervising_social_worker": "Supervising social worker",
    }

    reference = forms.RegexField(
        label="Household reference",
        regex=REFERENCE_PATTERN,
        max_length=9,
        help_text="The fostering service's reference, for example FH-0012",
        error_messages={"invalid": "Enter a reference in the format FH-0012"},
    )
    carers = forms.CharField(
        label="Carers' names", max_length=200, help_text="For example, Jo and Sam Okafor"
    )
    approved_on = GovukDateField(
        label="Approval date", latest_today=True, help_text="For example, 27 3 2024"
    )
    approval_type = forms.ChoiceField(
        label="Type of approval", choices=ApprovalType.choices, widget=forms.RadioSelect
    )
    approval_terms = forms.CharField(
        label="Terms of approval",
        max_length=300,
        help_text="For example, up to 2 children aged 0 to 11, or a named child",
    )
    supervising_social_worker = forms.CharField(label="Supervising social worker", max_length=120)
    chair = forms.ModelChoiceField(
        label="Fostering IRO",
        queryset=ReviewingOfficer.objects.none(),
        help_text="The IRO who chairs this household's reviews",
    )

    def __init__(self, *args: Any, as_of: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chair = self.fields["chair"]
        assert isinstance(chair, forms.ModelChoiceField)
        current = (self.initial or {}).get("chair")
        in_post = ReviewingOfficer.objects.filter(start_date__lte=as_of).exclude(end_date__lt=as_of)
        if current is not None:
            in_post = in_post | ReviewingOfficer.objects.filter(pk=getattr(current, "pk", current))
        chair.queryset = in_post.order_by("name", "pk")
        chair.empty_label = "Select an IRO"


def household_initial(household: FosterHousehold) -> dict[str, Any]:
    return {
        "reference": household.reference,
        "carers": household.carers,
        "approved_on": household.approved_on,
        "approval_type": household.approval_type,
        "approval_terms": household.approval_terms,
        "supervising_social_worker": household.supervising_social_worker,
        "chair": household.chair_id,
    }


class ReviewForm(GovukForm):
    required_messages = {
        "held_on": "Enter the date of review",
        "carers_views": "Enter the carers' views",
        "social_worker_views": "Enter the supervising social worker's views",
        "recommendation": "Select the review's recommendation",
    }
    error_names = {
        "referred_to_panel_on": "Date referred to panel",
        "recommended_terms": "Recommended terms",
        "childrens_views": "Children's views",
    }

    held_on = GovukDateField(label="Date of review", latest_today=True)
    carers_views = forms.CharField(
        label="The carers' views", widget=forms.Textarea(attrs={"rows": 4})
    )
    childrens_views = forms.CharField(
        label="The views of children placed (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the children living with the carers said, and how they gave their views",
    )
    social_worker_views = forms.CharField(
        label="The supervising social worker's views", widget=forms.Textarea(attrs={"rows": 4})
    )
    recommendation = forms.ChoiceField(
        label="The review's recommendation",
        choices=RecommendationChoice.choices,
        widget=forms.RadioSelect,
    )
    recommended_terms = forms.CharField(
        label="Recommended terms of approval (if changing them)",
        required=False,
        max_length=300,
    )
    referred_to_panel_on = GovukDateField(
        label="Date referred to the fostering panel (optional)",
        required=False,
        latest_today=True,
        help_text="The first review always goes to the fostering panel",
    )


class PanelForm(GovukForm):
    error_names = {
        "referred_to_panel_on": "Date referred to panel",
        "panel_date": "Panel date",
        "agency_decision_on": "Date of the agency decision",
    }

    referred_to_panel_on = GovukDateField(
        label="Date referred to the fostering panel", required=False, latest_today=True
    )
    panel_date = GovukDateField(label="Panel date", required=False, latest_today=True)
    panel_recommendation = forms.ChoiceField(
        label="The panel's recommendation (optional)",
        choices=[("", "Not yet made"), *RecommendationChoice.choices],
        required=False,
        error_messages={"invalid_choice": "Select the panel's recommendation"},
        widget=forms.RadioSelect,
    )
    agency_decision = forms.ChoiceField(
        label="The agency decision maker's decision (optional)",
        choices=[("", "Not yet made"), *RecommendationChoice.choices],
        required=False,
        error_messages={"invalid_choice": "Select the agency decision"},
        widget=forms.RadioSelect,
    )
    agency_decision_on = GovukDateField(
        label="Date of the agency decision", required=False, latest_today=True
    )


def panel_initial(review: FosterCarerReview) -> dict[str, Any]:
    return {
        "referred_to_panel_on": review.referred_to_panel_on,
        "panel_date": review.panel_date,
        "panel_recommendation": review.panel_recommendation,
        "agency_decision": review.agency_decision,
        "agency_decision_on": review.agency_decision_on,
    }

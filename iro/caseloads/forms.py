from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q

from iro.accounts.models import User
from iro.accounts.roles import Role
from iro.core.forms import GovukDateField, GovukForm

from .models import ReviewingOfficer


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.username})"


class ReviewingOfficerForm(GovukForm):
    required_messages = {
        "name": "Enter the IRO's name",
        "fte": "Enter the FTE, for example 1 or 0.8",
        "contract": "Select the contract",
        "start_date": "Enter the start date",
        "other_duties_weight": "Enter the share of time on other duties, for example 0",
        "user": "Select the user account, or 'Not linked'",
    }
    name = forms.CharField(label="Name", max_length=120)
    fte = forms.DecimalField(
        label="FTE",
        max_digits=3,
        decimal_places=2,
        min_value=Decimal("0.05"),
        max_value=Decimal("1.00"),
        help_text="Full-time equivalent, for example 1 or 0.8",
        error_messages={
            "min_value": "FTE must be between 0.05 and 1",
            "max_value": "FTE must be between 0.05 and 1",
            "max_decimal_places": "FTE must have no more than 2 decimal places",
            "max_digits": "FTE must be between 0.05 and 1",
        },
    )
    contract = forms.ChoiceField(
        label="Contract", choices=ReviewingOfficer.Contract.choices, widget=forms.RadioSelect
    )
    start_date = GovukDateField(label="Start date", help_text="For example, 27 3 2024")
    end_date = GovukDateField(
        label="End date",
        required=False,
        help_text="The last day in post, if known (fixed-term, agency or leaving)",
    )
    service_area = forms.CharField(
        label="Link service area",
        max_length=120,
        required=False,
        help_text="For example, a locality, disabled children or care leavers",
    )
    other_duties = forms.CharField(
        label="Other duties",
        max_length=200,
        required=False,
        help_text="For example, chairing child protection conferences or fostering reviews",
    )
    other_duties_weight = forms.DecimalField(
        label="Share of time on other duties",
        max_digits=3,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("0.95"),
        help_text="From 0 to 0.95: for example 0.2 for one day a week. "
        "It reduces the FTE available for children in care.",
        error_messages={
            "min_value": "Share of time on other duties must be between 0 and 0.95",
            "max_value": "Share of time on other duties must be between 0 and 0.95",
            "max_decimal_places": (
                "Share of time on other duties must have no more than 2 decimal places"
            ),
            "max_digits": "Share of time on other duties must be between 0 and 0.95",
        },
    )
    user = UserChoiceField(
        label="User account",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not linked",
        help_text="Link the IRO's sign-in so they see 'My children'. Only users with the IRO role",
    )

    def __init__(self, *args: Any, officer: ReviewingOfficer | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        free = Q(reviewing_officer__isnull=True)
        if officer is not None and officer.user_id:
            free |= Q(pk=officer.user_id)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(groups__name=Role.IRO.value).filter(free).distinct()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "End date must be the same as or after the start date")
        return data


def initial_for(officer: ReviewingOfficer) -> dict[str, Any]:
    return {name: getattr(officer, name) for name in ReviewingOfficerForm.base_fields}


class WorkloadWeightsForm(GovukForm):
    """One weight per registered kind of work, against one child looked after = 1."""

    def __init__(self, *args: Any, kinds: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            message = f"Weight of one {kind.unit} must be a number between 0 and 5"
            self.fields[kind.key] = forms.DecimalField(
                label=f"{kind.label}: weight of one {kind.unit}",
                max_digits=3,
                decimal_places=2,
                min_value=Decimal("0"),
                max_value=Decimal("5"),
                help_text=f"Against one child looked after = 1. Default {kind.default_weight}",
                error_messages={
                    "required": f"Enter the weight of one {kind.unit}, for example "
                    f"{kind.default_weight}",
                    "invalid": message,
                    "min_value": message,
                    "max_value": message,
                    "max_digits": message,
                    "max_decimal_places": f"Weight of one {kind.unit} must have no more than "
                    "2 decimal places",
                },
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            self.fields[kind.key].error_name_override = f"Weight of one {kind.unit}"  # type: ignore[attr-defined]

from __future__ import annotations

from typing import Any

from django import forms

from iro.accounts.access import child_visible_to
from iro.accounts.models import ReviewingOfficer
from iro.core.forms import GovukDateField, GovukForm
from iro.timetable.story import care_start_problem

from . import codes
from .models import Child, SocialWorker, Team

_SEX_CHOICES = [("M", "Male"), ("F", "Female"), ("U", "Not known")]


class PeriodOfCareStartForm(GovukForm):
    """Coming into care: the start of a period of care and its first episode."""

    required_messages = {
        "start_date": "Enter the date care started",
        "legal_status": "Select the legal status",
        "placement": "Select the placement type",
        "category_of_need": "Select the category of need",
        "team": "Select the social work team, or 'Not known yet'",
        "social_worker": "Select the social worker, or 'Not allocated yet'",
    }
    start_date = GovukDateField(
        label="Date care started", latest_today=True, help_text="The day the period of care began"
    )
    legal_status = forms.ChoiceField(
        label="Legal status",
        choices=[("", "Choose legal status"), *codes.choices(codes.LEGAL_STATUS)],
    )
    placement = forms.ChoiceField(
        label="Placement type",
        choices=[("", "Choose placement type"), *codes.choices(codes.PLACEMENT)],
    )
    category_of_need = forms.ChoiceField(
        label="Category of need",
        choices=[("", "Choose category of need"), *codes.choices(codes.CATEGORY_OF_NEED)],
    )
    team = forms.ModelChoiceField(
        label="Social work team",
        queryset=Team.objects.all(),
        required=False,
        empty_label="Not known yet",
    )
    social_worker = forms.ModelChoiceField(
        label="Social worker",
        queryset=SocialWorker.objects.all(),
        required=False,
        empty_label="Not allocated yet",
    )


class ChildAdmitForm(PeriodOfCareStartForm):
    required_messages = {
        "la_child_id": "Enter the child ID",
        "first_name": "Enter the child's first name",
        "last_name": "Enter the child's last name",
        "date_of_birth": "Enter the date of birth",
        "sex": "Select the child's sex",
        "ethnicity": "Select the child's ethnicity",
        **PeriodOfCareStartForm.required_messages,
    }
    la_child_id = forms.CharField(
        label="Child ID",
        max_length=10,
        help_text="The child's ID in the council's case-management system (903 CHILD)",
    )
    first_name = forms.CharField(label="First name", max_length=80)
    last_name = forms.CharField(label="Last name", max_length=80)
    date_of_birth = GovukDateField(
        label="Date of birth", latest_today=True, help_text="For example, 27 3 2015"
    )
    sex = forms.ChoiceField(label="Sex", choices=_SEX_CHOICES, widget=forms.RadioSelect)
    ethnicity = forms.ChoiceField(
        label="Ethnicity", choices=[("", "Choose ethnicity"), *codes.ETHNICITY.items()]
    )
    field_order = [
        "la_child_id",
        "first_name",
        "last_name",
        "date_of_birth",
        "sex",
        "ethnicity",
        *PeriodOfCareStartForm.base_fields,
    ]

    def clean_la_child_id(self) -> str:
        value: str = self.cleaned_data["la_child_id"].strip()
        if not value.isalnum():
            raise forms.ValidationError("Child ID must only include letters and numbers")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        born, started = data.get("date_of_birth"), data.get("start_date")
        if born and started and (problem := care_start_problem(born, started)):
            self.add_error("start_date", problem)
        return data


class IROAllocateForm(GovukForm):
    required_messages = {
        "iro": "Select the IRO",
        "start_date": "Enter the date of allocation",
    }
    iro = forms.ModelChoiceField(
        label="IRO", queryset=ReviewingOfficer.objects.none(), empty_label="Choose an IRO"
    )
    start_date = GovukDateField(label="Date of allocation")
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed for a transfer, for example 'caseload balancing' or 'keep siblings together'",
    )
    notified_on = GovukDateField(
        label="Date the IRO service was told the child came into care (optional)",
        required=False,
        help_text="Leave blank if it is not known. It is counted for the annual report: the "
        "IRO service should be told within 2 working days",
    )

    def __init__(
        self, *args: Any, iro_queryset: Any, ask_notified: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["iro"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = iro_queryset
        # Asked once a period of care: with its first allocation, until it is recorded.
        if not ask_notified:
            del self.fields["notified_on"]


class IROCoverForm(GovukForm):
    required_messages = {
        "absent_iro": "Select the IRO who is away",
        "covering_iro": "Select the IRO covering",
        "start_date": "Enter the date cover starts",
        "end_date": "Enter the date cover ends",
        "reason": "Enter the reason for the cover",
    }
    absent_iro = forms.ModelChoiceField(
        label="IRO who is away",
        queryset=ReviewingOfficer.objects.none(),
        empty_label="Choose an IRO",
    )
    covering_iro = forms.ModelChoiceField(
        label="IRO covering", queryset=ReviewingOfficer.objects.none(), empty_label="Choose an IRO"
    )
    child_id = forms.CharField(
        label="Child ID",
        required=False,
        max_length=10,
        help_text="Optional. Leave blank to cover all of the absent IRO's children",
    )
    start_date = GovukDateField(label="Date cover starts", help_text="For example, 27 3 2026")
    end_date = GovukDateField(label="Date cover ends", help_text="For example, 10 4 2026")
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        help_text="For example, annual leave or sickness",
    )

    def __init__(self, *args: Any, iro_queryset: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("absent_iro", "covering_iro"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = iro_queryset

    def clean_child_id(self) -> Child | None:
        value = self.cleaned_data["child_id"].strip()
        if not value:
            return None
        child = Child.objects.select_related("iro").filter(la_child_id=value).first()
        if child is None or not child_visible_to(self.user, child):
            raise forms.ValidationError("Child ID must be the ID of a child on the register")
        return child

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("start_date"), data.get("end_date")
        if starts and ends and ends < starts:
            self.add_error(
                "end_date", "Date cover ends must be the same as or after the date it starts"
            )
        data["child"] = data.pop("child_id", None)
        return data


class RestrictionLiftRequestForm(GovukForm):
    required_messages = {"reason": "Enter why the restriction should be lifted"}
    error_names = {"reason": "Why the restriction should be lifted"}
    reason = forms.CharField(
        label="Why should the restriction be lifted?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A person named on the record decides; you will not see the record until then",
    )


class IROCoverEndForm(GovukForm):
    required_messages = {"end_date": "Enter the date cover ends"}
    end_date = GovukDateField(label="Date cover ends")

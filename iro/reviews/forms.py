"""Forms for the review cycle. Validation that needs the database lives in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from iro.accounts.roles import Role
from iro.core.forms import GovukDateField, GovukForm

from .letters import BANDS
from .models import Convening, Invitee, ParticipationCode, Recommendation, Review

YES_NO = [("yes", "Yes"), ("no", "No")]
PERMANENCE = [("yes", "Yes"), ("no", "No"), ("unknown", "Not decided yet")]


def _date(label: str, *, required: bool = False, hint: str = "", past: bool = False) -> Any:
    return GovukDateField(
        label=label,
        required=required,
        help_text=hint or "For example, 27 3 2025",
        latest_today=past,
    )


class ReviewCycleForm(GovukForm):
    """A form of the review cycle; each writes its own messages (see GovukMessages)."""


class ConveningForm(ReviewCycleForm):
    required_messages = {
        "proposed_date": "Enter the date of review",
        "meeting_format": "Select how the review will meet",
        "plan_kind": "Select which plan the review considers",
    }
    proposed_date = _date("Date of review", required=True)
    meeting_format = forms.ChoiceField(
        label="How will the review meet?",
        choices=Convening.Format.choices,
        widget=forms.RadioSelect,
    )
    venue = forms.CharField(label="Venue or online meeting details", max_length=200, required=False)
    convening_request_received_on = _date(
        "Date the social worker's convening request was received",
        hint="Leave blank if it has not arrived. It is due 10 working days before the review.",
        past=True,
    )
    plan_kind = forms.ChoiceField(
        label="Which plan does the review consider?",
        choices=Convening.PlanKind.choices,
        widget=forms.RadioSelect,
    )
    care_plan_received_on = _date(
        "Date the care plan or pathway plan was received",
        hint="Leave blank if it has not arrived. It is due 3 working days before the review.",
        past=True,
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, include_date: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not include_date:
            del self.fields["proposed_date"]


class RescheduleForm(ReviewCycleForm):
    required_messages = {
        "new_date": "Enter the new date of review",
        "reason": "Enter why the review is moving",
    }
    error_names = {"reason": "Why the review is moving"}
    new_date = _date("New date of review", required=True)
    reason = forms.CharField(label="Why is the review moving?", max_length=300)


class InviteeForm(ReviewCycleForm):
    required_messages = {
        "role": "Select who they are",
        "name": "Enter their name",
        "invited": "Select whether they are invited",
    }
    role = forms.ChoiceField(
        label="Who are they?", choices=Invitee.Role.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label="Name", max_length=120)
    organisation = forms.CharField(
        label="Relationship or organisation",
        max_length=120,
        required=False,
        help_text="For example, mother, foster carer, school, health visitor",
    )
    invited = forms.ChoiceField(label="Are they invited?", choices=YES_NO, widget=forms.RadioSelect)
    not_invited_reason = forms.CharField(
        label="Reason they are not invited",
        max_length=300,
        required=False,
        help_text="Needed when a parent is not invited",
    )
    invitation_sent_on = _date("Date the invitation was sent", past=True)
    consultation_form_sent_on = _date("Date the consultation form was sent", past=True)
    consultation_form_returned_on = _date("Date the consultation form was returned", past=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "invited" in data:
            data["invited"] = data["invited"] == "yes"
        return data


class NotHeldForm(ReviewCycleForm):
    required_messages = {
        "meeting_date": "Enter the date of the meeting",
        "outcome": "Select whether the meeting was adjourned or cancelled",
        "reason": "Enter the reason the meeting did not go ahead",
    }
    meeting_date = _date("Date of the meeting", required=True)
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=[
            (Review.Status.ADJOURNED, "Adjourned: the meeting started but will continue later"),
            (Review.Status.CANCELLED, "Cancelled: the meeting did not take place"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Reason", max_length=300)
    new_date = _date(
        "New date of review",
        hint="Leave blank if the review is no longer needed, for example the child has left care",
    )


class ReviewForm(ReviewCycleForm):
    required_messages = {
        "held_on": "Enter the date of review",
        "participation_code": "Select how the child took part",
        "attended": "Select who attended from the people invited",
        "permanence_plan_agreed": "Select whether the permanence plan is agreed",
    }
    error_names = {"attended": "Who attended"}
    held_on = _date("Date of review", required=True, past=True)
    participation_code = forms.ChoiceField(
        label="How did the child take part?",
        choices=[(c.value, f"{c.value}: {c.label}") for c in ParticipationCode],
        widget=forms.RadioSelect,
    )
    attended = forms.MultipleChoiceField(
        label="Who attended?",
        required=False,
        help_text="Select all that apply",
        widget=forms.CheckboxSelectMultiple,
    )
    other_attendees = forms.CharField(
        label="Anyone else who attended",
        required=False,
        help_text="Name and role, one a line",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    advocate_offered = forms.BooleanField(label="An advocate was offered", required=False)
    advocate_involved = forms.BooleanField(label="An advocate was involved", required=False)
    independent_visitor_discussed = forms.BooleanField(
        label="An independent visitor was discussed", required=False
    )
    permanence_plan_agreed = forms.ChoiceField(
        label="Is the permanence plan agreed?", choices=PERMANENCE, widget=forms.RadioSelect
    )
    care_plan_received_on = _date("Date the care plan or pathway plan was received", past=True)
    brought_forward_reason = forms.CharField(
        label="Reason the review was brought forward",
        max_length=300,
        required=False,
        help_text="Only if the review was held early",
    )
    decisions = forms.CharField(
        label="Decisions", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(
        self,
        *args: Any,
        invitees: list[Invitee] | None = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["held_on"]
        if invitees:
            self.fields["attended"].choices = [  # type: ignore[attr-defined]
                (str(i.pk), f"{i.name} ({i.get_role_display().lower()})") for i in invitees
            ]
        else:
            del self.fields["attended"]

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["permanence_plan_agreed"] = {"yes": True, "no": False}.get(
            data["permanence_plan_agreed"]
        )
        data["attended_invitee_ids"] = data.pop("attended", [])
        return data

    @staticmethod
    def initial_for(review: Review, attended_ids: list[int]) -> dict[str, Any]:
        permanence = {True: "yes", False: "no", None: "unknown"}[review.permanence_plan_agreed]
        return {
            "participation_code": review.participation_code,
            "attended": [str(i) for i in attended_ids],
            "other_attendees": review.other_attendees,
            "advocate_offered": review.advocate_offered,
            "advocate_involved": review.advocate_involved,
            "independent_visitor_discussed": review.independent_visitor_discussed,
            "permanence_plan_agreed": permanence,
            "care_plan_received_on": review.care_plan_received_on,
            "brought_forward_reason": review.brought_forward_reason,
            "decisions": review.decisions,
        }


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class RecommendationForm(ReviewCycleForm):
    required_messages = {
        "action": "Enter what needs to happen",
        "owner_name": "Enter who will do it",
        "owner": "Select their account, or 'Not on this service'",
        "due_date": "Enter the due date",
        "status": "Select the status",
    }
    error_names = {
        "action": "What needs to happen",
        "owner_name": "Who will do it",
        "owner": "Their account",
    }
    action = forms.CharField(
        label="What needs to happen?", widget=forms.Textarea(attrs={"rows": 3})
    )
    owner_name = forms.CharField(
        label="Who will do it?",
        max_length=120,
        help_text="A name and role, for example Jo Hendry, social worker",
    )
    owner = OwnerChoiceField(
        label="Their account (optional)",
        queryset=get_user_model().objects.none(),
        required=False,
        help_text="Choose them if they use this service, so they see it on their page",
    )
    due_date = _date("Due date", required=True)
    status = forms.ChoiceField(
        label="Status", choices=Recommendation.Status.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, with_status: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (  # type: ignore[attr-defined]
            get_user_model()
            .objects.filter(is_active=True, groups__name=Role.OPERATIONAL.value)
            .order_by("first_name", "last_name")
        )
        self.fields["owner"].empty_label = "Not on this service"  # type: ignore[attr-defined]
        if not with_status:
            del self.fields["status"]


# What an empty date says, for each thing DateDoneForm records.
DATE_DONE_REQUIRED = {
    "Date the recommendations were issued": "Enter the date the recommendations were issued",
    "Date the minutes were distributed": "Enter the date the minutes were distributed",
    "Date the letter was written": "Enter the date the letter was written",
}


class DateDoneForm(GovukForm):
    """One date: recommendations issued, letter written, minutes distributed."""

    done_on = _date("Date", required=True, past=True)

    def __init__(self, *args: Any, label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["done_on"].label = label
        self.fields["done_on"].error_messages["required"] = DATE_DONE_REQUIRED[label]


class CompleteForm(GovukForm):
    required_messages = {"completed_on": "Enter the date it was done"}
    error_names = {"note": "What was done"}
    completed_on = _date("Date it was done", required=True, past=True)
    note = forms.CharField(
        label="What was done (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class LetterForm(GovukForm):
    required_messages = {
        "letter": "Enter the letter to the child",
        "band": "Select the age band of the template",
    }
    letter = forms.CharField(
        label="Letter to the child",
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text="Write to the child in words they will understand. Save to run the "
        "plain-language check.",
    )
    band = forms.ChoiceField(
        label="Age band of the template", choices=[(b.code, b.label) for b in BANDS]
    )

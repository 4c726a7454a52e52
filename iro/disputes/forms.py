from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from iro.accounts.access import child_visible_to
from iro.accounts.models import User
from iro.accounts.roles import Role
from iro.children.models import Child
from iro.core.forms import GovukDateField, GovukForm

from .models import Category, Dispute, DisputeStage, Outcome

_TEXT = forms.Textarea(attrs={"rows": 4})


def responder_users() -> QuerySet[User]:
    """People a dispute can be raised with: operational staff and heads of service."""
    return (
        User.objects.filter(
            is_active=True, groups__name__in=[Role.OPERATIONAL.value, Role.HEAD_OF_SERVICE.value]
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


class ResponderLabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        title = getattr(obj, "job_title", "")
        return f"{obj} ({title})" if title else str(obj)


def _child_by_id(value: str, field_label: str, user: Any) -> Child:
    """The child with this ID, through the same visibility check as the child's page: a
    restricted record is attached only by the people named on it."""
    child = Child.objects.filter(la_child_id=value.strip()).first()
    if child is None:
        raise forms.ValidationError(f"{field_label} must be the ID of a child on the register")
    if not child_visible_to(user, child):
        raise forms.ValidationError(
            f"Child {child.la_child_id} is a restricted record: only the people named on it "
            "can add it here"
        )
    return child


class ChildIdForm(GovukForm):
    """A form that takes child IDs, resolved for the person filling it in."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def _optional_child(self) -> Child | None:
        value = self.cleaned_data["child_id"].strip()
        return _child_by_id(value, "Child ID", self.user) if value else None


class DisputeRaiseForm(ChildIdForm):
    required_messages = {
        "scope": "Select what the dispute is about",
        "category": "Select the category",
        "summary": "Enter what the issue is",
        "outcome_sought": "Enter what you want to happen",
        "stage": "Select the stage",
        "responder": "Select who the dispute is raised with, or enter a name",
    }
    error_names = {"summary": "What the issue is", "outcome_sought": "What you want to happen"}
    scope = forms.ChoiceField(
        label="What is the dispute about?", choices=Dispute.Scope.choices, widget=forms.RadioSelect
    )
    child_id = forms.CharField(
        label="Child ID",
        required=False,
        max_length=10,
        help_text="The child the dispute is about (for a group, the first child)",
    )
    other_child_ids = forms.CharField(
        label="Other children in the group",
        required=False,
        max_length=500,
        help_text="Child IDs separated by commas",
    )
    category = forms.ChoiceField(
        label="Category", choices=[("", "Choose a category"), *Category.choices]
    )
    summary = forms.CharField(label="What the issue is", widget=_TEXT, max_length=5000)
    outcome_sought = forms.CharField(label="What you want to happen", widget=_TEXT, max_length=5000)
    wanted_by = GovukDateField(
        label="Wanted by", required=False, help_text="Optional. For example, 27 3 2026"
    )
    stage = forms.ModelChoiceField(
        label="Stage",
        queryset=DisputeStage.objects.filter(active=True),
        empty_label=None,
        help_text="Start informally, or go straight to a formal stage",
    )
    responder = ResponderLabelChoiceField(
        label="Raised with",
        queryset=User.objects.none(),
        required=False,
        empty_label="Someone without an account here",
    )
    responder_name = forms.CharField(
        label="Name and role of the person it is raised with",
        required=False,
        max_length=120,
        help_text="If they have no account here, or to add their role",
    )
    deadline = GovukDateField(
        label="Response needed by",
        required=False,
        help_text=(
            "Leave blank for the council's timescale (5 working days). You may give up to 20 working "
            "days at the informal stage. At a formal stage you "
            "may set an earlier date, not a later one."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["responder"].queryset = responder_users()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scope = data.get("scope")
        child_id = (data.get("child_id") or "").strip()
        data["child"] = None
        data["other_children"] = []
        if scope in (Dispute.Scope.CHILD, Dispute.Scope.GROUP):
            if not child_id:
                self.add_error("child_id", "Enter the child ID")
            else:
                try:
                    data["child"] = _child_by_id(child_id, "Child ID", self.user)
                except forms.ValidationError as error:
                    self.add_error("child_id", error)
        if scope == Dispute.Scope.GROUP:
            others = [v for v in (data.get("other_child_ids") or "").split(",") if v.strip()]
            if not others:
                self.add_error("other_child_ids", "Enter the other children's IDs")
            for value in others:
                try:
                    data["other_children"].append(
                        _child_by_id(value, "Other children in the group", self.user)
                    )
                except forms.ValidationError as error:
                    self.add_error("other_child_ids", error)
                    break
        if not data.get("responder") and not (data.get("responder_name") or "").strip():
            self.add_error("responder", "Select who the dispute is raised with, or enter a name")
        return data


class RespondForm(GovukForm):
    required_messages = {"response": "Enter your response"}
    response = forms.CharField(label="Your response", widget=_TEXT, max_length=10000)


class EscalateForm(GovukForm):
    required_messages = {
        "to_stage": "Select the stage to escalate to",
        "responder": "Select who the dispute is raised with, or 'Someone without an account here'",
    }
    error_names = {"to_stage": "Escalate to", "reason": "Why you are escalating"}
    to_stage = forms.ModelChoiceField(
        label="Escalate to", queryset=DisputeStage.objects.none(), empty_label=None
    )
    reason = forms.CharField(
        label="Why you are escalating",
        widget=_TEXT,
        max_length=5000,
        required=False,
        help_text=(
            "Optional. Left blank, the history says the deadline passed or the response was "
            "not accepted"
        ),
    )
    responder = ResponderLabelChoiceField(
        label="Raised with",
        queryset=User.objects.none(),
        required=False,
        empty_label="Someone without an account here",
    )
    responder_name = forms.CharField(
        label="Name and role of the person it is raised with",
        required=False,
        max_length=120,
        help_text="Leave blank to use the stage's role",
    )
    deadline = GovukDateField(
        label="Response needed by",
        required=False,
        help_text="Leave blank for the council's timescale; you may set an earlier date",
    )

    def __init__(self, *args: Any, stages: QuerySet[DisputeStage], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].queryset = stages  # type: ignore[attr-defined]
        self.fields["responder"].queryset = responder_users()  # type: ignore[attr-defined]


class WithdrawForm(GovukForm):
    required_messages = {"reason": "Enter why the dispute is withdrawn"}
    error_names = {"reason": "Why the dispute is withdrawn"}
    reason = forms.CharField(
        label="Why you are withdrawing the dispute",
        widget=_TEXT,
        max_length=5000,
        help_text="This is kept in the dispute's history and counted in the reports",
    )


class DelegateForm(GovukForm):
    required_messages = {"delegate": "Select who will respond"}
    delegate = ResponderLabelChoiceField(
        label="Who should respond", queryset=User.objects.none(), empty_label="Choose a person"
    )

    def __init__(self, *args: Any, exclude: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = responder_users().exclude(  # type: ignore[attr-defined]
            pk=exclude or 0
        )


class ResolveForm(GovukForm):
    required_messages = {
        "outcome": "Enter what was agreed",
        "outcome_code": "Select what changed for the child",
        "follow_up_on": "Enter the date to follow up",
    }
    error_names = {"follow_up_on": "Follow up date"}
    outcome = forms.CharField(label="What was agreed", widget=_TEXT, max_length=5000)
    outcome_code = forms.ChoiceField(
        label="What changed for the child", choices=Outcome.choices, widget=forms.RadioSelect
    )
    outcome_reason = forms.CharField(
        label="Why nothing changed",
        widget=_TEXT,
        max_length=5000,
        required=False,
        help_text="Needed when nothing changed; counted in the independence indicators",
    )
    follow_up_on = GovukDateField(
        label="When you will check that it held",
        help_text="For example, 27 3 2027. It appears on your follow-up list from that day",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("outcome_code") == Outcome.NO_CHANGE
            and not (data.get("outcome_reason") or "").strip()
        ):
            self.add_error("outcome_reason", "Enter why nothing changed")
        return data


class FollowUpForm(GovukForm):
    required_messages = {"note": "Enter what the follow-up found"}
    note = forms.CharField(
        label="What the follow-up found",
        widget=_TEXT,
        max_length=5000,
        help_text="Whether what was agreed happened, and held, for the child",
    )


class MeetingHeldForm(GovukForm):
    required_messages = {
        "held_on": "Enter the date of the meeting",
        "notes": "Enter what was agreed",
    }
    held_on = GovukDateField(label="Date of meeting", latest_today=True)
    notes = forms.CharField(label="What was agreed", widget=_TEXT, max_length=5000)


class NoteForm(GovukForm):
    required_messages = {"text": "Enter the note"}
    text = forms.CharField(label="Note", widget=_TEXT, max_length=5000)


class CorrectionForm(GovukForm):
    required_messages = {"text": "Enter the correction"}
    text = forms.CharField(
        label="Correction",
        widget=_TEXT,
        max_length=5000,
        help_text="The original entry stays in the history; this is added beside it",
    )


class CafcassReferralForm(ChildIdForm):
    required_messages = {
        "child_id": "Enter the child ID",
        "referred_on": "Enter the date referred",
        "reason": "Enter why you referred to Cafcass",
    }
    error_names = {"reason": "Why you referred to Cafcass"}
    child_id = forms.CharField(label="Child ID", max_length=10)
    referred_on = GovukDateField(label="Date referred", latest_today=True)
    reason = forms.CharField(label="Why you referred to Cafcass", widget=_TEXT, max_length=5000)
    cafcass_contact = forms.CharField(
        label="Cafcass contact", required=False, max_length=200, help_text="Optional"
    )

    def clean_child_id(self) -> Child:
        return _child_by_id(self.cleaned_data["child_id"], "Child ID", self.user)


class LegalAdviceForm(ChildIdForm):
    required_messages = {
        "sought_on": "Enter the date advice was sought",
        "adviser": "Enter who gave the advice",
        "summary": "Enter what advice was sought",
    }
    error_names = {"adviser": "Who gave the advice", "summary": "What advice was sought"}
    child_id = forms.CharField(
        label="Child ID", required=False, max_length=10, help_text="Optional"
    )
    sought_on = GovukDateField(label="Date advice sought", latest_today=True)
    adviser = forms.CharField(label="Who gave the advice", max_length=200)
    summary = forms.CharField(label="What advice was sought", widget=_TEXT, max_length=5000)

    def clean_child_id(self) -> Child | None:
        return self._optional_child()


class GoodPracticeAlertForm(ChildIdForm):
    required_messages = {
        "praised": "Enter who the alert recognises",
        "summary": "Enter what was good",
    }
    error_names = {"praised": "Who the alert recognises", "summary": "What was good"}
    child_id = forms.CharField(
        label="Child ID", required=False, max_length=10, help_text="Optional"
    )
    praised = forms.CharField(label="Who the alert recognises", max_length=200)
    summary = forms.CharField(label="What was good", widget=_TEXT, max_length=5000)

    def clean_child_id(self) -> Child | None:
        return self._optional_child()


class SystemicIssueForm(GovukForm):
    required_messages = {
        "title": "Enter the title",
        "raised_on": "Enter the date raised",
        "raised_with": "Enter who it was raised with",
        "description": "Enter the issue",
    }
    error_names = {"description": "The issue"}
    title = forms.CharField(label="Title", max_length=200)
    raised_on = GovukDateField(label="Date raised", latest_today=True)
    raised_with = forms.CharField(
        label="Raised with",
        max_length=200,
        help_text="For example, Director of Children's Services",
    )
    description = forms.CharField(label="The issue", widget=_TEXT, max_length=10000)


class SystemicResponseForm(GovukForm):
    required_messages = {
        "response_on": "Enter the date of response",
        "response": "Enter the senior managers' response",
    }
    response_on = GovukDateField(label="Date of response", latest_today=True)
    response = forms.CharField(label="Senior managers' response", widget=_TEXT, max_length=10000)


class MeetingForm(GovukForm):
    required_messages = {"held_on": "Enter the date of the meeting"}
    held_on = GovukDateField(label="Date of meeting", latest_today=True)
    attendees = forms.CharField(label="Who attended", required=False, max_length=300)

    def __init__(self, *args: Any, dispute_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dispute_ids = dispute_ids
        for pk in dispute_ids:
            self.fields[f"action_{pk}"] = forms.CharField(
                label="Agreed action", required=False, max_length=2000, widget=_TEXT
            )

    def actions(self) -> dict[int, str]:
        return {pk: self.cleaned_data.get(f"action_{pk}", "") for pk in self.dispute_ids}

from __future__ import annotations

from typing import Any

from django import forms

from iro.accounts.models import ReviewingOfficer
from iro.core.forms import GovukDateField, GovukForm
from iro.core.templating import govuk_date
from iro.reviews.models import Review

from . import rules
from .models import (
    AdvocacyReferral,
    ComplaintStage,
    Consultation,
    FromType,
    RespondentType,
)
from .questions import FeedbackQuestions

NEXT_REVIEW = "next"


def _text(
    label: str, *, max_length: int, required: bool = False, rows: int = 4, **kw: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kw,
    )


class VoiceForm(GovukForm):
    """A form about the child's voice; each writes its own messages (see GovukMessages)."""


class ConsultationForm(VoiceForm):
    required_messages = {
        "review": "Select which review the consultation is for",
        "consulted_on": "Enter the date of the consultation",
        "method": "Select how the child was consulted",
    }
    error_names = {
        "reason_not_possible": "Why it was not possible",
        "views_summary": "What the child said",
    }
    review = forms.ChoiceField(
        label="Which review is this consultation for?", widget=forms.RadioSelect
    )
    consulted_on = GovukDateField(label="Date of the consultation", latest_today=True)
    method = forms.ChoiceField(
        label="How was the child consulted?",
        choices=Consultation.METHOD_CHOICES,
        widget=forms.RadioSelect,
    )
    reason_not_possible = forms.CharField(
        label="Why was it not possible?",
        max_length=300,
        required=False,
        help_text="Only if it was not possible to consult the child",
    )
    views_summary = _text("What the child said (optional)", max_length=2000)

    def __init__(
        self,
        *args: Any,
        reviews: list[Review],
        fixed_review: Review | None = None,
        choose_review: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.reviews = {str(r.pk): r for r in reviews}
        if not choose_review:  # changing a consultation: the review it is for stays
            del self.fields["review"]
        elif fixed_review is not None:
            self.reviews = {str(fixed_review.pk): fixed_review}
            self.fields["review"].choices = [(str(fixed_review.pk), "")]  # type: ignore[attr-defined]
            self.fields["review"].widget = forms.HiddenInput()
            self.initial["review"] = str(fixed_review.pk)
        else:
            self.fields["review"].choices = [  # type: ignore[attr-defined]
                (NEXT_REVIEW, "The next review (not yet held)")
            ] + [(str(r.pk), f"{r.number_label} held on {govuk_date(r.held_on)}") for r in reviews]
            self.initial.setdefault("review", NEXT_REVIEW)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rule = next((m for m in rules.CONSULTATION_METHODS if m.code == data.get("method")), None)
        if rule and rule.needs_reason and not (data.get("reason_not_possible") or "").strip():
            self.add_error(
                "reason_not_possible", "Enter why it was not possible to consult the child"
            )
        return data

    def clean_review(self) -> Review | None:
        value = self.cleaned_data.get("review")
        return self.reviews.get(value or "") if value != NEXT_REVIEW else None


class AdvocacyReferralForm(VoiceForm):
    required_messages = {
        "referred_on": "Enter the date of referral",
        "referred_by": "Select who made the referral",
    }
    error_names = {
        "referred_by_name": "Name of the person who referred",
        "issue": "Issue raised with the advocate's help",
        "outcome": "Outcome",
    }
    referred_on = GovukDateField(label="Date of referral", latest_today=True)
    referred_by = forms.ChoiceField(
        label="Who made the referral?",
        choices=AdvocacyReferral.ReferredBy.choices,
        widget=forms.RadioSelect,
    )
    referred_by_name = forms.CharField(
        label="Name of the person who referred (optional)", max_length=120, required=False
    )
    accepted_on = GovukDateField(
        label="Date accepted by the advocacy service",
        required=False,
        latest_today=True,
        help_text="Leave blank while the child is waiting",
    )
    issue = _text("Issue raised with the advocate's help (optional)", max_length=2000)
    outcome = _text("Outcome (optional)", max_length=2000)
    ended_on = GovukDateField(label="Date advocacy ended", required=False, latest_today=True)


class IndependentVisitorForm(VoiceForm):
    required_messages = {
        "discussed_on": "Enter the date discussed with the child",
        "wanted": "Select whether the child wants an independent visitor",
    }
    error_names = {"notes": "Notes"}
    discussed_on = GovukDateField(label="Date discussed with the child", latest_today=True)
    wanted = forms.TypedChoiceField(
        label="Does the child want an independent visitor?",
        choices=[("yes", "Yes"), ("no", "No"), ("unsure", "Not sure yet")],
        widget=forms.RadioSelect,
        coerce=lambda v: {"yes": True, "no": False}.get(v),
    )
    referred_on = GovukDateField(
        label="Date of referral",
        required=False,
        latest_today=True,
        help_text="Leave blank if not referred",
    )
    matched_on = GovukDateField(
        label="Date matched with a visitor", required=False, latest_today=True
    )
    notes = _text("Notes (optional)", max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        initial = kwargs.get("initial") or {}
        if "wanted" in initial and not isinstance(initial["wanted"], str):
            initial["wanted"] = {True: "yes", False: "no", None: "unsure"}[initial["wanted"]]
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)


class FeedbackRequestForm(VoiceForm):
    required_messages = {"respondent_type": "Select who the feedback form is for"}
    respondent_type = forms.ChoiceField(
        label="Who is the feedback form for?",
        choices=RespondentType.choices,
        widget=forms.RadioSelect,
    )


class FeedbackResponseForm(VoiceForm):
    """The public form, worded for the respondent; also used by staff typing in a paper form."""

    # The labels differ by respondent; the messages stay the same.
    required_messages = {
        "rating": "Select an answer",
        "consent_to_quote": "Select yes if we can quote you",
        "received_on": "Enter the date the paper form was received",
    }
    error_names = {
        "went_well": "Your answer",
        "could_be_better": "Your answer",
        "respondent_name": "Your name",
        "consent_to_quote": "Your answer",
    }

    rating = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect)
    went_well = _text("", max_length=1000)
    could_be_better = _text("", max_length=1000)
    respondent_name = forms.CharField(
        label="Your name (optional)",
        max_length=120,
        required=False,
        help_text="Leave this blank to stay anonymous",
    )
    consent_to_quote = forms.TypedChoiceField(
        label="Can we quote what you wrote in our reports?",
        choices=[("yes", "Yes, you can quote me (without my name)"), ("no", "No")],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        help_text="We never use your name or anything that could identify a child.",
    )

    def __init__(
        self, *args: Any, questions: FeedbackQuestions, paper: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [  # type: ignore[attr-defined]
            (str(v), t) for v, t in questions.rating_choices()
        ]
        self.fields["rating"].label = questions.rating_question
        self.fields["went_well"].label = questions.went_well + " (optional)"
        self.fields["could_be_better"].label = questions.could_be_better + " (optional)"
        if questions.child_friendly:
            self.fields["respondent_name"].label = "Your name (you do not have to say)"
            self.fields[
                "consent_to_quote"
            ].label = "Can we share what you wrote? We will not say who you are."
            self.fields["consent_to_quote"].choices = [  # type: ignore[attr-defined]
                ("yes", "Yes"),
                ("no", "No"),
            ]
        if paper:
            self.fields["received_on"] = GovukDateField(
                label="Date the paper form was received", latest_today=True
            )
            self.fields["respondent_name"].label = "Name on the form (optional)"
            self.fields["consent_to_quote"].label = "Did they agree to be quoted?"


class _StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: ReviewingOfficer) -> str:
        return obj.name


class RepresentationForm(VoiceForm):
    required_messages = {
        "received_on": "Enter the date received",
        "from_type": "Select who it is from",
        "about_iro": "Select which IRO it is about, or 'Not about one IRO'",
        "summary": "Enter a summary",
    }
    error_names = {
        "from_name": "Their name",
        "about_iro": "Which IRO it is about",
        "outcome": "What was done",
    }
    received_on = GovukDateField(label="Date received", latest_today=True)
    from_type = forms.ChoiceField(
        label="Who is it from?", choices=FromType.choices, widget=forms.RadioSelect
    )
    from_name = forms.CharField(label="Their name (optional)", max_length=120, required=False)
    about_iro = _StaffChoice(
        label="Which IRO is it about? (optional)",
        queryset=ReviewingOfficer.objects.none(),
        required=False,
        empty_label="Not about one IRO",
    )
    summary = _text("Summary", max_length=2000, required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["about_iro"].queryset = ReviewingOfficer.objects.order_by("name")  # type: ignore[attr-defined]


class ComplimentForm(RepresentationForm):
    outcome = _text(
        "What was done (optional)",
        max_length=2000,
        rows=3,
        help_text="For example, shared with the IRO and their manager",
    )
    responded_on = GovukDateField(label="Date of response", required=False, latest_today=True)
    consent_to_quote = forms.TypedChoiceField(
        label="Did they agree to be quoted in the annual report?",
        choices=[("yes", "Yes, without their name"), ("no", "No")],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        help_text="Only a compliment whose author agreed is quoted.",
    )

    required_messages = {
        **RepresentationForm.required_messages,
        "consent_to_quote": "Select yes if they agreed to be quoted",
    }


class ComplaintRespondForm(VoiceForm):
    required_messages = {
        "responded_on": "Enter the date of response",
        "outcome": "Select the outcome",
    }
    error_names = {"response_summary": "Summary of the response"}
    responded_on = GovukDateField(label="Date of response", latest_today=True)
    outcome = forms.ChoiceField(
        label="Outcome", choices=ComplaintStage.Outcome.choices, widget=forms.RadioSelect
    )
    response_summary = _text("Summary of the response (optional)", max_length=2000)


class ComplaintEscalateForm(VoiceForm):
    required_messages = {"started_on": "Enter the date the next stage started"}
    started_on = GovukDateField(label="Date the next stage started", latest_today=True)

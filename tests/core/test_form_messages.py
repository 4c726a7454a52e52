"""Every form says what went wrong in the Design System's words (issue 27, finding 8).

Every form class in the product is submitted empty, with every text too long, with every date
wrong in each way, and with every choice not offered. Each message must be one written for the
field: none of Django's or Python's own ("This field is required.", "Ensure this value has at
most 300 characters (it has 301).", "Select a valid choice."), none built from a label ("Select
iRO", "Select how did the child take part?", "(optional)"). A new form class fails this test
until it is listed in FORMS below.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core import validators
from django.db.models import fields as model_fields

import iro
from iro.accounts.forms import ChildRestrictionForm, EnrolmentCodeForm, SignInForm, TokenForm
from iro.api.admin import ApiClientForm
from iro.caseloads.forms import ReviewingOfficerForm, WorkloadWeightsForm
from iro.caseloads.models import ReviewingOfficer
from iro.childpage.forms import CodeForm, ViewsForm
from iro.children.forms import (
    ChildAdmitForm,
    IROAllocateForm,
    IROCoverEndForm,
    IROCoverForm,
    PeriodOfCareStartForm,
    RestrictionLiftRequestForm,
)
from iro.cin.forms import CinUploadForm
from iro.conferences import forms as conferences
from iro.core.forms import GovukDateField, GovukForm, GovukModelForm
from iro.core.workload import workload_kinds
from iro.disputes import forms as disputes
from iro.disputes.models import DisputeStage
from iro.fostering import forms as fostering
from iro.independence import forms as independence
from iro.monitoring.forms import DipSampleForm, MidpointReviewForm, OversightForm
from iro.notifications.forms import PreferenceForm
from iro.operations.forms import RetentionDeletionForm
from iro.orders import forms as orders
from iro.reporting import forms as reporting
from iro.reporting.priorities import PriorityForm
from iro.reporting.views import NarrativeForm
from iro.reviews import forms as reviews
from iro.reviews.models import Invitee
from iro.ssda903.forms import UploadForm
from iro.voice import forms as voice
from iro.voice.models import RespondentType
from iro.voice.questions import questions_for
from iro.web.audit_trail.forms import AuditSearchForm

pytestmark = pytest.mark.django_db

Build = Callable[[dict[str, Any]], forms.BaseForm]


def _invitees() -> list[Invitee]:
    return [
        Invitee(pk=901, name="Jo Stone", role=Invitee.Role.PARENT),
        Invitee(pk=902, name="Pat Osborne", role=Invitee.Role.CARER),
    ]


# Every form class, with each way the product builds it.
FORMS: dict[type[forms.BaseForm], list[Build]] = {
    SignInForm: [lambda d: SignInForm(None, data=d)],
    TokenForm: [lambda d: TokenForm(d)],
    ChildRestrictionForm: [lambda d: ChildRestrictionForm({"restricted": "on", **d})],
    AuditSearchForm: [lambda d: AuditSearchForm(d)],
    ReviewingOfficerForm: [lambda d: ReviewingOfficerForm(d)],
    WorkloadWeightsForm: [lambda d: WorkloadWeightsForm(d, kinds=workload_kinds())],
    fostering.HouseholdForm: [lambda d: fostering.HouseholdForm(d, as_of=date(2026, 11, 23))],
    fostering.ReviewForm: [lambda d: fostering.ReviewForm(d)],
    fostering.PanelForm: [lambda d: fostering.PanelForm(d)],
    orders.SupervisionOrderForm: [
        lambda d: orders.SupervisionOrderForm(d, as_of=date(2026, 11, 23))
    ],
    orders.OrderReviewForm: [lambda d: orders.OrderReviewForm(d)],
    ChildAdmitForm: [lambda d: ChildAdmitForm(d)],
    IROAllocateForm: [
        lambda d: IROAllocateForm(d, iro_queryset=ReviewingOfficer.objects.all()),
    ],
    reviews.ConveningForm: [
        lambda d: reviews.ConveningForm(d),
        lambda d: reviews.ConveningForm(d, include_date=False),
    ],
    reviews.RescheduleForm: [lambda d: reviews.RescheduleForm(d)],
    reviews.InviteeForm: [lambda d: reviews.InviteeForm(d)],
    reviews.NotHeldForm: [lambda d: reviews.NotHeldForm(d)],
    reviews.ReviewForm: [
        lambda d: reviews.ReviewForm(d, invitees=_invitees()),
        lambda d: reviews.ReviewForm(d, editing=True),
    ],
    reviews.RecommendationForm: [
        lambda d: reviews.RecommendationForm(d),
        lambda d: reviews.RecommendationForm(d, with_status=True),
    ],
    reviews.DateDoneForm: [
        partial(lambda d, label: reviews.DateDoneForm(d, label=label), label=label)
        for label in reviews.DATE_DONE_REQUIRED
    ],
    reviews.CompleteForm: [lambda d: reviews.CompleteForm(d)],
    reviews.LetterForm: [lambda d: reviews.LetterForm(d)],
    disputes.DisputeRaiseForm: [lambda d: disputes.DisputeRaiseForm(d, user=AnonymousUser())],
    disputes.RespondForm: [lambda d: disputes.RespondForm(d)],
    disputes.FollowUpForm: [lambda d: disputes.FollowUpForm(d)],
    independence.PressureRecordForm: [lambda d: independence.PressureRecordForm(d)],
    independence.PressureNoteForm: [lambda d: independence.PressureNoteForm(d)],
    disputes.EscalateForm: [
        lambda d: disputes.EscalateForm(d, stages=DisputeStage.objects.all()),
    ],
    disputes.ResolveForm: [lambda d: disputes.ResolveForm(d)],
    disputes.MeetingHeldForm: [lambda d: disputes.MeetingHeldForm(d)],
    disputes.NoteForm: [lambda d: disputes.NoteForm(d)],
    disputes.CorrectionForm: [lambda d: disputes.CorrectionForm(d)],
    disputes.CafcassReferralForm: [lambda d: disputes.CafcassReferralForm(d, user=AnonymousUser())],
    disputes.LegalAdviceForm: [lambda d: disputes.LegalAdviceForm(d, user=AnonymousUser())],
    disputes.GoodPracticeAlertForm: [
        lambda d: disputes.GoodPracticeAlertForm(d, user=AnonymousUser())
    ],
    disputes.SystemicIssueForm: [lambda d: disputes.SystemicIssueForm(d)],
    disputes.SystemicResponseForm: [lambda d: disputes.SystemicResponseForm(d)],
    disputes.MeetingForm: [lambda d: disputes.MeetingForm(d, dispute_ids=[1, 2])],
    OversightForm: [lambda d: OversightForm(d)],
    MidpointReviewForm: [lambda d: MidpointReviewForm(d)],
    DipSampleForm: [lambda d: DipSampleForm(d)],
    NarrativeForm: [lambda d: NarrativeForm(d)],
    PriorityForm: [lambda d: PriorityForm(d, years=[2026, 2027])],
    reporting.ApproveForm: [lambda d: reporting.ApproveForm(d)],
    reporting.CoverForm: [lambda d: reporting.CoverForm(d)],
    reporting.NewEditionForm: [lambda d: reporting.NewEditionForm(d)],
    reporting.ComparatorForm: [
        lambda d: reporting.ComparatorForm(
            d, measures=[("reviews_held", "Reviews held")], years=[2024, 2025]
        )
    ],
    UploadForm: [lambda d: UploadForm(d)],
    CinUploadForm: [lambda d: CinUploadForm(d)],
    conferences.EnquiryForm: [
        lambda d: conferences.EnquiryForm(d, chairs=list(ReviewingOfficer.objects.all())),
        lambda d: conferences.EnquiryForm(
            d, chairs=list(ReviewingOfficer.objects.all()), editing=True
        ),
    ],
    conferences.ConferenceDetailsForm: [lambda d: conferences.ConferenceDetailsForm(d)],
    conferences.InitialConferenceForm: [lambda d: conferences.InitialConferenceForm(d)],
    conferences.ReviewConferenceForm: [lambda d: conferences.ReviewConferenceForm(d)],
    conferences.ConferenceEditForm: [
        lambda d: conferences.ConferenceEditForm(d, with_category=True),
    ],
    voice.ConsultationForm: [lambda d: voice.ConsultationForm(d, reviews=[])],
    voice.AdvocacyReferralForm: [lambda d: voice.AdvocacyReferralForm(d)],
    voice.IndependentVisitorForm: [lambda d: voice.IndependentVisitorForm(d)],
    voice.FeedbackRequestForm: [lambda d: voice.FeedbackRequestForm(d)],
    voice.FeedbackResponseForm: [
        partial(
            lambda d, kind, paper: voice.FeedbackResponseForm(
                d, questions=questions_for(kind), paper=paper
            ),
            kind=kind,
            paper=paper,
        )
        for kind in RespondentType.values
        for paper in (False, True)
    ],
    voice.RepresentationForm: [lambda d: voice.RepresentationForm(d)],
    voice.ComplimentForm: [lambda d: voice.ComplimentForm(d)],
    voice.ComplaintRespondForm: [lambda d: voice.ComplaintRespondForm(d)],
    voice.ComplaintEscalateForm: [lambda d: voice.ComplaintEscalateForm(d)],
    EnrolmentCodeForm: [lambda d: EnrolmentCodeForm(d)],
    PeriodOfCareStartForm: [lambda d: PeriodOfCareStartForm(d)],
    IROCoverForm: [
        lambda d: IROCoverForm(d, iro_queryset=ReviewingOfficer.objects.all(), user=AnonymousUser())
    ],
    IROCoverEndForm: [lambda d: IROCoverEndForm(d)],
    RestrictionLiftRequestForm: [lambda d: RestrictionLiftRequestForm(d)],
    disputes.WithdrawForm: [lambda d: disputes.WithdrawForm(d)],
    disputes.DelegateForm: [lambda d: disputes.DelegateForm(d, exclude=None)],
    RetentionDeletionForm: [lambda d: RetentionDeletionForm(d)],
    PreferenceForm: [lambda d: PreferenceForm(d)],
    CodeForm: [lambda d: CodeForm(d)],
    ViewsForm: [
        partial(lambda d, band: ViewsForm(d, band=band), band=band)
        for band in ("under_8", "8_to_12", "13_plus")
    ],
}

# Bases that are never shown on their own.
# ApiClientForm is the admin's own form (Django's admin words its messages).
BASES = {
    GovukForm,
    GovukModelForm,
    reviews.ReviewCycleForm,
    voice.VoiceForm,
    disputes.ChildIdForm,
    ApiClientForm,
}


def _product_form_classes() -> set[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(iro.__path__, "iro."):
        if module.name.endswith((".forms", ".views")) and ".seeding" not in module.name:
            importlib.import_module(module.name)

    def below(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    return {
        cls
        for cls in below(forms.BaseForm)
        if cls.__module__.startswith("iro.") and cls not in BASES
    }


def _django_patterns() -> list[re.Pattern[str]]:
    """Every message Django's form fields, model fields and validators can write."""
    texts: set[str] = set()
    for module in (forms.fields, forms.models, model_fields):
        for obj in vars(module).values():
            if isinstance(obj, type):
                texts |= {str(m) for m in getattr(obj, "default_error_messages", {}).values()}
    for obj in vars(validators).values():
        if isinstance(obj, type):
            message = vars(obj).get("message")
            if message is not None:
                texts.add(str(message))
            extra = vars(obj).get("messages")
            if isinstance(extra, dict):
                texts |= {str(m) for m in extra.values()}
    patterns = []
    for text in texts:
        escaped = re.escape(text)
        escaped = re.sub(r"%\\\([a-z_]+\\\)[sd]", ".*", escaped)
        escaped = re.sub(r"\\\{[a-z_]*\\\}", ".*", escaped)
        patterns.append(re.compile(f"^{escaped}$", re.IGNORECASE))
    return patterns


DJANGO = _django_patterns()
WRITTEN = re.compile(
    r"^(Enter|Select|Upload) [^?]+$"  # an empty or not-offered answer
    r"|^[A-Z0-9'][^?]* must (be|include|have|only) [^?]+$"  # a wrong answer
    r"|^Year must include 4 numbers$"
)
FROM_A_LABEL = re.compile(r"^(Enter|Select) ([a-z][A-Z]|this$|how did|who are)")


def _problems(form: forms.BaseForm) -> list[str]:
    form.is_valid()
    found = []
    for field, messages in form.errors.items():
        for message in messages:
            if (
                any(p.match(message) for p in DJANGO)
                or not WRITTEN.match(message)
                or FROM_A_LABEL.match(message)
                or "(optional)" in message
                or "?" in message
            ):
                found.append(f"{type(form).__name__}.{field}: {message!r}")
    return found


def _text_fields(form: forms.BaseForm) -> dict[str, forms.CharField]:
    return {
        name: field
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField)
        and any(isinstance(v, validators.MaxLengthValidator) for v in field.validators)
    }


def _dates(form: forms.BaseForm) -> list[str]:
    return [name for name, field in form.fields.items() if isinstance(field, GovukDateField)]


BAD_DATES = {
    "day only": {"day": "4"},
    "no year": {"day": "4", "month": "3"},
    "not a date": {"day": "31", "month": "2", "year": "2025"},
    "letters": {"day": "four", "month": "March", "year": "2023"},
    "two-digit year": {"day": "4", "month": "3", "year": "23"},
}


def test_every_form_class_is_listed() -> None:
    assert _product_form_classes() == set(FORMS)


@pytest.mark.parametrize(
    "build", [b for builds in FORMS.values() for b in builds], ids=lambda b: "form"
)
def test_every_message_is_written_for_its_field(build: Build) -> None:
    problems: list[str] = []
    # Empty.
    problems += _problems(build({}))
    shape = build({})
    # Too long: each message says how long it may be.
    long = {
        name: "x" * (int(field.max_length or 0) + 1) for name, field in _text_fields(shape).items()
    }
    form = build(long)
    form.is_valid()
    problems += _problems(form)
    for name in long:
        messages = form.errors.get(name, [])
        if not any(re.match(r"^.+ must be [\d,]+ characters or less$", m) for m in messages):
            problems.append(f"{type(form).__name__}.{name}: no length message in {messages}")
    # Each bad date, in each date field.
    for name in _dates(shape):
        for kind, parts in BAD_DATES.items():
            form = build({f"{name}_{part}": value for part, value in parts.items()})
            form.is_valid()
            problems += _problems(form)
            if not form.errors.get(name):
                problems.append(f"{type(form).__name__}.{name}: {kind} accepted")
    # A choice not offered.
    offered = {
        name: "not-offered"
        for name, field in shape.fields.items()
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
        and not isinstance(field.widget, forms.HiddenInput)
    }
    if offered:
        problems += _problems(build(offered))
    assert problems == []


def test_the_checker_refuses_django_and_label_built_messages() -> None:
    class Old(forms.Form):
        iro = forms.CharField(label="IRO", max_length=3)

    form = Old({})
    assert _problems(form) == ["Old.iro: 'This field is required.'"]
    for message in (
        "Ensure this value has at most 300 characters (it has 301).",
        "Select iRO",
        "Enter fTE",
        "Select how did the child take part?",
        "Select this",
        "Concerns (optional) must be 300 characters or less",
        "Why was it not possible? must be 300 characters or fewer",
        "This field cannot be blank.",
    ):
        form = Old({"iro": "ab"})
        form.is_valid()
        form.add_error("iro", message)
        assert _problems(form), message


def _model_fields_named(form: forms.BaseForm, name: str) -> list[Any]:
    """The model fields a form's answer is saved into: its ModelForm's model, else the model of
    its own app that the form is named after (a service passes the answer on by name)."""
    from django.apps import apps

    meta = getattr(form, "_meta", None)
    if meta is not None and getattr(meta, "model", None) is not None:
        candidates = [meta.model]
    else:
        label = getattr(form, "app_label", None) or type(form).__module__.split(".")[1]
        stem = type(form).__name__.removesuffix("Form")
        try:
            models_here = list(apps.get_app_config(label).get_models())
        except LookupError:
            return []
        candidates = [
            m for m in models_here if m.__name__.startswith(stem) or stem.startswith(m.__name__)
        ]
    found = []
    for model in candidates:
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: S112 - not a field of that model
            continue
        # Yes/no radios become True/False in the form's clean(); the model never sees "yes".
        if isinstance(field, model_fields.BooleanField):
            continue
        if getattr(field, "concrete", False) and field.editable and not field.is_relation:
            found.append(field)
    return found


def _accepted_values(field: forms.Field) -> list[Any]:
    """Answers the form itself lets through: empty when optional, the longest text it allows,
    each choice it offers."""
    values: list[Any] = []
    if not field.required:
        values.append(field.empty_value if hasattr(field, "empty_value") else None)
    if isinstance(field, forms.CharField) and field.max_length:
        values.append("x" * int(field.max_length))
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        values += [value for value, _label in field.choices if value not in ("", None)]
    return values


def _model_problems(form: forms.BaseForm) -> list[str]:
    from django.core.exceptions import ValidationError

    problems = []
    for name, field in form.fields.items():
        for model_field in _model_fields_named(form, name):
            for raw in _accepted_values(field):
                try:
                    value = field.clean(raw)
                except ValidationError:
                    continue  # the form refuses it, in words the test above checks
                try:
                    model_field.clean(value, None)
                except ValidationError as error:
                    for message in error.messages:
                        if any(p.match(message) for p in DJANGO) or not WRITTEN.match(message):
                            problems.append(
                                f"{type(form).__name__}.{name} -> "
                                f"{model_field.model.__name__}.{model_field.name}: "
                                f"{value!r:.20} gives {message!r}"
                            )
    return problems


@pytest.mark.parametrize(
    "build", [b for builds in FORMS.values() for b in builds], ids=lambda b: "form"
)
def test_answers_the_form_accepts_never_meet_djangos_model_messages(build: Build) -> None:
    """What passes the form but fails the model's own validation (full_clean in the service)
    would reach the page in Django's words ("This field cannot be blank.", "Ensure this value
    has at most 120 characters", "Value 'x' is not a valid choice."): each must be refused by
    the form, in its own words, or be accepted by the model."""
    assert _model_problems(build({})) == []


def test_the_model_checker_finds_an_optional_answer_the_model_refuses() -> None:
    """As "Not sure yet" once was: optional on the form, required by the model."""

    class ComplimentForm(forms.Form):
        app_label = "voice"  # as if in iro.voice.forms (not there: the listing test stays true)
        summary = forms.CharField(required=False, max_length=5000)

    problems = _model_problems(ComplimentForm())
    assert any("This field cannot be blank." in p for p in problems), problems

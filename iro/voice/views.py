"""Pages for the child's voice and the service's feedback."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from iro.accounts.access import SignedInRequest, public, requires
from iro.audit.services import audit_read
from iro.children.access import require_child_records_change
from iro.children.selectors import child_for_user
from iro.core import editlock
from iro.core.council import working_day_calendar
from iro.core.forms import add_service_errors, submitted
from iro.core.params import int_param
from iro.reviews.models import Review

from . import rules, selectors, services
from .forms import (
    AdvocacyReferralForm,
    ComplaintEscalateForm,
    ComplaintRespondForm,
    ComplimentForm,
    ConsultationForm,
    FeedbackRequestForm,
    FeedbackResponseForm,
    IndependentVisitorForm,
    RepresentationForm,
)
from .models import (
    AdvocacyReferral,
    Complaint,
    Consultation,
    FeedbackRequest,
    IndependentVisitorRecord,
    RespondentType,
)
from .questions import questions_for

PAGE_SIZE = 50
# The raw token of a new feedback link waits here until its page shows it, once.
_SESSION_TOKENS = "voice_feedback_tokens"


def _child_url(child_id: int) -> str:
    return reverse("children:detail", args=[child_id]) + "#voice"


def review_url(review: Review) -> str:
    """The review's own page when the reviews app has one, else the child's page."""
    try:
        return reverse("reviews:detail", args=[review.pk])
    except NoReverseMatch:
        return _child_url(review.child_id)


def _load_review(request: HttpRequest, pk: int, *, change: bool = False) -> Review:
    review = get_object_or_404(
        Review.objects.select_related("child", "chair"), pk=pk, status=Review.Status.HELD
    )
    _child(request, review.child_id, change=change)  # records the read of the child's record
    return review


def _child(request: HttpRequest, pk: int, *, change: bool = True) -> Any:
    """The child for a page; for a change, refused unless the user may change their records."""
    child = child_for_user(request, pk)
    if change:
        require_child_records_change(request.user, child)
    return child


# --- consultation ---


@requires("voice.record")
def consultation_new(request: SignedInRequest, child_pk: int) -> HttpResponse:
    child = _child(request, child_pk)
    fixed = None
    if request.GET.get("review"):
        fixed = get_object_or_404(
            Review.objects.select_related("child"),
            pk=int_param(request.GET["review"]) or 0,
            child=child,
            status=Review.Status.HELD,
        )
    reviews = selectors.child_reviews_for_consultation(child)
    form = ConsultationForm(request.POST or None, reviews=reviews, fixed_review=fixed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if submitted(
            request,
            form,
            lambda: services.consultation_record(
                acting_user=request.user,
                child=child,
                review=data["review"],
                consulted_on=data["consulted_on"],
                method=data["method"],
                reason_not_possible=data["reason_not_possible"],
                views_summary=data["views_summary"],
            ),
            "Consultation recorded",
        ):
            return HttpResponseRedirect(review_url(fixed) if fixed else _child_url(child.pk))
    under_4 = not rules.consultation_expected(
        child.date_of_birth, fixed.held_on if fixed else timezone.localdate()
    )
    return render(
        request,
        "voice/consultation_form.html",
        {
            "child": child,
            "form": form,
            "fixed": fixed,
            "under_4": under_4,
            "back": review_url(fixed) if fixed else _child_url(child.pk),
        },
    )


@requires("voice.record")
def consultation_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    consultation = get_object_or_404(Consultation.objects.select_related("review"), pk=pk)
    child = _child(request, consultation.child_id)

    def shown(record: Consultation) -> dict[str, Any]:
        return {name: getattr(record, name) for name in services.CONSULTATION_FIELDS}

    form = ConsultationForm(
        request.POST or None, reviews=[], choose_review=False, initial=shown(consultation)
    )
    editlock.protect(form, shown(consultation))
    back = review_url(consultation.review) if consultation.review else _child_url(child.pk)
    if request.method == "POST" and form.is_valid():
        try:
            saved = editlock.save_if_unchanged(
                form,
                consultation,
                shown,
                lambda _fresh: services.consultation_update(
                    acting_user=request.user, consultation=consultation, **form.cleaned_data
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved:
                messages.success(request, "Consultation changed")
                return HttpResponseRedirect(back)
    return render(
        request,
        "voice/consultation_form.html",
        {
            "child": child,
            "form": form,
            "fixed": consultation.review,
            "consultation": consultation,
            "under_4": False,
            "back": back,
        },
    )


@requires("voice.record")
@require_POST
def consultation_link(request: SignedInRequest, review_pk: int) -> HttpResponse:
    review = _load_review(request, review_pk, change=True)
    found = selectors.review_voice(review)
    if found.unlinked is not None:
        try:
            services.consultation_link_review(
                acting_user=request.user, consultation=found.unlinked, review=review
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Consultation linked to this review")
    return HttpResponseRedirect(review_url(review))


# --- advocacy and independent visitors ---


def _child_record_page(
    request: HttpRequest,
    child: Any,
    form: Any,
    save: Callable[..., Any],
    template: str,
    done: str,
    editing: Any = None,
    **context: Any,
) -> HttpResponse:
    """The shared steps of the advocacy and independent visitor forms: validate, one service
    call, back to the child's page; errors from the service shown on the form. `editing` (the
    record being changed) refuses a save over someone else's."""

    def shown(record: Any) -> dict[str, Any]:
        return _initial(type(form), record)

    if editing is not None:
        editlock.protect(form, shown(editing))
    if request.method == "POST" and form.is_valid():
        try:
            if editing is None:
                save(acting_user=request.user, **form.cleaned_data)
                saved = True
            else:
                saved = editlock.save_if_unchanged(
                    form,
                    editing,
                    shown,
                    lambda _fresh: save(acting_user=request.user, **form.cleaned_data),
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved:
                messages.success(request, done)
                return HttpResponseRedirect(_child_url(child.pk))
    return render(
        request, template, {"child": child, "form": form, "back": _child_url(child.pk), **context}
    )


def _initial(form_class: Any, instance: Any) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in form_class.base_fields}


@requires("voice.record")
def advocacy_new(request: SignedInRequest, child_pk: int) -> HttpResponse:
    child = _child(request, child_pk)
    form = AdvocacyReferralForm(request.POST or None, initial={"referred_by": "iro"})
    save = partial(services.advocacy_referral_record, child=child)
    return _child_record_page(
        request,
        child,
        form,
        save,
        "voice/advocacy_form.html",
        "Advocacy referral recorded",
        referral=None,
    )


@requires("voice.record")
def advocacy_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    referral = get_object_or_404(AdvocacyReferral, pk=pk)
    child = _child(request, referral.child_id)
    form = AdvocacyReferralForm(
        request.POST or None, initial=_initial(AdvocacyReferralForm, referral)
    )
    save = partial(services.advocacy_referral_update, referral=referral)
    return _child_record_page(
        request,
        child,
        form,
        save,
        "voice/advocacy_form.html",
        "Advocacy referral updated",
        editing=referral,
        referral=referral,
    )


@requires("voice.record")
def visitor_new(request: SignedInRequest, child_pk: int) -> HttpResponse:
    child = _child(request, child_pk)
    form = IndependentVisitorForm(request.POST or None)
    save = partial(services.independent_visitor_record, child=child)
    return _child_record_page(
        request,
        child,
        form,
        save,
        "voice/visitor_form.html",
        "Independent visitor discussion recorded",
        record=None,
    )


@requires("voice.record")
def visitor_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(IndependentVisitorRecord, pk=pk)
    child = _child(request, record.child_id)
    form = IndependentVisitorForm(
        request.POST or None, initial=_initial(IndependentVisitorForm, record)
    )
    save = partial(services.independent_visitor_update, record=record)
    return _child_record_page(
        request,
        child,
        form,
        save,
        "voice/visitor_form.html",
        "Independent visitor record updated",
        editing=record,
        record=record,
    )


@requires("voice.summary")
def referrals(request: SignedInRequest) -> HttpResponse:
    """Open advocacy and independent visitor referrals with how long each has waited."""
    today = timezone.localdate()
    date_from, date_to = rules.financial_year(today)
    advocacy = Paginator(selectors.advocacy_waiting(request.user), PAGE_SIZE).get_page(
        request.GET.get("advocacy_page")
    )
    visitors = Paginator(selectors.visitors_waiting(request.user), PAGE_SIZE).get_page(
        request.GET.get("visitor_page")
    )
    for referral in advocacy:
        referral.days_waiting = rules.waiting_days(referral.referred_on, today)  # type: ignore[attr-defined]
    for record in visitors:
        record.days_waiting = rules.waiting_days(record.referred_on or today, today)  # type: ignore[attr-defined]
    return render(
        request,
        "voice/referrals.html",
        {
            "advocacy": advocacy,
            "visitors": visitors,
            "today": today,
            "waiting": selectors.waiting_times(date_from, date_to),
            "date_from": date_from,
            "date_to": date_to,
        },
    )


# --- 360 feedback ---


@requires("feedback.request")
def feedback_request_new(request: SignedInRequest, review_pk: int) -> HttpResponse:
    review = _load_review(request, review_pk, change=True)
    form = FeedbackRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        feedback, token = services.feedback_request_create(
            acting_user=request.user,
            review=review,
            respondent_type=form.cleaned_data["respondent_type"],
        )
        tokens = request.session.get(_SESSION_TOKENS, {})
        tokens[str(feedback.pk)] = token
        request.session[_SESSION_TOKENS] = tokens
        return HttpResponseRedirect(reverse("voice:feedback_request_created", args=[feedback.pk]))
    return render(
        request,
        "voice/feedback_request_form.html",
        {"review": review, "child": review.child, "form": form, "back": review_url(review)},
    )


@requires("feedback.request")
def feedback_request_created(request: SignedInRequest, pk: int) -> HttpResponse:
    """Show a new link once, with a printable form; afterwards only the reference remains."""
    feedback = get_object_or_404(FeedbackRequest.objects.select_related("review"), pk=pk)
    review = _load_review(request, feedback.review_id)
    tokens = request.session.get(_SESSION_TOKENS, {})
    token = tokens.pop(str(pk), None)
    request.session[_SESSION_TOKENS] = tokens
    link = (
        request.build_absolute_uri(reverse("voice:feedback_public", args=[token]))
        if token
        else None
    )
    return render(
        request,
        "voice/feedback_request_created.html",
        {
            "feedback": feedback,
            "review": review,
            "child": review.child,
            "link": link,
            "questions": questions_for(feedback.respondent_type),
            "back": review_url(review),
        },
    )


@requires("feedback.request")
def feedback_print(request: SignedInRequest, pk: int) -> HttpResponse:
    """The paper version of a feedback form: the questions and the reference, nothing else."""
    feedback = get_object_or_404(FeedbackRequest, pk=pk)
    return render(
        request,
        "voice/feedback_print.html",
        {"feedback": feedback, "questions": questions_for(feedback.respondent_type)},
    )


@requires("feedback.request")
def feedback_paper(request: SignedInRequest, pk: int) -> HttpResponse:
    """Type in a paper feedback form returned for a request."""
    feedback = get_object_or_404(FeedbackRequest, pk=pk)
    review = _load_review(request, feedback.review_id, change=True)
    questions = questions_for(feedback.respondent_type)
    form = FeedbackResponseForm(request.POST or None, questions=questions, paper=True)
    if (
        feedback.used_at is None
        and request.method == "POST"
        and form.is_valid()
        and submitted(
            request,
            form,
            lambda: services.feedback_response_record(
                acting_user=request.user, request=feedback, **form.cleaned_data
            ),
            f"Feedback {feedback.reference} recorded",
        )
    ):
        return HttpResponseRedirect(review_url(review))
    return render(
        request,
        "voice/feedback_paper.html",
        {
            "feedback": feedback,
            "review": review,
            "child": review.child,
            "form": form,
            "back": review_url(review),
        },
    )


@public
@never_cache
def feedback_public(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time feedback form. It shows nothing about the child, the review or the IRO."""
    feedback = services.feedback_request_for_token(token)
    if feedback is None:
        raise Http404("Unknown feedback link")
    if feedback.used_at is not None:
        return render(request, "voice/feedback_used.html", {}, status=410)
    if feedback.link_expired(timezone.now()):
        return render(request, "voice/feedback_expired.html", {}, status=410)
    questions = questions_for(feedback.respondent_type)
    form = FeedbackResponseForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_response_record(
                acting_user=None, request=feedback, **form.cleaned_data
            )
        except ValidationError as error:
            expired = "expired" in " ".join(error.messages)
            template = "voice/feedback_expired.html" if expired else "voice/feedback_used.html"
            return render(request, template, {}, status=410)
        return HttpResponseRedirect(reverse("voice:feedback_thanks"))
    return render(request, "voice/feedback_public.html", {"form": form, "questions": questions})


@public
def feedback_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "voice/feedback_thanks.html", {})


# --- compliments and complaints ---


@requires("complaints.manage")
def compliments_and_complaints(request: SignedInRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    if show not in {"open", "all"}:
        show = "open"
    today = timezone.localdate()
    complaints = Paginator(selectors.complaints_list(open_only=show == "open"), PAGE_SIZE).get_page(
        request.GET.get("complaints_page")
    )
    compliments = Paginator(selectors.compliments_list(), PAGE_SIZE).get_page(
        request.GET.get("compliments_page")
    )
    calendar = working_day_calendar()
    statuses = {
        c.pk: rules.complaint_deadline_status(c.current_due_on, today, None, calendar=calendar)
        for c in complaints
        if c.current_due_on
    }
    return render(
        request,
        "voice/representations.html",
        {
            "complaints": complaints,
            "compliments": compliments,
            "statuses": statuses,
            "show": show,
        },
    )


@requires("complaints.manage")
def compliment_new(request: SignedInRequest) -> HttpResponse:
    form = ComplimentForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and submitted(
            request,
            form,
            lambda: services.compliment_record(acting_user=request.user, **form.cleaned_data),
            "Compliment recorded",
        )
    ):
        return HttpResponseRedirect(reverse("voice:representations"))
    return render(request, "voice/compliment_form.html", {"form": form})


@requires("complaints.manage")
def complaint_new(request: SignedInRequest) -> HttpResponse:
    form = RepresentationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = submitted(
            request,
            form,
            lambda: services.complaint_record(
                acting_user=request.user, calendar=working_day_calendar(), **form.cleaned_data
            ),
            "Complaint recorded",
        )
        if saved:
            complaint = saved.value
            return HttpResponseRedirect(reverse("voice:complaint", args=[complaint.pk]))
    return render(request, "voice/complaint_form.html", {"form": form})


def _complaint_page(
    request: HttpRequest, complaint: Complaint, respond: Any = None, escalate: Any = None
) -> HttpResponse:
    today = timezone.localdate()
    calendar = working_day_calendar()
    stages = list(complaint.stages.all())
    current = next((s for s in stages if s.stage == complaint.current_stage), None)
    statuses = {
        s.pk: rules.complaint_deadline_status(
            s.response_due, today, s.responded_on, calendar=calendar
        )
        for s in stages
    }
    next_stage = rules.next_complaint_stage(current.stage) if current else None
    can_escalate = current is not None and current.responded_on is not None and bool(next_stage)
    form = respond or escalate
    return render(
        request,
        "voice/complaint_detail.html",
        {
            "complaint": complaint,
            "stages": stages,
            "current": current,
            "statuses": statuses,
            "stage_rules": rules.COMPLAINT_STAGES,
            "respond_form": respond or ComplaintRespondForm(),
            "escalate_form": escalate or ComplaintEscalateForm(),
            "can_escalate": can_escalate,
            "next_rule": rules.COMPLAINT_STAGES.get(next_stage or 0),
            "form": form,
        },
    )


def _load_complaint(pk: int) -> Complaint:
    try:
        return selectors.complaint_detail(pk)
    except Complaint.DoesNotExist as error:
        raise Http404("No such complaint") from error


@requires("complaints.manage")
def complaint_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    return _complaint_page(request, _load_complaint(pk))


@requires("complaints.manage")
@require_POST
def complaint_respond(request: SignedInRequest, pk: int) -> HttpResponse:
    complaint = _load_complaint(pk)
    form = ComplaintRespondForm(request.POST)
    if form.is_valid() and submitted(
        request,
        form,
        lambda: services.complaint_respond(
            acting_user=request.user, complaint=complaint, **form.cleaned_data
        ),
        "Response recorded",
    ):
        return HttpResponseRedirect(reverse("voice:complaint", args=[pk]))
    return _complaint_page(request, complaint, respond=form)


@requires("complaints.manage")
@require_POST
def complaint_escalate(request: SignedInRequest, pk: int) -> HttpResponse:
    complaint = _load_complaint(pk)
    form = ComplaintEscalateForm(request.POST)
    if form.is_valid() and submitted(
        request,
        form,
        lambda: services.complaint_escalate(
            acting_user=request.user,
            complaint=complaint,
            started_on=form.cleaned_data["started_on"],
            calendar=working_day_calendar(),
        ),
        "Complaint moved to the next stage",
    ):
        return HttpResponseRedirect(reverse("voice:complaint", args=[pk]))
    return _complaint_page(request, complaint, escalate=form)


# --- the manager's summary ---


@requires("voice.summary")
def summary(request: SignedInRequest) -> HttpResponse:
    year, years, date_from, date_to = _year(request)
    return render(
        request,
        "voice/summary.html",
        {
            "year": year,
            "years": years,
            "date_from": date_from,
            "date_to": date_to,
            "measures": selectors.voice_measures(date_from, date_to),
            "feedback": selectors.feedback_by_type(date_from, date_to),
            "complaints": selectors.complaints_by_stage_and_outcome(date_from, date_to),
            "quotes": selectors.feedback_quotes(date_from, date_to),
            "waiting": selectors.waiting_times(date_from, date_to),
        },
    )


def _year(request: HttpRequest) -> tuple[int, list[int], date, date]:
    """The reporting year asked for (1 April to 31 March), this year by default."""
    this_year = rules.financial_year(timezone.localdate())[0].year
    year = int_param(request.GET.get("year")) or this_year
    if not 2000 <= year <= this_year:
        year = this_year
    return year, list(range(this_year, this_year - 5, -1)), date(year, 4, 1), date(year + 1, 3, 31)


@requires("voice.summary")
def feedback_list(request: SignedInRequest) -> HttpResponse:
    """Every feedback response in a year, filtered by who answered."""
    year, years, date_from, date_to = _year(request)
    respondent_type = request.GET.get("who") or None
    if respondent_type not in dict(RespondentType.choices):
        respondent_type = None
    page = Paginator(
        selectors.feedback_responses(date_from, date_to, request.user, respondent_type), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    for response in page:
        response.review_href = review_url(response.request.review)  # type: ignore[attr-defined]
    audit_read(
        actor=request.user,
        object_type="feedback_list",
        summary=f"Feedback responses {year} viewed (page {page.number})",
        filters={"year": year, "who": respondent_type},
    )
    return render(
        request,
        "voice/feedback_list.html",
        {
            "page": page,
            "year": year,
            "years": years,
            "who": respondent_type,
            "respondent_types": RespondentType.choices,
        },
    )

"""Pages for the review cycle: convening, the review record, the letter, recommendations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from iro.accounts.access import ObjectDenied, SignedInRequest, requires, user_can
from iro.accounts.selectors import own_reviewing_officer
from iro.children.access import can_change_child_records, require_child_records_change
from iro.children.selectors import child_for_user
from iro.core import editlock
from iro.core.confirm import confirm_step, confirmation
from iro.core.council import working_day_calendar
from iro.core.forms import add_service_errors, submitted
from iro.core.panels import collect
from iro.core.templating import govuk_date

from . import selectors, services
from .forms import (
    CompleteForm,
    ConveningForm,
    DateDoneForm,
    InviteeForm,
    LetterForm,
    NotHeldForm,
    RecommendationForm,
    RescheduleForm,
    ReviewForm,
)
from .letters import BANDS, age_band, band_for, letter_draft
from .models import Convening, Invitee, Recommendation, Review
from .plain_language import plain_language_check

PAGE_SIZE = 50


def requires_logged(action: str, object_type: str) -> Callable[[Any], Any]:
    """`requires(action)` for pages that change an IRO's record; refusals are audited."""
    return requires(action, object_type=object_type)


def _load_review(request: HttpRequest, pk: int, *, change: bool = False) -> Review:
    """The review for a page; `change` also refuses anyone who may not change the child's
    records (a colleague's child)."""
    review = selectors.review_for_page(pk)
    review.child = _child(request, review.child_id, change=change)
    return review


def _load_convening(request: HttpRequest, pk: int, *, change: bool = False) -> Convening:
    convening = selectors.convening_for_page(pk)
    convening.child = _child(request, convening.child_id, change=change)
    return convening


def _child(request: HttpRequest, pk: int, *, change: bool) -> Any:
    child = child_for_user(request, pk)
    if change:
        require_child_records_change(request.user, child)
    return child


def _review_url(review: Review) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("reviews:detail", args=[review.pk]))


def _convening_url(convening: Convening) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("reviews:convening", args=[convening.pk]))


def _section(request: HttpRequest, sections: dict[str, str]) -> str:
    chosen = request.GET.get("section", "")
    return chosen if chosen in sections else next(iter(sections))


# --- Work lists --------------------------------------------------------------------------------


@requires("reviews.view_own")
def my_reviews(request: SignedInRequest) -> HttpResponse:
    iro = own_reviewing_officer(request.user)
    as_of, calendar = timezone.localdate(), working_day_calendar()
    querysets = selectors.my_reviews(iro, user=request.user, as_of=as_of, calendar=calendar)
    section = _section(request, selectors.MY_REVIEW_SECTIONS)
    page = Paginator(querysets[section], PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/my_reviews.html",
        {
            "iro": iro,
            "section": section,
            "sections": selectors.MY_REVIEW_SECTIONS,
            "counts": selectors.section_counts(querysets),
            "page": page,
            "rows": selectors.tag_rows(section, page.object_list, as_of, calendar),
            "as_of": as_of,
        },
    )


@requires("reviews.convening_queue")
def convening_queue(request: SignedInRequest) -> HttpResponse:
    as_of, calendar = timezone.localdate(), working_day_calendar()
    querysets = selectors.convening_queue(user=request.user, as_of=as_of, calendar=calendar)
    section = _section(request, selectors.QUEUE_SECTIONS)
    page = Paginator(querysets[section], PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/convening_queue.html",
        {
            "section": section,
            "sections": selectors.QUEUE_SECTIONS,
            "counts": selectors.section_counts(querysets),
            "page": page,
            "rows": selectors.tag_rows(section, page.object_list, as_of, calendar),
            "as_of": as_of,
        },
    )


@requires("recommendations.view_own")
def my_recommendations(request: SignedInRequest) -> HttpResponse:
    as_of, calendar = timezone.localdate(), working_day_calendar()
    show = request.GET.get("show", "open")
    show = show if show in {"open", "done"} else "open"
    queryset = selectors.recommendations_for_user(request.user)
    queryset = (
        queryset.filter(status=Recommendation.Status.OPEN)
        if show == "open"
        else queryset.exclude(status=Recommendation.Status.OPEN).order_by("-completed_on", "-pk")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/my_recommendations.html",
        {
            "page": page,
            "show": show,
            "rows": selectors.tag_rows("recommendations", page.object_list, as_of, calendar),
            "as_of": as_of,
        },
    )


# --- Convening ---------------------------------------------------------------------------------


@requires("reviews.convene")
def convene(request: SignedInRequest, child_pk: int) -> HttpResponse:
    child = _child(request, child_pk, change=True)
    existing = selectors.open_convening(child)
    if existing is not None:
        return _convening_url(existing)
    period = child.current_period
    initial: dict[str, Any] = {
        "meeting_format": Convening.Format.IN_PERSON,
        "plan_kind": Convening.PlanKind.PATHWAY_PLAN
        if child.age_on(timezone.localdate()) >= 16
        else Convening.PlanKind.CARE_PLAN,
    }
    if period is not None and period.next_review_due:
        initial["proposed_date"] = period.next_review_due
    form = ConveningForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = submitted(
            request,
            form,
            lambda: services.convening_start(
                acting_user=request.user, child=child, **form.cleaned_data
            ),
            f"The review for {child.display_name} is being arranged",
        )
        if saved:
            convening = saved.value
            return _convening_url(convening)
    return render(request, "reviews/convene.html", {"child": child, "form": form})


@requires("reviews.view")
def convening_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    convening = _load_convening(request, pk)
    as_of, calendar = timezone.localdate(), working_day_calendar()
    return render(
        request,
        "reviews/convening.html",
        {
            "convening": convening,
            "child": convening.child,
            "deadlines": selectors.convening_deadlines(convening, as_of, calendar),
            "not_held": list(selectors.meetings_not_held(convening)),
            "may_change": can_change_child_records(request.user, convening.child),
            "as_of": as_of,
        },
    )


def _convening_form(
    request: HttpRequest,
    convening: Convening,
    form: Any,
    *,
    save: Callable[[dict[str, Any]], Any],
    title: str,
    done: str,
    button: str = "Save",
    editing: tuple[Any, Callable[[Any], dict[str, Any]]] | None = None,
) -> HttpResponse:
    """A one-form page about a review being arranged: validate, call the service, go back.
    `editing` (the record and how the form reads it) refuses a save over someone else's."""
    if editing is not None:
        editlock.protect(form, editing[1](editing[0]))
    if request.method == "POST" and form.is_valid():
        try:
            if editing is None:
                save(form.cleaned_data)
                saved = True
            else:
                saved = editlock.save_if_unchanged(
                    form, editing[0], editing[1], lambda _fresh: save(form.cleaned_data)
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved:
                messages.success(request, done)
                return _convening_url(convening)
    return render(
        request,
        "reviews/form_page.html",
        {
            "form": form,
            "child": convening.child,
            "title": title,
            "button": button,
            "back": reverse("reviews:convening", args=[convening.pk]),
        },
    )


@requires("reviews.convene")
def convening_change(request: SignedInRequest, pk: int) -> HttpResponse:
    convening = _load_convening(request, pk, change=True)

    def shown(record: Convening) -> dict[str, Any]:
        return {
            name: getattr(record, name)
            for name in (
                "meeting_format",
                "venue",
                "convening_request_received_on",
                "plan_kind",
                "care_plan_received_on",
                "notes",
            )
        }

    return _convening_form(
        request,
        convening,
        ConveningForm(request.POST or None, initial=shown(convening), include_date=False),
        save=lambda data: services.convening_update(
            acting_user=request.user, convening=convening, **data
        ),
        title=f"Change how {convening.child.display_name}'s review is arranged",
        done="Convening record saved",
        button="Save changes",
        editing=(convening, shown),
    )


@requires("reviews.convene")
def convening_reschedule(request: SignedInRequest, pk: int) -> HttpResponse:
    convening = _load_convening(request, pk, change=True)
    return _convening_form(
        request,
        convening,
        RescheduleForm(request.POST or None),
        save=lambda data: services.convening_reschedule(
            acting_user=request.user, convening=convening, **data
        ),
        title=f"Move {convening.child.display_name}'s review",
        done="The review has a new date",
        button="Move the review",
    )


@requires("reviews.convene")
def convening_not_held(request: SignedInRequest, pk: int) -> HttpResponse:
    convening = _load_convening(request, pk, change=True)
    return _convening_form(
        request,
        convening,
        NotHeldForm(request.POST or None, initial={"meeting_date": convening.proposed_date}),
        save=lambda data: services.review_record_not_held(
            acting_user=request.user, convening=convening, **data
        ),
        title=f"Record that {convening.child.display_name}'s review did not go ahead",
        done="The meeting has been recorded in the review history",
    )


@requires("reviews.convene")
def invitee_add(request: SignedInRequest, pk: int) -> HttpResponse:
    convening = _load_convening(request, pk, change=True)
    return _convening_form(
        request,
        convening,
        InviteeForm(request.POST or None, initial={"invited": "yes"}),
        save=lambda data: services.invitee_add(
            acting_user=request.user, convening=convening, **data
        ),
        title=f"Invite someone to {convening.child.display_name}'s review",
        done="Invitation saved",
    )


@requires("reviews.convene")
def invitee_change(request: SignedInRequest, pk: int) -> HttpResponse:
    invitee = get_object_or_404(Invitee, pk=pk)
    convening = _load_convening(request, invitee.convening_id, change=True)

    def shown(record: Invitee) -> dict[str, Any]:
        initial = {name: getattr(record, name) for name in services.INVITEE_FIELDS}
        initial["invited"] = "yes" if record.invited else "no"
        return initial

    return _convening_form(
        request,
        convening,
        InviteeForm(request.POST or None, initial=shown(invitee)),
        save=lambda data: services.invitee_update(
            acting_user=request.user, invitee=invitee, **data
        ),
        title=f"Change the invitation for {invitee.name}",
        done=f"Invitation for {invitee.name} saved",
        editing=(invitee, shown),
    )


# --- The review record -------------------------------------------------------------------------


@requires_logged("reviews.record", "child")
def review_record(request: SignedInRequest, child_pk: int) -> HttpResponse:
    child = _child(request, child_pk, change=True)
    convening = selectors.open_convening(child)
    invitees = list(convening.invitees.all()) if convening else []
    initial: dict[str, Any] = {}  # nothing about what happened is answered for the IRO
    if convening is not None:
        initial |= {
            "held_on": convening.proposed_date,
            "care_plan_received_on": convening.care_plan_received_on,
        }
    form = ReviewForm(request.POST or None, initial=initial, invitees=invitees)
    if request.method == "POST" and form.is_valid():
        saved = submitted(
            request,
            form,
            lambda: services.review_record_held(
                acting_user=request.user,
                child=child,
                convening=convening,
                **form.service_values(),
            ),
            lambda review: f"{review.number_label} recorded",
        )
        if saved:
            review = saved.value
            return _review_url(review)
    return render(
        request,
        "reviews/record.html",
        {"form": form, "child": child, "convening": convening, "editing": False},
    )


@requires_logged("reviews.record", "review")
def review_change(request: SignedInRequest, pk: int) -> HttpResponse:
    review = _load_review(request, pk, change=True)
    convening = selectors.convening_of(review)
    invitees = list(convening.invitees.all()) if convening else []

    def shown(record: Review) -> dict[str, Any]:
        attended = [i.pk for i in convening.invitees.all() if i.attended] if convening else []
        return ReviewForm.initial_for(record, attended)

    form = ReviewForm(request.POST or None, initial=shown(review), invitees=invitees, editing=True)
    editlock.protect(form, shown(review))
    if request.method == "POST" and form.is_valid():
        try:
            saved = editlock.save_if_unchanged(
                form,
                review,
                shown,
                lambda _fresh: services.review_update(
                    acting_user=request.user, review=review, **form.service_values()
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved:
                messages.success(request, "Review record saved")
                return _review_url(review)
    return render(
        request,
        "reviews/record.html",
        {"form": form, "child": review.child, "review": review, "editing": True},
    )


@requires("reviews.view")
def review_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    return render(request, "reviews/detail.html", _review_context(request, pk))


@requires("reviews.view")
def review_print(request: SignedInRequest, pk: int) -> HttpResponse:
    return render(request, "reviews/print.html", _review_context(request, pk))


def _review_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    review = _load_review(request, pk)
    as_of, calendar = timezone.localdate(), working_day_calendar()
    return {
        "review": review,
        "child": review.child,
        "convening": selectors.convening_of(review),
        "deadlines": selectors.review_deadlines(review, as_of, calendar),
        "recommendations": selectors.tag_rows(
            "recommendations", list(review.recommendations.all()), as_of, calendar
        ),
        "panels": collect("review_panel", request, review),
        "may_change": can_change_child_records(request.user, review.child),
        "as_of": as_of,
        "completable": selectors.completable_recommendations(request.user, review),
    }


@requires_logged("reviews.record", "review")
def recommendation_add(request: SignedInRequest, pk: int) -> HttpResponse:
    review = _load_review(request, pk, change=True)
    form = RecommendationForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and submitted(
            request,
            form,
            lambda: services.recommendation_add(
                acting_user=request.user, review=review, **form.cleaned_data
            ),
            "Recommendation added",
        )
    ):
        if "another" in request.POST:
            return HttpResponseRedirect(reverse("reviews:recommendation_add", args=[pk]))
        return _review_url(review)
    return render(
        request,
        "reviews/recommendation.html",
        {"form": form, "child": review.child, "review": review, "adding": True},
    )


@requires_logged("reviews.record", "recommendation")
def recommendation_change(request: SignedInRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(Recommendation, pk=pk)
    review = _load_review(request, recommendation.review_id, change=True)

    def shown(record: Recommendation) -> dict[str, Any]:
        return {
            "action": record.action,
            "owner_name": record.owner_name,
            "owner": record.owner_id,
            "due_date": record.due_date,
            "status": record.status,
        }

    form = RecommendationForm(request.POST or None, initial=shown(recommendation), with_status=True)
    editlock.protect(form, shown(recommendation))
    if request.method == "POST" and form.is_valid():
        try:
            saved = editlock.save_if_unchanged(
                form,
                recommendation,
                shown,
                lambda _fresh: services.recommendation_update(
                    acting_user=request.user, recommendation=recommendation, **form.cleaned_data
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved:
                messages.success(request, "Recommendation saved")
                return _review_url(review)
    return render(
        request,
        "reviews/recommendation.html",
        {"form": form, "child": review.child, "review": review, "adding": False},
    )


@requires("recommendations.complete")
def recommendation_complete(request: SignedInRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("review", "child"), pk=pk
    )
    is_reviewer = user_can(request.user, "reviews.record")
    child = child_for_user(request, recommendation.child_id)
    if not selectors.recommendation_completable_by(request.user, recommendation):
        raise ObjectDenied(
            "Only the person a recommendation is for, the child's IRO or an IRO manager can "
            "mark it done",
            object_type="recommendation",
            object_id=pk,
            child_id=recommendation.child_id,
        )
    form = CompleteForm(request.POST or None, initial={"completed_on": timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and submitted(
            request,
            form,
            lambda: services.recommendation_complete(
                acting_user=request.user,
                recommendation=recommendation,
                completed_on=form.cleaned_data["completed_on"],
                note=form.cleaned_data["note"],
            ),
            "Recommendation marked as done",
        )
    ):
        if is_reviewer:
            return _review_url(recommendation.review)
        return HttpResponseRedirect(reverse("reviews:my_recommendations"))
    back = (
        reverse("reviews:detail", args=[recommendation.review_id])
        if is_reviewer
        else reverse("reviews:my_recommendations")
    )
    return render(
        request,
        "reviews/complete.html",
        {"form": form, "child": child, "recommendation": recommendation, "back": back},
    )


def _date_page(
    request: HttpRequest,
    review: Review,
    *,
    label: str,
    title: str,
    service: Callable[..., Any],
    argument: str,
    done: str,
    confirm: Callable[[date], HttpResponse] | None = None,
) -> HttpResponse:
    form = DateDoneForm(
        request.POST or None, label=label, initial={"done_on": timezone.localdate()}
    )
    step = confirm_step(request) if confirm is not None else "do"
    if request.method == "POST" and form.is_valid() and step != "change":
        if step == "ask" and confirm is not None:
            return confirm(form.cleaned_data["done_on"])
        try:
            service(
                acting_user=request.user, review=review, **{argument: form.cleaned_data["done_on"]}
            )
        except ValidationError as error:
            problems = error.message_dict if hasattr(error, "error_dict") else {}
            for problem in problems.values() or [error.messages]:
                form.add_error("done_on", problem)
        else:
            messages.success(request, done)
            return _review_url(review)
    return render(
        request,
        "reviews/form_page.html",
        {
            "form": form,
            "child": review.child,
            "title": title,
            "button": "Save",
            "back": reverse("reviews:detail", args=[review.pk]),
        },
    )


@requires_logged("reviews.record", "review")
def recommendations_issued(request: HttpRequest, pk: int) -> HttpResponse:
    review = _load_review(request, pk, change=True)
    return _date_page(
        request,
        review,
        label="Date the recommendations were issued",
        title="Record that the recommendations were issued",
        service=services.review_recommendations_issue,
        argument="issued_on",
        done="Recommendations recorded as issued",
    )


@requires("reviews.distribute")
def minutes_distributed(request: SignedInRequest, pk: int) -> HttpResponse:
    review = _load_review(request, pk, change=True)
    return _date_page(
        request,
        review,
        label="Date the minutes were distributed",
        title="Record that the minutes were distributed",
        service=services.review_minutes_distribute,
        argument="distributed_on",
        done="Minutes recorded as distributed",
    )


@requires_logged("reviews.letter", "review")
def review_letter(request: SignedInRequest, pk: int) -> HttpResponse:
    review = _load_review(request, pk, change=True)
    child = review.child
    band = band_for(request.GET.get("band", "")) or band_for(review.letter_band)
    band = band or age_band(child.age_on(review.held_on))
    text = review.letter
    if not text or "band" in request.GET:
        text = letter_draft(
            band,
            child_name=child.first_name or child.display_name,
            iro_name=review.chair.name if review.chair else "your IRO",
            review_date=review.held_on,
            decisions=review.decisions,
            recommendations=[
                (r.action, r.owner_name, r.due_date) for r in review.recommendations.all()
            ],
        )
    form = LetterForm(request.POST or None, initial={"letter": text, "band": band.code})

    def stored(record: Review) -> dict[str, Any]:  # the saved letter, not the draft shown
        return {"letter": record.letter, "band": record.letter_band}

    editlock.protect(form, stored(review))
    if request.method == "POST" and form.is_valid():
        try:
            saved = editlock.save_if_unchanged(
                form,
                review,
                stored,
                lambda _fresh: services.review_letter_save(
                    acting_user=request.user,
                    review=review,
                    letter=form.cleaned_data["letter"],
                    band=form.cleaned_data["band"],
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved:
                messages.success(
                    request, "Letter saved. Check the results below before you finalise"
                )
                return HttpResponseRedirect(reverse("reviews:letter", args=[pk]) + "#check")
    check = plain_language_check(
        review.letter,
        target_reading_age=band.target_reading_age,
        recommendations=[r.action for r in review.recommendations.all()],
    )
    return render(
        request,
        "reviews/letter.html",
        {
            "form": form,
            "child": child,
            "review": review,
            "band": band,
            "bands": BANDS,
            "check": check if review.letter else None,
            "finalise_form": DateDoneForm(
                label="Date the letter was written", initial={"done_on": timezone.localdate()}
            ),
        },
    )


@requires_logged("reviews.letter", "review")
def review_letter_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    review = _load_review(request, pk, change=True)
    return _date_page(
        request,
        review,
        label="Date the letter was written",
        title="Finalise the letter to the child",
        service=services.review_letter_finalise,
        argument="written_on",
        done="Letter finalised",
        confirm=lambda written_on: confirmation(
            request,
            title="Finalise the letter to the child",
            caption=f"{review.child.display_name} · {review.number_label}",
            answers=[("Date the letter was written", govuk_date(written_on))],
            will_happen=[
                "The letter is finalised and can no longer be changed",
                f"The minutes count as written on {govuk_date(written_on)}",
                "The next step is to record when the minutes were distributed",
            ],
            button="Finalise the letter",
            back=reverse("reviews:letter", args=[review.pk]),
        ),
    )

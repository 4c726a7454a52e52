"""Pages for disputes: raise, respond, escalate, resolve; the weekly meeting; the IRO service's
restricted records; systemic issues. Every page that changes a dispute refuses other roles and
writes the refusal to the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from iro.accounts.access import (
    RestrictedRecord,
    SignedInRequest,
    child_visible_to,
    refusal_summary,
    requires,
    user_can,
)
from iro.accounts.models import ReviewingOfficer
from iro.accounts.roles import Role
from iro.accounts.selectors import reviewing_officer_for
from iro.audit.services import audit_record
from iro.children.models import Child
from iro.core.confirm import confirm_step, confirmation
from iro.core.council import working_day_calendar
from iro.core.forms import add_service_errors, submitted
from iro.core.params import int_param
from iro.core.templating import govuk_date

from . import selectors, services
from .access import (
    may_delegate,
    may_respond,
    may_steer,
    may_withdraw,
    refuse,
    require_dispute_move,
    requires_logged,
)
from .forms import (
    CafcassReferralForm,
    CorrectionForm,
    DelegateForm,
    DisputeRaiseForm,
    EscalateForm,
    FollowUpForm,
    GoodPracticeAlertForm,
    LegalAdviceForm,
    MeetingForm,
    MeetingHeldForm,
    NoteForm,
    ResolveForm,
    RespondForm,
    SystemicIssueForm,
    SystemicResponseForm,
    WithdrawForm,
)
from .models import Category, Dispute, DisputeEvent, DisputeStage, Outcome, SystemicIssue

PAGE_SIZE = 50


def _iro_for(request: HttpRequest, object_id: Any = "") -> ReviewingOfficer:
    iro = reviewing_officer_for(request.user)
    if iro is None:
        refuse(request, "no IRO record for this user", "dispute", object_id)
    return iro


def _get_dispute(request: HttpRequest, pk: int) -> Dispute:
    """Load a dispute; one about a restricted child opens only for the people named on it."""
    dispute = get_object_or_404(
        Dispute.objects.select_related(
            "child", "raised_by", "current_stage", "responder", "raised_by__user"
        ),
        pk=pk,
    )
    if dispute.child is not None and not child_visible_to(request.user, dispute.child):
        audit_record(
            actor=request.user,
            action="denied",
            object_type="dispute",
            object_id=dispute.pk,
            child_id=dispute.child_id,
            summary=refusal_summary("opening a restricted record"),
            changes={"request": f"{request.method} {request.path}"[:300]},
        )
        raise RestrictedRecord(dispute.child)
    return dispute


def _dispute_for(request: HttpRequest, pk: int, move: str) -> Dispute:
    """Load a dispute for a change: refused (403, audited) unless this person may make this
    move on this dispute (see `access.RULES`)."""
    dispute = _get_dispute(request, pk)
    require_dispute_move(request.user, dispute, move)
    return dispute


def _to_detail(dispute: Dispute) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("disputes:detail", args=[dispute.pk]))


def _dispute_step(
    request: HttpRequest,
    dispute: Dispute,
    form: Any,
    *,
    template: str,
    success: str,
    service: Callable[[dict[str, Any]], object],
    context: dict[str, Any] | None = None,
    confirm: Callable[[dict[str, Any]], HttpResponse] | None = None,
) -> HttpResponse:
    """The shape every step on a dispute shares: a valid form, one service call, a message and
    back to the dispute; a service's refusal shows on the form. A one-way step passes
    `confirm`, the page saying what will happen, shown before the service is called."""
    step = confirm_step(request) if confirm is not None else "do"
    if request.method == "POST" and form.is_valid() and step != "change":
        if step == "ask" and confirm is not None:
            return confirm(form.cleaned_data)
        if submitted(
            request,
            form,
            lambda: service(form.cleaned_data),
            success,
        ):
            return _to_detail(dispute)
    return render(request, template, {"form": form, "dispute": dispute, **(context or {})})


def _dispute_from_query(request: HttpRequest, move: str | None) -> Dispute | None:
    """The dispute named by `?dispute=` (a referral or advice arising from it): refused like
    the dispute's own page when restricted, or when this person may not make `move` on it."""
    pk = int_param(request.GET.get("dispute"))
    if pk is None:
        return None
    dispute = _get_dispute(request, pk)
    if move is not None:
        require_dispute_move(request.user, dispute, move)
    return dispute


def _visible_child_from_query(request: HttpRequest) -> Child | None:
    """The child named by `?child=`, when this person may see them (else none)."""
    child = (
        Child.objects.select_related("social_worker")
        .filter(pk=int_param(request.GET.get("child")) or 0)
        .first()
    )
    return child if child is not None and child_visible_to(request.user, child) else None


def _escalatable(user: Any, disputes: Any) -> set[int]:
    """The disputes on a list page whose Escalate link this reader may follow, without a query
    per row: an IRO manager any; an IRO those they raised or about a child they hold (an IRO
    covering a colleague escalates from the dispute's own page)."""
    if not user_can(user, "disputes.escalate"):
        return set()
    if Role.IRO_MANAGER.value in (getattr(user, "role_names", None) or set()):
        return {d.pk for d in disputes}
    own = reviewing_officer_for(user)
    return {
        d.pk
        for d in disputes
        if d.raised_by.user_id == user.pk
        or (own is not None and d.child_id is not None and d.child.iro_id == own.pk)
    }


@requires("disputes.list")
def dispute_list(request: SignedInRequest) -> HttpResponse:
    as_of = timezone.localdate()
    status = request.GET.get("status", "open")
    if status not in {"open", "resolved", "withdrawn", "all"}:
        status = "open"
    category = request.GET.get("category") or None
    if category not in Category.values:
        category = None
    stage_key = request.GET.get("stage") or None
    iro_id = int_param(request.GET.get("iro"))
    overdue = request.GET.get("overdue") == "yes"
    queryset = selectors.disputes_list(
        user=request.user,
        as_of=as_of,
        status=None if status == "all" else status,
        overdue=overdue,
        category=category,
        iro_id=iro_id,
        stage_key=stage_key,
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "disputes/list.html",
        {
            "page": page,
            "escalatable": _escalatable(request.user, page.object_list),
            "as_of": as_of,
            "status": status,
            "category": category,
            "stage_key": stage_key,
            "iro_id": iro_id,
            "overdue": overdue,
            "categories": Category.choices,
            "stages": list(DisputeStage.objects.all()),
            "iros": list(ReviewingOfficer.objects.all()),
            "overdue_count": selectors.disputes_list(
                user=request.user, as_of=as_of, overdue=True
            ).count(),
        },
    )


@requires("disputes.raised_with_me")
def raised_with_me(request: SignedInRequest) -> HttpResponse:
    as_of = timezone.localdate()
    page = Paginator(selectors.disputes_raised_with(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "disputes/raised_with_me.html", {"page": page, "as_of": as_of})


@requires_logged("disputes.raise")
def dispute_raise(request: SignedInRequest) -> HttpResponse:
    iro = _iro_for(request)
    initial: dict[str, Any] = {"scope": Dispute.Scope.CHILD}
    child = _visible_child_from_query(request)
    if child is not None:
        initial["child_id"] = child.la_child_id
        if child.social_worker and child.social_worker.user_id:
            initial["responder"] = child.social_worker.user_id
    if request.GET.get("category") in Category.values:
        initial["category"] = request.GET["category"]
    if request.GET.get("summary"):
        initial["summary"] = request.GET["summary"][:5000]
    informal = DisputeStage.objects.filter(active=True).order_by("order").first()
    if informal is not None:
        initial["stage"] = informal.pk
    form = DisputeRaiseForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dispute = services.dispute_raise(
                acting_user=request.user,
                iro=iro,
                scope=data["scope"],
                child=data["child"],
                other_children=data["other_children"],
                category=data["category"],
                summary=data["summary"],
                outcome_sought=data["outcome_sought"],
                wanted_by=data["wanted_by"],
                raised_on=timezone.localdate(),
                stage=data["stage"],
                responder=data["responder"],
                responder_name=data["responder_name"],
                deadline=data["deadline"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Dispute {dispute.reference} raised: a response is due by "
                f"{govuk_date(dispute.response_due)}",
            )
            return _to_detail(dispute)
    return render(request, "disputes/raise.html", {"form": form, "child": child})


@requires("disputes.view")
def dispute_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    dispute = _get_dispute(request, pk)
    audit_record(
        actor=request.user,
        action="view",
        object_type="dispute",
        object_id=dispute.pk,
        child_id=dispute.child_id,
        summary=request.path[:300],
    )
    as_of = timezone.localdate()
    restricted = user_can(request.user, "disputes.view_restricted")
    stages = services.active_stages()
    later = [s for s in stages if s.order > dispute.current_stage.order and s.is_formal]
    return render(
        request,
        "disputes/detail.html",
        {
            "dispute": dispute,
            "as_of": as_of,
            "flags": dispute.flags(as_of),
            "events": selectors.dispute_history(dispute, include_restricted=restricted),
            "other_children": list(dispute.other_children.all()),
            "next_stage": later[0] if later else None,
            "can_iro": user_can(request.user, "disputes.escalate")
            and may_steer(request.user, dispute),
            "can_respond": user_can(request.user, "disputes.respond")
            and may_respond(request.user, dispute),
            "can_delegate": user_can(request.user, "disputes.respond")
            and may_delegate(request.user, dispute),
            "can_withdraw": user_can(request.user, "disputes.withdraw")
            and may_withdraw(request.user, dispute),
            "can_meet": (
                user_can(request.user, "disputes.escalate")
                or user_can(request.user, "disputes.manage_meeting")
            )
            and may_steer(request.user, dispute),
            "can_restricted": restricted,
        },
    )


@requires_logged("disputes.respond")
def dispute_respond(request: SignedInRequest, pk: int) -> HttpResponse:
    dispute = _dispute_for(request, pk, "respond")
    return _dispute_step(
        request,
        dispute,
        RespondForm(request.POST or None),
        template="disputes/respond.html",
        success="Your response has been added to the dispute",
        service=lambda data: services.dispute_respond(
            acting_user=request.user,
            dispute=dispute,
            response=data["response"],
            responded_on=timezone.localdate(),
        ),
    )


@requires_logged("disputes.escalate")
def dispute_escalate(request: SignedInRequest, pk: int) -> HttpResponse:
    dispute = _dispute_for(request, pk, "steer")
    stages = DisputeStage.objects.filter(
        active=True, is_formal=True, order__gt=dispute.current_stage.order
    ).order_by("order")
    first = stages.first()
    form = EscalateForm(
        request.POST or None,
        stages=stages,
        initial={"to_stage": first.pk if first else None},
    )
    step = confirm_step(request)
    if request.method == "POST" and form.is_valid() and step != "change":
        data = form.cleaned_data
        if step == "ask":
            return _confirm_escalation(request, dispute, data)
        try:
            services.dispute_escalate(
                acting_user=request.user,
                dispute=dispute,
                to_stage=data["to_stage"],
                escalated_on=timezone.localdate(),
                reason=data["reason"],
                responder=data["responder"],
                responder_name=data["responder_name"],
                deadline=data["deadline"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            dispute.refresh_from_db()
            messages.success(
                request,
                f"Escalated to {dispute.current_stage.name.lower()}: a response is due by "
                f"{govuk_date(dispute.response_due)}",
            )
            return _to_detail(dispute)
    return render(
        request,
        "disputes/escalate.html",
        {"form": form, "dispute": dispute, "at_top": first is None},
    )


def _confirm_escalation(
    request: HttpRequest, dispute: Dispute, data: dict[str, Any]
) -> HttpResponse:
    stage = data["to_stage"]
    raised_with = str(data["responder"] or "") or data["responder_name"] or "The stage's role"
    due = (
        f"A response will be needed by {govuk_date(data['deadline'])}"
        if data["deadline"]
        else f"A response will be needed within the {stage.name.lower()} timescale"
    )
    return confirmation(
        request,
        title=f"Escalate dispute {dispute.reference} to {stage.name.lower()}",
        caption=f"Dispute {dispute.reference} · {dispute.current_stage.name}",
        answers=[
            ("Escalate to", stage.name),
            (
                "Why you are escalating",
                data["reason"] or "The deadline passed or the response was not accepted",
            ),
            ("Raised with", raised_with),
            ("Response needed by", govuk_date(data["deadline"]) if data["deadline"] else ""),
        ],
        will_happen=[
            f"The dispute moves from {dispute.current_stage.name.lower()} to "
            f"{stage.name.lower()} today and the history records why",
            due,
            "A dispute cannot go back to an earlier stage",
        ],
        button="Escalate now",
        back=reverse("disputes:escalate", args=[dispute.pk]),
    )


@requires_logged("disputes.escalate")
def dispute_resolve(request: SignedInRequest, pk: int) -> HttpResponse:
    dispute = _dispute_for(request, pk, "steer")
    return _dispute_step(
        request,
        dispute,
        ResolveForm(request.POST or None),
        template="disputes/resolve.html",
        success=f"Dispute {dispute.reference} is resolved",
        service=lambda data: services.dispute_resolve(
            acting_user=request.user,
            dispute=dispute,
            resolved_on=timezone.localdate(),
            outcome=data["outcome"],
            outcome_code=data["outcome_code"],
            outcome_reason=data["outcome_reason"],
            follow_up_on=data["follow_up_on"],
        ),
        confirm=lambda data: confirmation(
            request,
            title=f"Resolve dispute {dispute.reference}",
            caption=f"Dispute {dispute.reference} · {dispute.current_stage.name}",
            answers=[
                ("What was agreed", data["outcome"]),
                ("What changed for the child", Outcome(data["outcome_code"]).label),
                ("Why nothing changed", data["outcome_reason"]),
                ("Follow up on", govuk_date(data["follow_up_on"])),
            ],
            will_happen=[
                "The dispute closes today with what was agreed and what changed in its history",
                f"It appears on your follow-up list from {govuk_date(data['follow_up_on'])}",
                "It cannot be reopened: a new disagreement is raised as a new dispute",
            ],
            button="Resolve dispute",
            back=reverse("disputes:resolve", args=[dispute.pk]),
        ),
    )


@requires_logged("disputes.escalate")
def follow_ups(request: HttpRequest) -> HttpResponse:
    """The IRO's resolved disputes whose outcome is to be checked: due ones first."""
    iro = _iro_for(request)
    as_of = timezone.localdate()
    rows = list(selectors.follow_ups_for_iro(iro, request.user)[:200])
    return render(
        request,
        "disputes/follow_ups.html",
        {
            "rows": rows,
            "as_of": as_of,
            "due": sum(1 for d in rows if d.follow_up_on and d.follow_up_on <= as_of),
        },
    )


@requires_logged("disputes.escalate")
def dispute_follow_up(request: SignedInRequest, pk: int) -> HttpResponse:
    dispute = _dispute_for(request, pk, "steer")
    return _dispute_step(
        request,
        dispute,
        FollowUpForm(request.POST or None),
        template="disputes/follow_up.html",
        success=f"The follow-up of dispute {dispute.reference} has been recorded",
        service=lambda data: services.dispute_follow_up_record(
            acting_user=request.user,
            dispute=dispute,
            followed_up_on=timezone.localdate(),
            note=data["note"],
        ),
    )


@requires_logged("disputes.withdraw")
def dispute_withdraw(request: SignedInRequest, pk: int) -> HttpResponse:
    """Confirm and withdraw a dispute, with the reason (it closes as withdrawn)."""
    dispute = _dispute_for(request, pk, "withdraw")
    return _dispute_step(
        request,
        dispute,
        WithdrawForm(request.POST or None),
        template="disputes/withdraw.html",
        success=f"Dispute {dispute.reference} has been withdrawn",
        service=lambda data: services.dispute_withdraw(
            acting_user=request.user,
            dispute=dispute,
            withdrawn_on=timezone.localdate(),
            reason=data["reason"],
        ),
    )


@requires_logged("disputes.respond")
def dispute_delegate(request: SignedInRequest, pk: int) -> HttpResponse:
    dispute = _dispute_for(request, pk, "delegate")
    return _dispute_step(
        request,
        dispute,
        DelegateForm(request.POST or None, exclude=dispute.responder_id),
        template="disputes/delegate.html",
        success="The response has been delegated",
        service=lambda data: services.dispute_delegate(
            acting_user=request.user,
            dispute=dispute,
            delegate=data["delegate"],
            delegated_on=timezone.localdate(),
        ),
    )


@requires_logged("disputes.escalate", "disputes.manage_meeting")
def dispute_meeting_held(request: SignedInRequest, pk: int) -> HttpResponse:
    dispute = _dispute_for(request, pk, "steer")
    return _dispute_step(
        request,
        dispute,
        MeetingHeldForm(request.POST or None, initial={"held_on": timezone.localdate()}),
        template="disputes/meeting_held.html",
        success="The dispute meeting has been recorded",
        service=lambda data: services.dispute_meeting_held(
            acting_user=request.user, dispute=dispute, **data
        ),
    )


@requires_logged("disputes.escalate", "disputes.manage_meeting")
def dispute_note(request: SignedInRequest, pk: int) -> HttpResponse:
    dispute = _dispute_for(request, pk, "steer")
    return _dispute_step(
        request,
        dispute,
        NoteForm(request.POST or None),
        template="disputes/note.html",
        success="Your note has been added",
        service=lambda data: services.dispute_note_add(
            acting_user=request.user,
            dispute=dispute,
            text=data["text"],
            occurred_on=timezone.localdate(),
        ),
    )


@requires_logged("disputes.escalate")
def dispute_correct(request: SignedInRequest, pk: int, event_pk: int) -> HttpResponse:
    dispute = _dispute_for(request, pk, "steer")
    event = get_object_or_404(
        DisputeEvent.objects.exclude(
            kind__in=DisputeEvent.RESTRICTED_KINDS | services.CORRECTABLE_BY_RESPONDER_ONLY
        ),
        pk=event_pk,
        dispute=dispute,
    )
    return _dispute_step(
        request,
        dispute,
        CorrectionForm(request.POST or None),
        template="disputes/correct.html",
        success="Your correction has been added to the history",
        service=lambda data: services.dispute_event_correct(
            acting_user=request.user,
            event=event,
            text=data["text"],
            occurred_on=timezone.localdate(),
        ),
        context={"event": event},
    )


@requires_logged("disputes.escalate", object_type="cafcass_referral")
def cafcass_refer(request: SignedInRequest) -> HttpResponse:
    iro = _iro_for(request)
    dispute = _dispute_from_query(request, "steer")
    initial: dict[str, Any] = {"referred_on": timezone.localdate()}
    if dispute is not None and dispute.child is not None:
        initial["child_id"] = dispute.child.la_child_id
    elif child := _visible_child_from_query(request):
        initial["child_id"] = child.la_child_id
    form = CafcassReferralForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.cafcass_referral_record(
            acting_user=request.user,
            iro=iro,
            child=data["child_id"],
            dispute=dispute,
            referred_on=data["referred_on"],
            reason=data["reason"],
            cafcass_contact=data["cafcass_contact"],
        )
        messages.success(request, "The referral to Cafcass has been recorded")
        if dispute is not None:
            return _to_detail(dispute)
        return HttpResponseRedirect(reverse("disputes:restricted"))
    return render(request, "disputes/cafcass.html", {"form": form, "dispute": dispute})


@requires_logged("disputes.raise", object_type="legal_advice")
def legal_advice_new(request: SignedInRequest) -> HttpResponse:
    iro = _iro_for(request)
    dispute = _dispute_from_query(request, None)
    initial: dict[str, Any] = {"sought_on": timezone.localdate()}
    if dispute is not None and dispute.child is not None:
        initial["child_id"] = dispute.child.la_child_id
    form = LegalAdviceForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.legal_advice_record(
            acting_user=request.user,
            iro=iro,
            child=data["child_id"],
            dispute=dispute,
            sought_on=data["sought_on"],
            adviser=data["adviser"],
            summary=data["summary"],
        )
        messages.success(request, "The record of legal advice has been saved")
        return HttpResponseRedirect(reverse("disputes:restricted"))
    return render(request, "disputes/legal_advice.html", {"form": form, "dispute": dispute})


@requires_logged("disputes.view_restricted", object_type="restricted_records")
def restricted(request: HttpRequest) -> HttpResponse:
    see_all = _sees_all_restricted(request)
    records = selectors.restricted_records(request.user, see_all=see_all)
    audit_record(
        actor=request.user,
        action="view",
        object_type="restricted_records",
        summary="Cafcass referrals and legal advice",
    )
    return render(request, "disputes/restricted.html", {"see_all": see_all, **records})


def _sees_all_restricted(request: HttpRequest) -> bool:
    """Managers and auditors see every record; an IRO sees their own."""
    return user_can(request.user, "disputes.manage_meeting") or not user_can(
        request.user, "disputes.raise"
    )


@requires("disputes.view")
def good_practice_list(request: SignedInRequest) -> HttpResponse:
    page = Paginator(selectors.good_practice_alerts(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "disputes/good_practice_list.html", {"page": page})


@requires_logged("disputes.raise", object_type="good_practice_alert")
def good_practice_new(request: SignedInRequest) -> HttpResponse:
    iro = _iro_for(request)
    initial: dict[str, Any] = {}
    if child := _visible_child_from_query(request):
        initial["child_id"] = child.la_child_id
    form = GoodPracticeAlertForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.good_practice_alert_raise(
            acting_user=request.user,
            iro=iro,
            child=data["child_id"],
            raised_on=timezone.localdate(),
            praised=data["praised"],
            summary=data["summary"],
        )
        messages.success(request, "Your good-practice alert has been recorded")
        return HttpResponseRedirect(reverse("disputes:good_practice"))
    return render(request, "disputes/good_practice_new.html", {"form": form})


@requires_logged("disputes.manage_meeting", object_type="dispute_meeting")
def meeting_agenda(request: SignedInRequest) -> HttpResponse:
    as_of = timezone.localdate()
    rows = selectors.meeting_agenda(as_of, working_day_calendar(), request.user)
    form = MeetingForm(
        request.POST or None,
        dispute_ids=[row.dispute.pk for row in rows],
        initial={"held_on": as_of},
    )
    if request.method == "POST" and form.is_valid():
        services.dispute_meeting_record(
            acting_user=request.user,
            held_on=form.cleaned_data["held_on"],
            attendees=form.cleaned_data["attendees"],
            actions=form.actions(),
        )
        messages.success(request, "The meeting's agreed actions have been recorded")
        return HttpResponseRedirect(reverse("disputes:meeting"))
    template = (
        "disputes/meeting_print.html" if request.GET.get("print") else "disputes/meeting.html"
    )
    return render(request, template, {"rows": rows, "form": form, "as_of": as_of})


@requires_logged("disputes.systemic", object_type="systemic_issue")
def systemic_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(SystemicIssue.objects.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "disputes/systemic_list.html", {"page": page})


@requires_logged("disputes.systemic", object_type="systemic_issue")
def systemic_new(request: SignedInRequest) -> HttpResponse:
    form = SystemicIssueForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and submitted(
            request,
            form,
            lambda: services.systemic_issue_record(acting_user=request.user, **form.cleaned_data),
            "The systemic issue has been recorded",
        )
    ):
        return HttpResponseRedirect(reverse("disputes:systemic"))
    return render(request, "disputes/systemic_new.html", {"form": form})


@requires_logged("disputes.systemic", object_type="systemic_issue")
def systemic_respond(request: SignedInRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(SystemicIssue, pk=pk)
    form = SystemicResponseForm(
        request.POST or None,
        initial={"response": issue.response, "response_on": issue.response_on},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and submitted(
            request,
            form,
            lambda: services.systemic_issue_respond(
                acting_user=request.user, issue=issue, **form.cleaned_data
            ),
            "The response has been recorded",
        )
    ):
        return HttpResponseRedirect(reverse("disputes:systemic"))
    return render(request, "disputes/systemic_respond.html", {"form": form, "issue": issue})

"""Reading disputes. Each selector owns the joins that keep a page's query count constant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from iro.accounts.access import user_id_of
from iro.accounts.models import ReviewingOfficer
from iro.children.models import Child
from iro.core.prepared import prepared
from iro.timetable.calendar import WorkingDayCalendar

from . import rules
from .models import (
    CafcassReferral,
    Dispute,
    DisputeEvent,
    GoodPracticeAlert,
    LegalAdviceRecord,
)

_JOINS = ("child", "raised_by", "current_stage", "responder")
# The panels' dispute tables (My children, the child's page) show no responder.
_PANEL_JOINS = ("child", "raised_by", "current_stage")


def with_child_hidden(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """Annotate `child_hidden`: the record (a dispute, an alert, a referral) is about a
    restricted child this person is not named on, so lists show that it exists but not whom it
    is about."""
    # Nobody signed out is named on a record (0 is never a user's id).
    return _child_hidden_for(queryset, user_id_of(user) or 0)


def _child_hidden_for(queryset: QuerySet[Any], user_id: int) -> QuerySet[Any]:
    through = Child.restricted_to.through
    named = Exists(through.objects.filter(child_id=OuterRef("child_id"), user_id=user_id))
    return queryset.annotate(
        child_hidden=ExpressionWrapper(
            Q(child__restricted=True) & ~named, output_field=BooleanField()
        )
    )


def response_overdue_q(as_of: date) -> Q:
    """Open disputes whose response at the current stage is past its due date and not in."""
    return Q(status=Dispute.Status.OPEN, responded_on__isnull=True, response_due__lt=as_of)


def overdue_q(as_of: date) -> Q:
    """Open disputes whose response is late or whose formal process ran past its deadline."""
    return response_overdue_q(as_of) | Q(status=Dispute.Status.OPEN, formal_due__lt=as_of)


def disputes_list(
    *,
    user: Any,
    as_of: date,
    status: str | None = None,
    overdue: bool = False,
    category: str | None = None,
    iro_id: int | None = None,
    stage_key: str | None = None,
    formal: bool | None = None,
) -> QuerySet[Dispute]:
    queryset = with_child_hidden(Dispute.objects.select_related(*_JOINS), user)
    if status:
        queryset = queryset.filter(status=status)
    if overdue:
        queryset = queryset.filter(overdue_q(as_of))
    if category:
        queryset = queryset.filter(category=category)
    if iro_id:
        queryset = queryset.filter(raised_by_id=iro_id)
    if stage_key:
        queryset = queryset.filter(current_stage__key=stage_key)
    if formal is not None:
        queryset = queryset.filter(is_formal=formal)
    return queryset.order_by("status", "response_due", "-raised_on", "-id")


def disputes_raised_with(user: Any) -> QuerySet[Dispute]:
    """Disputes this user may answer (`access.may_respond`): raised with them, delegated to
    them, or raised with their team; open ones first, soonest due first."""
    answerable = (
        Q(responder=user)
        | Q(response_delegate=user)
        | Q(child__team__manager=user)
        | Q(responder__social_worker__team__manager=user)
    )
    return with_child_hidden(
        Dispute.objects.select_related(*_JOINS).filter(answerable), user
    ).order_by("status", "response_due", "-id")


def _open_raised_by(iro_id: int) -> QuerySet[Dispute]:
    return Dispute.objects.select_related(*_PANEL_JOINS).filter(
        raised_by_id=iro_id, status=Dispute.Status.OPEN
    )


@prepared
def open_disputes_for_iro_panel(limit: int, *, iro_id: int, user_id: int) -> QuerySet[Dispute]:
    """The open disputes the IRO raised, for their own page, soonest response first."""
    return _child_hidden_for(_open_raised_by(iro_id), user_id).order_by("response_due", "id")[
        :limit
    ]


def follow_ups_for_iro(iro: ReviewingOfficer, user: Any) -> QuerySet[Dispute]:
    """Resolved disputes the IRO raised whose outcome they have yet to check, soonest first."""
    return with_child_hidden(
        Dispute.objects.select_related(*_JOINS).filter(
            raised_by=iro,
            status=Dispute.Status.RESOLVED,
            follow_up_on__isnull=False,
            followed_up_on__isnull=True,
        ),
        user,
    ).order_by("follow_up_on", "id")


def _open_for_child(child_id: int) -> QuerySet[Dispute]:
    # The group disputes by a subquery, not a join: no DISTINCT over every joined column, which
    # PostgreSQL took longer to plan than to run.
    in_group = Dispute.other_children.through.objects.filter(child_id=child_id).values("dispute_id")
    return (
        Dispute.objects.select_related(*_PANEL_JOINS)
        .filter(Q(child_id=child_id) | Q(pk__in=in_group), status=Dispute.Status.OPEN)
        .order_by("response_due", "id")
    )


@prepared
def open_disputes_for_child_panel(limit: int, *, child_id: int) -> QuerySet[Dispute]:
    """The child's open disputes (alone or in a group), for the child's page."""
    return _open_for_child(child_id)[:limit]


def dispute_history(dispute: Dispute, *, include_restricted: bool) -> list[DisputeEvent]:
    events = DisputeEvent.objects.filter(dispute=dispute).select_related(
        "stage", "corrects", "recorded_by"
    )
    if not include_restricted:
        events = events.exclude(kind__in=DisputeEvent.RESTRICTED_KINDS)
    return list(events.order_by("recorded_at", "id"))


@dataclass(frozen=True)
class AgendaRow:
    dispute: Dispute
    age_working_days: int
    formal_working_days: int
    next_deadline: date | None
    next_deadline_label: str
    flags: rules.DisputeFlags


def meeting_agenda(as_of: date, calendar: WorkingDayCalendar, user: Any) -> list[AgendaRow]:
    """Every open formal dispute for the weekly meeting, oldest formal date first."""
    rows = []
    queryset = with_child_hidden(
        Dispute.objects.select_related(*_JOINS).filter(status=Dispute.Status.OPEN, is_formal=True),
        user,
    ).order_by("formal_raised_on", "id")
    for dispute in queryset:
        candidates = []
        if dispute.responded_on is None and dispute.response_due:
            candidates.append((dispute.response_due, "Response"))
        if dispute.meeting_due and dispute.meeting_held_on is None:
            candidates.append((dispute.meeting_due, "Dispute meeting"))
        if dispute.formal_due:
            candidates.append((dispute.formal_due, "Formal process ends"))
        upcoming = min(candidates) if candidates else (None, "")
        rows.append(
            AgendaRow(
                dispute=dispute,
                age_working_days=rules.working_days_taken(dispute.raised_on, as_of, calendar),
                formal_working_days=rules.working_days_taken(
                    dispute.formal_raised_on or as_of, as_of, calendar
                ),
                next_deadline=upcoming[0],
                next_deadline_label=upcoming[1],
                flags=dispute.flags(as_of),
            )
        )
    return rows


def restricted_records(user: Any, *, see_all: bool) -> dict[str, list[Any]]:
    """Cafcass referrals and legal advice: everything for managers and auditors, an IRO's own
    for an IRO."""
    referrals = with_child_hidden(
        CafcassReferral.objects.select_related("child", "iro", "dispute"), user
    )
    advice = with_child_hidden(
        LegalAdviceRecord.objects.select_related("child", "iro", "dispute"), user
    )
    if not see_all:
        referrals = referrals.filter(iro__user=user)
        advice = advice.filter(iro__user=user)
    return {"referrals": list(referrals[:200]), "advice": list(advice[:200])}


def good_practice_alerts(user: Any) -> QuerySet[GoodPracticeAlert]:
    return with_child_hidden(GoodPracticeAlert.objects.select_related("child", "iro"), user)

"""What is due to be notified on a day: one query per kind over the stored due dates, each
answer a `Due` naming the recipient, the record and the deadline. Nothing here sends."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import F, Q
from django.urls import reverse

from iro.accounts.models import User
from iro.accounts.roles import Role
from iro.children.models import PeriodOfCare
from iro.disputes.models import (
    CafcassReferral,
    Dispute,
    DisputeEvent,
    LegalAdviceRecord,
    SystemicIssue,
)
from iro.reviews.models import Convening, Recommendation, Review
from iro.timetable.calendar import WorkingDayCalendar

from .models import Preference, StageContact

# "At once" kinds look back this far, so a record made while the scheduler was stopped is
# still told, and an old record is not told for the first time years later.
RECENT = timedelta(days=7)


@dataclass(frozen=True)
class Due:
    kind: str
    recipient: Any
    object_type: str
    object_id: str
    due_on: date
    subject: str
    body: str
    link: str
    child_id: int | None = None
    child_ref: str = ""


def _role_users(*roles: Role) -> list[Any]:
    return list(
        User.objects.filter(is_active=True, groups__name__in=[str(r) for r in roles]).distinct()
    )


def _iro_user(child: Any) -> Any:
    iro = child.iro
    return iro.user if iro is not None and iro.user_id and iro.user.is_active else None


def _team_manager(user: Any) -> Any:
    worker = getattr(user, "social_worker", None) if user is not None else None
    team = worker.team if worker is not None else None
    manager = team.manager if team is not None else None
    return manager if manager is not None and manager.is_active else None


def _people(*users: Any) -> list[Any]:
    seen: dict[int, Any] = {}
    for user in users:
        if isinstance(user, list):
            for u in user:
                seen.setdefault(u.pk, u)
        elif user is not None:
            seen.setdefault(user.pk, user)
    return list(seen.values())


def _for_each(people: Iterable[Any], **due: Any) -> Iterator[Due]:
    for person in people:
        yield Due(recipient=person, **due)


def _child_text(child: Any) -> str:
    # The child's ID only: an inbox must never hold a child's name or details.
    return f"child {child.la_child_id}"


def no_iro(as_of: date, cal: WorkingDayCalendar, days: dict[str, int]) -> Iterator[Due]:
    managers = _role_users(Role.IRO_MANAGER)
    periods = PeriodOfCare.objects.filter(
        end_date__isnull=True, child__iro__isnull=True, child__current_period=F("pk")
    ).select_related("child")
    for period in periods:
        started = period.start_date or period.first_known_date
        moments = [("came into care with no IRO", started)]
        if period.iro_allocation_due and period.iro_allocation_due < as_of:
            moments.append(("still has no IRO after 5 working days", period.iro_allocation_due))
        for text, due_on in moments:
            if due_on is None or (text.startswith("came") and due_on < as_of - RECENT):
                continue
            yield from _for_each(
                managers,
                kind="no_iro",
                object_type="period",
                object_id=str(period.pk),
                due_on=due_on,
                subject=f"A child in care has no IRO: {_child_text(period.child)}",
                body=f"Child {period.child.la_child_id} {text}. Allocate an IRO.",
                link=reverse("children:allocate_iro", args=[period.child_id]),
                child_id=period.child_id,
                child_ref=period.child.la_child_id,
            )


def reviews(as_of: date, cal: WorkingDayCalendar, days: dict[str, int]) -> Iterator[Due]:
    horizon = cal.add_working_days(as_of, max(days["review_due_20"], days["review_due_10"]))
    periods = PeriodOfCare.objects.filter(
        end_date__isnull=True,
        child__current_period=F("pk"),
        next_review_due__isnull=False,
        next_review_due__lte=horizon,
    ).select_related("child__iro__user")
    support = _role_users(Role.BUSINESS_SUPPORT)
    managers = _role_users(Role.IRO_MANAGER)
    for period in periods:
        child, due = period.child, period.next_review_due
        assert due is not None
        iro = _iro_user(child)
        common = {
            "object_type": "period",
            "object_id": str(period.pk),
            "due_on": due,
            "link": reverse("children:detail", args=[child.pk]),
            "child_id": child.pk,
            "child_ref": child.la_child_id,
        }
        when = f"{due.day} {due:%B %Y}"
        if due < as_of:
            yield from _for_each(
                _people(iro, managers),
                kind="review_overdue",
                subject=f"Review overdue: {_child_text(child)}",
                body=f"The review of {_child_text(child)} was due by {when} and has not been held.",
                **common,
            )
            continue
        left = cal.working_days_between(as_of, due)
        if left <= days["review_due_20"]:
            yield from _for_each(
                _people(iro, support),
                kind="review_due_20",
                subject=f"Review due by {when}: {_child_text(child)}",
                body=f"The review of {_child_text(child)} is due by {when}. Arrange it now.",
                **common,
            )
        if left <= days["review_due_10"]:
            yield from _for_each(
                _people(iro),
                kind="review_due_10",
                subject=f"Review due in {left} working days: {_child_text(child)}",
                body=f"The review of {_child_text(child)} is due by {when}.",
                **common,
            )


def convening(as_of: date, cal: WorkingDayCalendar, days: dict[str, int]) -> Iterator[Due]:
    support = _role_users(Role.BUSINESS_SUPPORT)
    upcoming = Convening.objects.filter(
        proposed_date__gte=as_of, review__isnull=True
    ).select_related("child__iro__user")
    late_request = upcoming.filter(
        convening_request_due__lt=as_of, convening_request_received_on__isnull=True
    )
    late_plan = upcoming.filter(reports_due__lt=as_of, care_plan_received_on__isnull=True)
    for kind, queryset, field, what in (
        ("convening_late", late_request, "convening_request_due", "convening request"),
        ("care_plan_late", late_plan, "reports_due", "care plan or pathway plan"),
    ):
        for meeting in queryset:
            child = meeting.child
            due_on = getattr(meeting, field)
            yield from _for_each(
                _people(_iro_user(child), support),
                kind=kind,
                object_type="convening",
                object_id=str(meeting.pk),
                due_on=due_on,
                subject=f"The {what} is late for a review: {_child_text(child)}",
                body=(
                    f"The {what} for the review of {_child_text(child)} on "
                    f"{meeting.proposed_date.day} {meeting.proposed_date:%B %Y} was due by "
                    f"{due_on.day} {due_on:%B %Y} and has not been received."
                ),
                link=reverse("children:detail", args=[child.pk]),
                child_id=child.pk,
                child_ref=child.la_child_id,
            )


MINUTES = (
    ("recommendations_due", "recommendations_issued_on", "the recommendations"),
    ("minutes_written_due", "minutes_written_on", "the letter to the child"),
    ("minutes_distributed_due", "minutes_distributed_on", "the minutes' distribution"),
)


def minutes(as_of: date, cal: WorkingDayCalendar, days: dict[str, int]) -> Iterator[Due]:
    horizon = cal.add_working_days(as_of, days["minutes_due"])
    pending = Q()
    for due_field, done_field, _what in MINUTES:
        pending |= Q(**{f"{due_field}__lte": horizon, f"{done_field}__isnull": True})
    held = Review.objects.filter(pending, status=Review.Status.HELD).select_related(
        "chair__user", "child"
    )
    for review in held:
        chair = review.chair.user if review.chair and review.chair.user_id else None
        for due_field, done_field, what in MINUTES:
            due_on = getattr(review, due_field)
            if due_on is None or due_on > horizon or getattr(review, done_field):
                continue
            overdue = due_on < as_of
            yield from _for_each(
                _people(chair),
                kind="minutes_overdue" if overdue else "minutes_due",
                object_type=f"review.{due_field}",
                object_id=str(review.pk),
                due_on=due_on,
                subject=(
                    f"{what.capitalize()} {'overdue' if overdue else 'due'}: "
                    f"{_child_text(review.child)}"
                ),
                body=(
                    f"{what.capitalize()} for the review of {_child_text(review.child)} on "
                    f"{review.held_on.day} {review.held_on:%B %Y} "
                    f"{'were' if overdue else 'are'} due by {due_on.day} {due_on:%B %Y}."
                ),
                link=reverse("reviews:detail", args=[review.pk]),
                child_id=review.child_id,
                child_ref=review.child.la_child_id,
            )


def recommendations(as_of: date, cal: WorkingDayCalendar, days: dict[str, int]) -> Iterator[Due]:
    horizon = cal.add_working_days(as_of, days["recommendation_due"])
    open_ = Recommendation.objects.filter(
        status=Recommendation.Status.OPEN, owner__isnull=False, due_date__lte=horizon
    ).select_related("owner__social_worker__team__manager", "child")
    for item in open_:
        overdue = item.due_date < as_of
        people = _people(item.owner, _team_manager(item.owner) if overdue else None)
        when = f"{item.due_date.day} {item.due_date:%B %Y}"
        yield from _for_each(
            people,
            kind="recommendation_overdue" if overdue else "recommendation_due",
            object_type="recommendation",
            object_id=str(item.pk),
            due_on=item.due_date,
            subject=f"Recommendation {'overdue' if overdue else 'due'}: {_child_text(item.child)}",
            body=f"A review recommendation for {_child_text(item.child)} is due by {when}.",
            link=reverse("reviews:my_recommendations"),
            child_id=item.child_id,
            child_ref=item.child.la_child_id,
        )


def _stage_contacts() -> dict[int, list[Any]]:
    contacts: dict[int, list[Any]] = {}
    for contact in StageContact.objects.select_related("user").filter(user__is_active=True):
        contacts.setdefault(contact.stage_id, []).append(contact.user)
    return contacts


def _dispute_text(dispute: Any) -> str:
    return (
        f"about {_child_text(dispute.child)}"
        if dispute.child_id
        else f"({dispute.get_scope_display().lower()})"
    )


def disputes(as_of: date, cal: WorkingDayCalendar, days: dict[str, int]) -> Iterator[Due]:
    contacts = _stage_contacts()
    open_ = Dispute.objects.filter(status=Dispute.Status.OPEN).select_related(
        "child", "current_stage", "responder__social_worker__team__manager"
    )
    horizon = cal.add_working_days(as_of, days["dispute_response_due"])
    for dispute in open_.filter(responder__isnull=False, stage_started_on__gte=as_of - RECENT):
        yield from _for_each(
            _people(dispute.responder, _team_manager(dispute.responder)),
            kind="dispute_raised",
            object_type="dispute",
            object_id=str(dispute.pk),
            due_on=dispute.stage_started_on,
            subject=f"A dispute has been raised with you {_dispute_text(dispute)}",
            body=(
                f"An IRO has raised a dispute ({dispute.current_stage.name}) "
                f"{_dispute_text(dispute)}. Respond by "
                + (
                    f"{dispute.response_due.day} {dispute.response_due:%B %Y}."
                    if dispute.response_due
                    else "the date on the dispute."
                )
            ),
            link=reverse("disputes:detail", args=[dispute.pk]),
            child_id=dispute.child_id,
            child_ref=dispute.child.la_child_id if dispute.child else "",
        )
    escalations = DisputeEvent.objects.filter(
        kind=DisputeEvent.Kind.ESCALATED,
        dispute__status=Dispute.Status.OPEN,
        occurred_on__gte=as_of - RECENT,
    ).select_related("dispute__child", "dispute__current_stage", "dispute__responder", "stage")
    for event in escalations:
        dispute = event.dispute
        yield from _for_each(
            _people(
                dispute.responder,
                _team_manager(dispute.responder),
                contacts.get(event.stage_id or dispute.current_stage_id, []),
            ),
            kind="dispute_escalated",
            object_type="dispute_event",
            object_id=str(event.pk),
            due_on=event.occurred_on,
            subject=f"A dispute has been escalated {_dispute_text(dispute)}",
            body=f"A dispute {_dispute_text(dispute)} has been escalated to {dispute.current_stage.name}.",
            link=reverse("disputes:detail", args=[dispute.pk]),
            child_id=dispute.child_id,
            child_ref=dispute.child.la_child_id if dispute.child else "",
        )
    waiting = open_.filter(
        responded_on__isnull=True, response_due__isnull=False, response_due__lte=horizon
    )
    for dispute in waiting:
        due = dispute.response_due
        assert due is not None
        overdue = due < as_of
        people = (
            _people(
                dispute.responder,
                _team_manager(dispute.responder),
                contacts.get(dispute.current_stage_id, []),
            )
            if overdue
            else _people(dispute.responder)
        )
        yield from _for_each(
            people,
            kind="dispute_response_overdue" if overdue else "dispute_response_due",
            object_type="dispute",
            object_id=str(dispute.pk),
            due_on=due,
            subject=f"Dispute response {'overdue' if overdue else 'due'} {_dispute_text(dispute)}",
            body=f"The response to a dispute {_dispute_text(dispute)} {'was' if overdue else 'is'} due by {due.day} {due:%B %Y}.",
            link=reverse("disputes:detail", args=[dispute.pk]),
            child_id=dispute.child_id,
            child_ref=dispute.child.la_child_id if dispute.child else "",
        )


def records(as_of: date, cal: WorkingDayCalendar, days: dict[str, int]) -> Iterator[Due]:
    seniors = _role_users(Role.IRO_MANAGER, Role.HEAD_OF_SERVICE)
    for referral in CafcassReferral.objects.filter(referred_on__gte=as_of - RECENT).select_related(
        "child"
    ):
        yield from _for_each(
            seniors,
            kind="cafcass_referral",
            object_type="cafcass_referral",
            object_id=str(referral.pk),
            due_on=referral.referred_on,
            subject=f"Cafcass referral recorded: {_child_text(referral.child)}",
            body=f"An IRO has referred {_child_text(referral.child)} to Cafcass.",
            link=reverse("children:detail", args=[referral.child_id]),
            child_id=referral.child_id,
            child_ref=referral.child.la_child_id,
        )
    for advice in LegalAdviceRecord.objects.filter(sought_on__gte=as_of - RECENT).select_related(
        "child"
    ):
        about = f" about {_child_text(advice.child)}" if advice.child_id else ""
        yield from _for_each(
            seniors,
            kind="legal_advice",
            object_type="legal_advice",
            object_id=str(advice.pk),
            due_on=advice.sought_on,
            subject=f"Legal advice recorded{about}",
            body=f"An IRO has recorded seeking independent legal advice{about}.",
            link=reverse("disputes:restricted"),
            child_id=advice.child_id,
            child_ref=advice.child.la_child_id if advice.child_id else "",
        )
    heads = _role_users(Role.HEAD_OF_SERVICE)
    for issue in SystemicIssue.objects.filter(raised_on__gte=as_of - RECENT):
        yield from _for_each(
            heads,
            kind="systemic_issue",
            object_type="systemic_issue",
            object_id=str(issue.pk),
            due_on=issue.raised_on,
            subject="A systemic issue has been raised",
            body=f"The IRO service has raised a systemic issue with {issue.raised_with}.",
            link=reverse("disputes:systemic"),
        )


def weekly_digest(as_of: date, cal: WorkingDayCalendar, days: dict[str, int]) -> Iterator[Due]:
    if as_of.weekday() != 0:
        return
    week_end = as_of + timedelta(days=6)
    off = set(Preference.objects.filter(weekly_digest=False).values_list("user_id", flat=True))
    people = [u for u in _people(_role_users(Role.IRO, Role.IRO_MANAGER)) if u.pk not in off]
    open_periods = PeriodOfCare.objects.filter(
        end_date__isnull=True, child__current_period=F("pk"), next_review_due__lte=week_end
    )
    for person in people:
        mine = (
            open_periods
            if person.groups.filter(name=str(Role.IRO_MANAGER)).exists()
            else open_periods.filter(child__iro__user=person)
        )
        overdue = mine.filter(next_review_due__lt=as_of).count()
        this_week = mine.filter(next_review_due__gte=as_of).count()
        yield Due(
            kind="weekly_digest",
            recipient=person,
            object_type="digest",
            object_id=str(person.pk),
            due_on=as_of,
            subject=f"Your week from {as_of.day} {as_of:%B %Y}",
            body=(
                f"Reviews due this week: {this_week}. Reviews overdue: {overdue}. "
                "Sign in to see the children and what else is due."
            ),
            link=reverse("web:home"),
        )


FINDERS = (no_iro, reviews, convening, minutes, recommendations, disputes, records, weekly_digest)

"""Changes to child protection records. Each service runs in one transaction, checks the
object (the chair, their cover or a manager), checks its dates against the child's story,
validates with `full_clean()`, writes its audit entry and refreshes the stored timetable
(`iro.core.facts`) in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from iro.accounts.models import User
from iro.audit.services import audit_record, field_changes, snapshot
from iro.children.models import Child
from iro.core import facts
from iro.timetable.dates import format_date
from iro.timetable.story import Story, StoryDate, When, date_problems

from .access import require_protection_change
from .models import (
    ChildProtectionPlan,
    Conference,
    Decision,
    ReportFrom,
    Section47Enquiry,
)

ENQUIRY_FIELDS = ("strategy_discussion_on", "chair_id", "icpc_not_required")
CONFERENCE_FIELDS = ("held_on", "chair_id", "attended", "reports", "decision", "category")
PLAN_FIELDS = (
    "start_date",
    "end_date",
    "end_reason",
    "end_notes",
    "initial_category",
    "latest_category",
    "previous_plans",
    "chair_id",
)


def _staff(acting_user: User | None) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _story_check(child: Child, *items: StoryDate, today: date | None = None) -> None:
    """A child protection date is checked against the child's birth, not their time in care:
    a child on a plan need not be looked after."""
    problems = date_problems(
        list(items), Story(born=child.date_of_birth), today or timezone.localdate()
    )
    if problems:
        raise ValidationError(problems)


def _report_dates(reports: Mapping[str, date], held_on: date) -> list[StoryDate]:
    labels = dict(ReportFrom.choices)
    return [
        StoryDate(
            f"report_{key}",
            f"Date the {str(labels[key]).lower()} report was received",
            received,
            When.HAPPENED,
        )
        for key, received in reports.items()
    ]


def _reports_before(reports: Mapping[str, date], held_on: date) -> None:
    labels = dict(ReportFrom.choices)
    late = {
        f"report_{key}": f"Date the {str(labels[key]).lower()} report was received must be on or "
        f"before the date of the conference, {format_date(held_on)}"
        for key, received in reports.items()
        if received > held_on
    }
    if late:
        raise ValidationError(late)


def _audit(actor: Any, action: str, obj: Any, summary: str, changes: dict[str, Any]) -> None:
    audit_record(
        actor=actor,
        action=action,
        # As the audit trail's page reads them: "Section47 enquiry", "Child protection plan".
        object_type={
            "section47enquiry": "section47_enquiry",
            "childprotectionplan": "child_protection_plan",
        }.get(obj._meta.model_name, obj._meta.model_name),
        object_id=obj.pk,
        child_id=obj.child_id,
        summary=summary,
        changes=changes,
    )


# --- section 47 enquiries ----------------------------------------------------------------------


@transaction.atomic
def enquiry_record(
    *,
    acting_user: User | None,
    child: Child,
    strategy_discussion_on: date,
    chair: Any,
    source: str = "form",
) -> Section47Enquiry:
    """Record the strategy discussion that started section 47 enquiries; the initial
    conference falls due 15 working days after it."""
    require_protection_change(acting_user, child, chair, object_type="section47_enquiry")
    _story_check(
        child,
        StoryDate(
            "strategy_discussion_on",
            "Date of the strategy discussion",
            strategy_discussion_on,
            When.HAPPENED,
        ),
    )
    if Section47Enquiry.objects.filter(
        child=child, strategy_discussion_on=strategy_discussion_on
    ).exists():
        raise ValidationError(
            {
                "strategy_discussion_on": "A strategy discussion on this date is already recorded "
                "for this child"
            }
        )
    enquiry = Section47Enquiry(
        child=child,
        strategy_discussion_on=strategy_discussion_on,
        chair=chair,
        source=source,
        recorded_by=_staff(acting_user),
    )
    enquiry.full_clean()
    enquiry.save()
    _audit(
        acting_user,
        "create",
        enquiry,
        f"Strategy discussion recorded: section 47 enquiries from "
        f"{format_date(strategy_discussion_on)}",
        field_changes(None, snapshot(enquiry, ENQUIRY_FIELDS)),
    )
    facts.refresh([child.pk])
    enquiry.refresh_from_db()
    return enquiry


@transaction.atomic
def enquiry_update(
    *,
    acting_user: User | None,
    enquiry: Section47Enquiry,
    strategy_discussion_on: date,
    chair: Any,
    icpc_not_required: bool,
) -> Section47Enquiry:
    """Correct the strategy discussion's date or the chair, or record that the enquiries
    concluded no initial conference was needed."""
    child = enquiry.child
    require_protection_change(
        acting_user, child, enquiry.chair, object_type="section47_enquiry", object_id=enquiry.pk
    )
    if chair is not None and chair != enquiry.chair:
        # Handing the conference to another chair is also a change for the new chair's records.
        require_protection_change(
            acting_user, child, chair, object_type="section47_enquiry", object_id=enquiry.pk
        )
    _story_check(
        child,
        StoryDate(
            "strategy_discussion_on",
            "Date of the strategy discussion",
            strategy_discussion_on,
            When.HAPPENED,
        ),
    )
    if (
        Section47Enquiry.objects.filter(child=child, strategy_discussion_on=strategy_discussion_on)
        .exclude(pk=enquiry.pk)
        .exists()
    ):
        raise ValidationError(
            {
                "strategy_discussion_on": "A strategy discussion on this date is already recorded "
                "for this child"
            }
        )
    if icpc_not_required and enquiry.icpc_held_on is not None:
        raise ValidationError(
            {
                "icpc_not_required": "The initial conference has been held, so it cannot be "
                "recorded as not required"
            }
        )
    if enquiry.icpc_held_on is not None and strategy_discussion_on > enquiry.icpc_held_on:
        raise ValidationError(
            {
                "strategy_discussion_on": "Date of the strategy discussion must be on or before "
                f"the initial conference, {format_date(enquiry.icpc_held_on)}"
            }
        )
    before = snapshot(enquiry, ENQUIRY_FIELDS)
    enquiry.strategy_discussion_on = strategy_discussion_on
    enquiry.chair = chair
    enquiry.icpc_not_required = icpc_not_required
    enquiry.full_clean()
    enquiry.save(update_fields=["strategy_discussion_on", "chair", "icpc_not_required"])
    _audit(
        acting_user,
        "update",
        enquiry,
        "Section 47 enquiries changed",
        field_changes(before, snapshot(enquiry, ENQUIRY_FIELDS)),
    )
    facts.refresh([child.pk])
    enquiry.refresh_from_db()
    return enquiry


# --- conferences ------------------------------------------------------------------------------


def _conference_checks(
    child: Child,
    held_on: date,
    reports: Mapping[str, date],
    not_before: date,
    not_before_name: str,
) -> None:
    _story_check(
        child,
        StoryDate(
            "held_on",
            "Date of the conference",
            held_on,
            When.HAPPENED,
            not_before=not_before,
            not_before_name=not_before_name,
        ),
        *_report_dates(reports, held_on),
    )
    _reports_before(reports, held_on)


def _plain_reports(reports: Mapping[str, date]) -> dict[str, str]:
    return {key: value.isoformat() for key, value in sorted(reports.items())}


def _conference_save(acting_user: User | None, conference: Conference, what: str) -> Conference:
    """Validate and save a new conference, audit it and refresh the child's stored timetable
    (in the caller's transaction)."""
    conference.full_clean()
    conference.save()
    _audit(
        acting_user,
        "create",
        conference,
        f"{what}: {conference.get_decision_display()}",
        field_changes(None, snapshot(conference, CONFERENCE_FIELDS)),
    )
    facts.refresh([conference.child_id])
    conference.refresh_from_db()
    return conference


@transaction.atomic
def initial_conference_record(
    *,
    acting_user: User | None,
    enquiry: Section47Enquiry,
    held_on: date,
    decision: str,
    attended: Sequence[str] = (),
    reports: Mapping[str, date] | None = None,
    category: str = "",
    previous_plans: int | None = None,
    source: str = "form",
) -> Conference:
    """Record the initial conference and its decision; a plan decided starts on the day."""
    child = enquiry.child
    reports = dict(reports or {})
    require_protection_change(
        acting_user, child, enquiry.chair, object_type="conference", object_id=enquiry.pk
    )
    if enquiry.icpc_held_on is not None or enquiry.conferences.filter(kind="initial").exists():
        raise ValidationError("The initial conference for these enquiries is already recorded")
    if enquiry.icpc_not_required:
        raise ValidationError(
            "These enquiries are recorded as needing no initial conference: change that first"
        )
    _conference_checks(
        child,
        held_on,
        reports,
        enquiry.strategy_discussion_on,
        "the strategy discussion",
    )
    errors: dict[str, str] = {}
    if decision == Decision.PLAN:
        if not category:
            errors["category"] = "Select the category of abuse or neglect"
        if previous_plans is None:
            errors["previous_plans"] = "Enter how many plans the child has had before"
        if ChildProtectionPlan.objects.filter(child=child, end_date__isnull=True).exists():
            errors["decision"] = (
                "The child is already on a child protection plan: record a review conference "
                "for it instead"
            )
    if errors:
        raise ValidationError(errors)
    plan = None
    if decision == Decision.PLAN:
        plan = ChildProtectionPlan(
            child=child,
            enquiry=enquiry,
            chair=enquiry.chair,
            start_date=held_on,
            initial_category=category,
            latest_category=category,
            previous_plans=previous_plans,
            source=source,
        )
        plan.full_clean()
        plan.save()
        _audit(
            acting_user,
            "create",
            plan,
            f"Child protection plan started: {plan.get_initial_category_display()}",
            field_changes(None, snapshot(plan, PLAN_FIELDS)),
        )
    conference = Conference(
        child=child,
        kind=Conference.Kind.INITIAL,
        enquiry=enquiry,
        plan=plan,
        held_on=held_on,
        chair=enquiry.chair,
        attended=sorted(set(attended)),
        reports=_plain_reports(reports),
        decision=decision,
        category=category if decision == Decision.PLAN else "",
        source=source,
        recorded_by=_staff(acting_user),
    )
    return _conference_save(acting_user, conference, "Initial conference recorded")


@transaction.atomic
def review_conference_record(
    *,
    acting_user: User | None,
    plan: ChildProtectionPlan,
    held_on: date,
    decision: str,
    attended: Sequence[str] = (),
    reports: Mapping[str, date] | None = None,
    category: str = "",
    end_reason: str = "",
    end_notes: str = "",
    source: str = "form",
) -> Conference:
    """Record a review conference of a running plan; a decision to end the plan ends it on the
    day, with the reason."""
    child = plan.child
    reports = dict(reports or {})
    require_protection_change(
        acting_user, child, plan.chair, object_type="conference", object_id=plan.pk
    )
    if plan.end_date is not None:
        raise ValidationError(
            f"This plan ended on {format_date(plan.end_date)}: there are no more review conferences"
        )
    last = plan.last_conference_on or plan.start_date
    _conference_checks(child, held_on, reports, last, "the last conference")
    if held_on == last:
        raise ValidationError({"held_on": "A conference on this date is already recorded"})
    errors: dict[str, str] = {}
    if decision == Decision.CONTINUES and not category:
        errors["category"] = "Select the category of abuse or neglect"
    if decision == Decision.ENDS and not end_reason:
        errors["end_reason"] = "Select why the plan ends"
    if errors:
        raise ValidationError(errors)
    before = snapshot(plan, PLAN_FIELDS)
    if decision == Decision.CONTINUES:
        plan.latest_category = category
    else:
        plan.end_date, plan.end_reason, plan.end_notes = held_on, end_reason, end_notes
    plan.full_clean()
    plan.save()
    conference = Conference(
        child=child,
        kind=Conference.Kind.REVIEW,
        plan=plan,
        enquiry=None,
        held_on=held_on,
        chair=plan.chair,
        attended=sorted(set(attended)),
        reports=_plain_reports(reports),
        decision=decision,
        category=category if decision == Decision.CONTINUES else "",
        source=source,
        recorded_by=_staff(acting_user),
    )
    changes = field_changes(before, snapshot(plan, PLAN_FIELDS))
    if changes:
        _audit(acting_user, "update", plan, "Child protection plan changed", changes)
    return _conference_save(acting_user, conference, "Review conference recorded")


@transaction.atomic
def conference_update(
    *,
    acting_user: User | None,
    conference: Conference,
    held_on: date,
    attended: Sequence[str],
    reports: Mapping[str, date],
    category: str = "",
) -> Conference:
    """Correct a recorded conference: its date, who attended, the reports and the category.
    The decision stays (a plan started or ended is changed by recording the next conference).
    The plan's start or end moves with the date of the conference that started or ended it."""
    child = conference.child
    chair = conference.plan.chair if conference.plan is not None else conference.chair
    require_protection_change(
        acting_user, child, chair, object_type="conference", object_id=conference.pk
    )
    reports = dict(reports)
    if conference.kind == Conference.Kind.INITIAL:
        assert conference.enquiry is not None
        floor, floor_name = conference.enquiry.strategy_discussion_on, "the strategy discussion"
    else:
        previous = (
            Conference.objects.filter(plan=conference.plan, held_on__lt=conference.held_on)
            .order_by("-held_on")
            .values_list("held_on", flat=True)
            .first()
        )
        floor, floor_name = previous or conference.plan.start_date, "the last conference"  # type: ignore[union-attr]
    _conference_checks(child, held_on, reports, floor, floor_name)
    if conference.plan_id is not None and conference.kind == Conference.Kind.INITIAL:
        first_review = (
            Conference.objects.filter(plan=conference.plan, kind=Conference.Kind.REVIEW)
            .order_by("held_on")
            .values_list("held_on", flat=True)
            .first()
        )
        if first_review is not None and held_on >= first_review:
            raise ValidationError(
                {
                    "held_on": "Date of the conference must be before the first review "
                    f"conference, {format_date(first_review)}"
                }
            )
    if conference.decision in (Decision.PLAN, Decision.CONTINUES) and not category:
        raise ValidationError({"category": "Select the category of abuse or neglect"})
    before = snapshot(conference, CONFERENCE_FIELDS)
    conference.held_on = held_on
    conference.attended = sorted(set(attended))
    conference.reports = _plain_reports(reports)
    if conference.decision in (Decision.PLAN, Decision.CONTINUES):
        conference.category = category
    conference.full_clean()
    conference.save()
    plan = conference.plan
    if plan is not None:
        plan_before = snapshot(plan, PLAN_FIELDS)
        if conference.decision == Decision.PLAN:
            plan.start_date = held_on
            plan.initial_category = category
        elif conference.decision == Decision.ENDS:
            plan.end_date = held_on
        latest = (
            Conference.objects.filter(plan=plan, decision__in=[Decision.PLAN, Decision.CONTINUES])
            .order_by("-held_on")
            .values_list("category", flat=True)
            .first()
        )
        plan.latest_category = latest or plan.latest_category
        plan.full_clean()
        plan.save()
        plan_changes = field_changes(plan_before, snapshot(plan, PLAN_FIELDS))
        if plan_changes:
            _audit(acting_user, "update", plan, "Child protection plan changed", plan_changes)
    _audit(
        acting_user,
        "update",
        conference,
        f"{conference.get_kind_display()} changed",
        field_changes(before, snapshot(conference, CONFERENCE_FIELDS)),
    )
    facts.refresh([child.pk])
    conference.refresh_from_db()
    return conference

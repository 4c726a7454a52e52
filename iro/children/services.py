"""Changes to the register of children in care. Each service is one transaction, validates
before saving and writes its audit entry in the same transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from iro.audit.services import audit_record, field_changes, snapshot
from iro.caseloads.models import ReviewingOfficer
from iro.timetable.story import Story, StoryDate, When, care_start_problem, date_problems

from .codes import SHORT_BREAK_LEGAL_STATUSES
from .models import Child, Episode, IROAllocation, PeriodOfCare, SocialWorker, Team
from .story import story_check


@transaction.atomic
def child_admit(
    *,
    acting_user: Any,
    la_child_id: str,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    sex: str,
    ethnicity: str,
    start_date: date,
    legal_status: str,
    placement: str,
    category_of_need: str = "",
    team: Team | None = None,
    social_worker: SocialWorker | None = None,
    sibling_group: str = "",
) -> Child:
    """Record a child coming into care: the child (new or returning), a new period of care and
    its first episode (RNE S). The review timetable starts from `start_date`."""
    from iro.reviews.schedule import schedule_refresh

    child = Child.objects.filter(la_child_id=la_child_id).first()
    if child is not None and child.current_period_id is not None:
        raise ValidationError({"la_child_id": "This child is already in care"})
    problems = date_problems(
        [StoryDate("date_of_birth", "Date of birth", date_of_birth, When.HAPPENED)],
        Story(born=None),
        timezone.localdate(),
    )
    if problem := care_start_problem(date_of_birth, start_date):
        problems.setdefault("start_date", problem)
    if problems:
        raise ValidationError(problems)
    if child is not None:
        last_end = PeriodOfCare.objects.filter(child=child).order_by("-first_known_date").first()
        if last_end and last_end.end_date and start_date < last_end.end_date:
            raise ValidationError(
                {"start_date": "Date care started must be after the last period of care ended"}
            )
    is_new = child is None
    if child is None:
        child = Child(la_child_id=la_child_id)
    before = {} if is_new else snapshot(child)
    child.first_name, child.last_name = first_name, last_name
    child.date_of_birth, child.sex, child.ethnicity = date_of_birth, sex, ethnicity
    child.team, child.social_worker = team, social_worker
    child.sibling_group = sibling_group or child.sibling_group
    child.full_clean(exclude=["current_period", "iro"])
    child.save()

    period = PeriodOfCare(
        child=child,
        start_date=start_date,
        start_known=True,
        first_known_date=start_date,
        short_breaks_only=legal_status in SHORT_BREAK_LEGAL_STATUSES,
    )
    period.full_clean()
    period.save()
    episode = Episode(
        child=child,
        period=period,
        start_date=start_date,
        reason_new="S",
        legal_status=legal_status,
        category_of_need=category_of_need,
        placement=placement,
    )
    episode.full_clean()
    episode.save()
    child.current_period = period
    child.save(update_fields=["current_period"])
    schedule_refresh([period.id])

    audit_record(
        actor=acting_user,
        action="create" if is_new else "update",
        object_type="child",
        object_id=child.pk,
        child_id=child.pk,
        summary=f"Came into care on {start_date:%d/%m/%Y}",
        changes=field_changes(before, snapshot(child))
        | {"period_of_care_start": [None, start_date.isoformat()]},
    )
    return child


@transaction.atomic
def iro_allocate(
    *,
    acting_user: Any,
    child: Child,
    iro: ReviewingOfficer,
    start_date: date,
    reason: str = "",
) -> IROAllocation:
    """Allocate a child to an IRO, or transfer them: the current allocation ends the day the new
    one starts, and both stay in the child's IRO history."""
    current = (
        IROAllocation.objects.select_for_update()
        .filter(child=child, end_date__isnull=True)
        .order_by("-start_date")
        .first()
    )
    # An allocation dated in the future would take effect at once: refuse it.
    story_check(
        child,
        StoryDate("start_date", "Date of allocation", start_date, When.HAPPENED),
        period=child.current_period,
    )
    if current is not None:
        if current.iro_id == iro.pk:
            raise ValidationError({"iro": f"{iro} is already this child's IRO"})
        if start_date < current.start_date:
            raise ValidationError(
                {"start_date": "Date of allocation must be on or after the current allocation"}
            )
        if not reason.strip():
            raise ValidationError({"reason": "Enter the reason for the transfer"})
    if iro.end_date and iro.end_date < start_date:
        raise ValidationError({"iro": f"{iro} has left the IRO service"})
    if current is not None:
        current.end_date = start_date
        current.save(update_fields=["end_date"])
    allocation = IROAllocation(
        child=child, iro=iro, start_date=start_date, reason=reason.strip(), recorded_by=None
    )
    if getattr(acting_user, "is_authenticated", False):
        allocation.recorded_by = acting_user
    allocation.full_clean()
    allocation.save()
    previous_iro = child.iro
    child.iro = iro
    child.save(update_fields=["iro"])
    audit_record(
        actor=acting_user,
        action="update",
        object_type="child",
        object_id=child.pk,
        child_id=child.pk,
        summary=("Transferred to " if current else "Allocated to ") + str(iro),
        changes={
            "iro": [str(previous_iro) if previous_iro else None, str(iro)],
            "reason": [None, reason.strip()],
        },
    )
    return allocation

"""Changes to the register of children in care. Each service is one transaction, validates
before saving and writes its audit entry in the same transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from iro.accounts.models import ReviewingOfficer, User
from iro.accounts.services import child_restriction_set, require_named_to_change_restriction
from iro.audit.services import audit_record, field_changes, snapshot
from iro.core import facts
from iro.timetable.story import Story, StoryDate, When, care_start_problem, date_problems

from .codes import SHORT_BREAK_LEGAL_STATUSES
from .models import (
    Child,
    Episode,
    IROAllocation,
    IROCover,
    PeriodOfCare,
    RestrictionLiftRequest,
    SocialWorker,
    Team,
)
from .story import story_check

ALREADY_REGISTERED = (
    "A child with this ID is already on the register. To record them coming back into care, "
    "start a new period of care from their page"
)


@transaction.atomic
def child_admit(
    *,
    acting_user: User | None,
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
    """Add a new child coming into care: the child, their first period of care and its first
    episode (RNE S). An ID already on the register is refused, never overwritten: a child
    coming back into care gets a new period through `period_of_care_start`."""
    if Child.objects.filter(la_child_id=la_child_id).exists():
        raise ValidationError({"la_child_id": ALREADY_REGISTERED})
    problems = date_problems(
        [StoryDate("date_of_birth", "Date of birth", date_of_birth, When.HAPPENED)],
        Story(born=None),
        timezone.localdate(),
    )
    if problem := care_start_problem(date_of_birth, start_date):
        problems.setdefault("start_date", problem)
    if problems:
        raise ValidationError(problems)
    child = Child(
        la_child_id=la_child_id,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        sex=sex,
        ethnicity=ethnicity,
        team=team,
        social_worker=social_worker,
        sibling_group=sibling_group,
    )
    child.full_clean(exclude=["current_period", "iro"])
    child.save()
    _open_period(
        child,
        start_date=start_date,
        legal_status=legal_status,
        placement=placement,
        category_of_need=category_of_need,
    )
    audit_record(
        actor=acting_user,
        action="create",
        object_type="child",
        object_id=child.pk,
        child_id=child.pk,
        summary=f"Came into care on {start_date:%d/%m/%Y}",
        changes=field_changes({}, snapshot(child))
        | {"period_of_care_start": [None, start_date.isoformat()]},
    )
    return child


@transaction.atomic
def period_of_care_start(
    *,
    acting_user: User | None,
    child: Child,
    start_date: date,
    legal_status: str,
    placement: str,
    category_of_need: str = "",
    team: Team | None = None,
    social_worker: SocialWorker | None = None,
) -> PeriodOfCare:
    """A child who left care comes back: a new period of care and its first episode (RNE S),
    with the review timetable starting again. The child's details are kept as they are; only
    the team and social worker change when given."""
    child = Child.objects.select_for_update().get(pk=child.pk)
    if child.current_period_id is not None:
        raise ValidationError({"start_date": "This child is already in care"})
    if start_date < child.date_of_birth:
        raise ValidationError({"start_date": "Date care started must be after the date of birth"})
    last = PeriodOfCare.objects.filter(child=child).order_by("-first_known_date").first()
    if last is not None and last.end_date and start_date < last.end_date:
        raise ValidationError(
            {
                "start_date": "Date care started must be the same as or after the last period "
                f"of care ended ({last.end_date:%-d %B %Y})"
            }
        )
    before = snapshot(child, ["team_id", "social_worker_id"])
    if team is not None:
        child.team = team
    if social_worker is not None:
        child.social_worker = social_worker
    child.save(update_fields=["team", "social_worker"])
    period = _open_period(
        child,
        start_date=start_date,
        legal_status=legal_status,
        placement=placement,
        category_of_need=category_of_need,
    )
    audit_record(
        actor=acting_user,
        action="create",
        object_type="period_of_care",
        object_id=period.pk,
        child_id=child.pk,
        summary=f"Came back into care on {start_date:%d/%m/%Y}",
        changes=field_changes(before, snapshot(child, ["team_id", "social_worker_id"]))
        | {"period_of_care_start": [None, start_date.isoformat()]},
    )
    return period


def _open_period(
    child: Child, *, start_date: date, legal_status: str, placement: str, category_of_need: str
) -> PeriodOfCare:
    """The new period of care, its first episode, and the child's current period."""
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
    facts.refresh([child.pk])
    return period


@transaction.atomic
def iro_allocate(
    *,
    acting_user: User | None,
    child: Child,
    iro: ReviewingOfficer,
    start_date: date,
    reason: str = "",
    notified_on: date | None = None,
) -> IROAllocation:
    """Allocate a child to an IRO, or transfer them: the current allocation ends the day the new
    one starts, and both stay in the child's IRO history. ``notified_on``, when given, records
    when the IRO service was told of the child's current period of care."""
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
    period = child.current_period
    if notified_on is not None:
        if not notification_unrecorded(period):
            raise ValidationError(
                {"notified_on": "The date the IRO service was told is already recorded"}
            )
        story_check(
            child,
            StoryDate(
                "notified_on",
                "Date the IRO service was told the child came into care",
                notified_on,
                When.HAPPENED,
            ),
            period=period,
        )
        if notified_on > start_date:
            raise ValidationError(
                {
                    "notified_on": "Date the IRO service was told the child came into care must "
                    "be the same as or before the date of allocation"
                }
            )
    if current is not None:
        current.end_date = start_date
        current.full_clean()
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
    # The IROs of a child in a year (continuity) are stored facts.
    facts.refresh([child.pk])
    changes: dict[str, list[Any]] = {
        "iro": [str(previous_iro) if previous_iro else None, str(iro)],
        "reason": [None, reason.strip()],
    }
    if notified_on is not None and period is not None:
        period.iro_notified_on = notified_on
        period.save(update_fields=["iro_notified_on"])
        changes["iro_notified_on"] = [None, notified_on.isoformat()]
    audit_record(
        actor=acting_user,
        action="update",
        object_type="child",
        object_id=child.pk,
        child_id=child.pk,
        summary=("Transferred to " if current else "Allocated to ") + str(iro),
        changes=changes,
    )
    return allocation


def notification_unrecorded(period: PeriodOfCare | None) -> bool:
    """Whether the date the IRO service was told of this period of care can still be recorded:
    a period whose start is known and whose notification date is not yet recorded."""
    return period is not None and period.start_known and period.iro_notified_on is None


@transaction.atomic
def iro_cover_arrange(
    *,
    acting_user: User | None,
    absent_iro: ReviewingOfficer,
    covering_iro: ReviewingOfficer,
    start_date: date,
    end_date: date,
    reason: str,
    child: Child | None = None,
) -> IROCover:
    """The IRO manager sets cover: between the dates the covering IRO may change the records of
    the absent IRO's children (or of one child), as the allocated IRO may."""
    if not reason.strip():
        raise ValidationError(
            {"reason": "Enter the reason for the cover, for example annual leave"}
        )
    if child is not None and child.iro_id != absent_iro.pk:
        raise ValidationError({"child": f"{child.display_name} is not allocated to {absent_iro}"})
    if covering_iro.end_date and covering_iro.end_date < start_date:
        raise ValidationError({"covering_iro": f"{covering_iro} has left the IRO service"})
    cover = IROCover(
        absent_iro=absent_iro,
        covering_iro=covering_iro,
        child=child,
        start_date=start_date,
        end_date=end_date,
        reason=reason.strip(),
        recorded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    cover.full_clean()
    cover.save()
    whom = child.la_child_id if child is not None else f"all of {absent_iro}'s children"
    audit_record(
        actor=acting_user,
        action="create",
        object_type="iro_cover",
        object_id=cover.pk,
        child_id=child.pk if child is not None else None,
        summary=(f"{covering_iro} covers {whom} from {start_date:%d/%m/%Y} to {end_date:%d/%m/%Y}")[
            :300
        ],
        changes=field_changes(
            None,
            snapshot(
                cover,
                [
                    "absent_iro_id",
                    "covering_iro_id",
                    "child_id",
                    "start_date",
                    "end_date",
                    "reason",
                ],
            ),
        ),
    )
    return cover


@transaction.atomic
def iro_cover_end(*, acting_user: User | None, cover: IROCover, end_date: date) -> IROCover:
    """End a cover arrangement early (the IRO is back): the end date only moves earlier."""
    cover = IROCover.objects.select_for_update().get(pk=cover.pk)
    if end_date > cover.end_date:
        raise ValidationError(
            {"end_date": "Date cover ends must be on or before the date already set"}
        )
    if end_date < cover.start_date:
        raise ValidationError(
            {"end_date": "Date cover ends must be the same as or after the date it starts"}
        )
    before = cover.end_date
    cover.end_date = end_date
    cover.full_clean()
    cover.save(update_fields=["end_date"])
    audit_record(
        actor=acting_user,
        action="update",
        object_type="iro_cover",
        object_id=cover.pk,
        child_id=cover.child_id,
        summary=f"Cover by {cover.covering_iro} ended on {end_date:%d/%m/%Y}",
        changes={"end_date": [before.isoformat(), end_date.isoformat()]},
    )
    return cover


@transaction.atomic
def restriction_lift_request(
    *, acting_user: User | None, child: Child, reason: str
) -> RestrictionLiftRequest:
    """Ask the people named on a restricted record to lift the restriction (the asker is not
    named, so cannot lift it or see who is named)."""
    if not child.restricted:
        raise ValidationError("This record is not restricted")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the restriction should be lifted"})
    if child.lift_requests.filter(approved__isnull=True).exists():
        raise ValidationError(
            "A request to lift this restriction is already waiting for a decision"
        )
    request = RestrictionLiftRequest(child=child, requested_by=acting_user, reason=reason.strip())
    request.full_clean()
    request.save()
    audit_record(
        actor=acting_user,
        action="create",
        object_type="restriction_lift_request",
        object_id=request.pk,
        child_id=child.pk,
        summary=f"Asked for the restriction to be lifted: {reason.strip()}"[:300],
    )
    return request


@transaction.atomic
def restriction_lift_decide(
    *, acting_user: User | None, request: RestrictionLiftRequest, approve: bool
) -> RestrictionLiftRequest:
    """A person named on the record approves (the restriction is lifted, audited as theirs on
    the asker's request) or refuses. Someone not named is refused with 403."""
    request = (
        RestrictionLiftRequest.objects.select_for_update()
        .select_related("child")
        .get(pk=request.pk)
    )
    child = request.child
    require_named_to_change_restriction(acting_user, child)
    if not request.is_pending:
        raise ValidationError("This request has already been decided")
    if request.requested_by_id == getattr(acting_user, "pk", None):
        raise ValidationError("Someone else named on the record must decide your request")
    request.approved = approve
    request.decided_by = acting_user
    request.decided_at = timezone.now()
    request.save(update_fields=["approved", "decided_by", "decided_at"])
    if approve:
        child_restriction_set(acting_user=acting_user, child=child, restricted=False, users=[])
    audit_record(
        actor=acting_user,
        action="update",
        object_type="restriction_lift_request",
        object_id=request.pk,
        child_id=child.pk,
        summary=(
            f"{'Approved' if approve else 'Refused'} {request.requested_by}'s request to lift "
            "the restriction"
        )[:300],
        changes={"approved": [None, approve]},
    )
    return request

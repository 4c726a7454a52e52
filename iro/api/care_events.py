"""Care events from the council's case system, as services: each one transaction, validated
before saving, audited, and the child's due dates derived again in the same transaction (so a
child who comes into care through the API shows their IRO allocation and first review due at
once). A child coming into care goes through the register's own `child_admit`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from iro.accounts.models import User
from iro.audit.services import audit_record, field_changes, snapshot
from iro.children import codes
from iro.children.models import (
    Child,
    Episode,
    PeriodOfCare,
    SocialWorker,
    SocialWorkerEpisode,
    Team,
)
from iro.core import facts

EPISODE_CHANGE_REASONS = {"L", "P", "T", "U", "B"}
CORRECTABLE = ("first_name", "last_name", "date_of_birth", "sex", "ethnicity", "upn")


def _current_period(child: Child, field: str) -> PeriodOfCare:
    if child.current_period_id is None:
        raise ValidationError({field: f"Child {child.la_child_id} is not in care"})
    return PeriodOfCare.objects.select_for_update().get(pk=child.current_period_id)


def _current_episode(period: PeriodOfCare) -> Episode:
    episode = period.episodes.filter(end_date__isnull=True).order_by("-start_date").first()
    if episode is None:
        episode = period.episodes.order_by("-start_date").first()
    if episode is None:
        raise ValidationError({"date": "This period of care has no episode to follow"})
    return episode


@transaction.atomic
def episode_change(
    *,
    acting_user: User | None,
    child: Child,
    start_date: date,
    reason_new: str,
    legal_status: str | None = None,
    placement: str | None = None,
    actor_label: str = "",
) -> Episode:
    """A placement move or a change of legal status: the current episode ends the day the new
    one starts (the 903's DEC = the next DECOM), with what did not change carried over."""
    period = _current_period(child, "child_id")
    current = _current_episode(period)
    if reason_new not in EPISODE_CHANGE_REASONS:
        raise ValidationError({"reason_new": f"{reason_new} is not a reason for a new episode"})
    if legal_status is not None and legal_status not in codes.LEGAL_STATUS:
        raise ValidationError({"legal_status": f"{legal_status} is not a legal status code"})
    if placement is not None and placement not in codes.PLACEMENT:
        raise ValidationError({"placement": f"{placement} is not a placement type code"})
    if start_date <= current.start_date:
        raise ValidationError(
            {
                "date": f"Date must be after the current episode began ({current.start_date:%-d %B %Y})"
            }
        )
    current.end_date = start_date
    current.reason_ended = "X1"  # the episode ceased and a new one began (903 code X1)
    current.full_clean()
    current.save(update_fields=["end_date", "reason_ended"])
    new = Episode(
        child=child,
        period=period,
        start_date=start_date,
        reason_new=reason_new,
        legal_status=legal_status or current.legal_status,
        category_of_need=current.category_of_need,
        placement=placement or current.placement,
        placement_provider=current.placement_provider,
    )
    new.full_clean()
    new.save()
    audit_record(
        actor=acting_user,
        action="create",
        object_type="episode",
        object_id=new.pk,
        child_id=child.pk,
        summary=f"{actor_label}New episode from {start_date:%d/%m/%Y} ({reason_new})"[:300],
        changes={
            "legal_status": [current.legal_status, new.legal_status],
            "placement": [current.placement, new.placement],
        },
    )
    facts.refresh([child.pk])
    return new


@transaction.atomic
def period_of_care_end(
    *,
    acting_user: User | None,
    child: Child,
    end_date: date,
    reason_ceased: str,
    actor_label: str = "",
) -> PeriodOfCare:
    """The child leaves care: the last episode and the period end, and nothing more falls due."""
    period = _current_period(child, "child_id")
    if reason_ceased not in codes.REASON_EPISODE_CEASED or reason_ceased == "X1":
        raise ValidationError(
            {"reason_ceased": f"{reason_ceased} is not a reason for leaving care"}
        )
    episode = _current_episode(period)
    if end_date < episode.start_date:
        raise ValidationError(
            {
                "date": f"Date must be on or after the last episode began ({episode.start_date:%-d %B %Y})"
            }
        )
    episode.end_date = end_date
    episode.reason_ended = reason_ceased
    episode.full_clean()
    episode.save(update_fields=["end_date", "reason_ended"])
    period.end_date = end_date
    period.reason_ceased = reason_ceased
    period.full_clean()
    period.save(update_fields=["end_date", "reason_ceased"])
    Child.objects.filter(pk=child.pk).update(current_period=None)
    audit_record(
        actor=acting_user,
        action="update",
        object_type="period_of_care",
        object_id=period.pk,
        child_id=child.pk,
        summary=f"{actor_label}Left care on {end_date:%d/%m/%Y} ({reason_ceased})"[:300],
    )
    facts.refresh([child.pk])
    return period


@transaction.atomic
def social_worker_change(
    *,
    acting_user: User | None,
    child: Child,
    start_date: date,
    sw_id: str,
    name: str,
    team_name: str = "",
    actor_label: str = "",
) -> SocialWorkerEpisode:
    team = Team.objects.get_or_create(name=team_name)[0] if team_name else None
    worker = SocialWorker.objects.filter(sw_id=sw_id).first() if sw_id else None
    if worker is None:
        worker = SocialWorker(sw_id=sw_id, name=name, team=team)
        worker.full_clean()
        worker.save()
    previous = SocialWorkerEpisode.objects.filter(child=child, end_date__isnull=True).first()
    if previous is not None:
        if start_date < previous.start_date:
            raise ValidationError({"date": "Date must be after the current social worker began"})
        previous.end_date = start_date
        previous.save(update_fields=["end_date"])
    spell = SocialWorkerEpisode(child=child, social_worker=worker, start_date=start_date)
    spell.full_clean()
    spell.save()
    before = snapshot(child, ["social_worker_id", "team_id"])
    child.social_worker = worker
    if team is not None:
        child.team = team
    child.save(update_fields=["social_worker", "team"])
    audit_record(
        actor=acting_user,
        action="update",
        object_type="child",
        object_id=child.pk,
        child_id=child.pk,
        summary=f"{actor_label}Social worker changed from {start_date:%d/%m/%Y}"[:300],
        changes=field_changes(before, snapshot(child, ["social_worker_id", "team_id"])),
    )
    return spell


@transaction.atomic
def child_details_correct(
    *, acting_user: User | None, child: Child, actor_label: str = "", **changes: Any
) -> Child:
    child = Child.objects.select_for_update().get(pk=child.pk)
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "This detail cannot be corrected here"})
    before = snapshot(child, list(changes))
    for field, value in changes.items():
        setattr(child, field, value)
    child.full_clean(exclude=["current_period", "iro"])
    first_start = (
        PeriodOfCare.objects.filter(child=child, start_date__isnull=False)
        .order_by("start_date")
        .values_list("start_date", flat=True)
        .first()
    )
    if first_start is not None and child.date_of_birth > first_start:
        raise ValidationError(
            {"date_of_birth": "Date of birth must be before the child came into care"}
        )
    child.save(update_fields=list(changes))
    audit_record(
        actor=acting_user,
        action="update",
        object_type="child",
        object_id=child.pk,
        child_id=child.pk,
        summary=f"{actor_label}Details corrected"[:300],
        changes=field_changes(before, snapshot(child, list(changes))),
    )
    if "date_of_birth" in changes and child.current_period_id:
        facts.refresh([child.pk])
    return child


CODE_LISTS = {
    "legal_status": codes.LEGAL_STATUS,
    "placement": codes.PLACEMENT,
    "category_of_need": codes.CATEGORY_OF_NEED,
    "sex": codes.SEX,
    "ethnicity": codes.ETHNICITY,
}


def codes_check(**values: str) -> None:
    """Refuse codes the 903 does not know, naming each field (an empty optional code is fine)."""
    problems = {
        field: f"{value} is not a {field.replace('_', ' ')} code"
        for field, value in values.items()
        if value and value not in CODE_LISTS[field]
    }
    if problems:
        raise ValidationError(problems)

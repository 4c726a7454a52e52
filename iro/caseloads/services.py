"""Changes to IRO staff records. Each service is one transaction, validates before saving and
writes its audit entry in the same transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from iro.accounts.models import User
from iro.accounts.roles import Role
from iro.audit.services import audit_record, field_changes, snapshot
from iro.core.workload import workload_kinds
from iro.timetable.story import Story, StoryDate, When, date_problem

from .models import MAX_WEIGHT, ReviewingOfficer, WorkloadWeight

EDITABLE_FIELDS = (
    "name",
    "fte",
    "contract",
    "start_date",
    "end_date",
    "service_area",
    "other_duties",
    "other_duties_weight",
    "user",
)


def _check_user(user: Any, officer: ReviewingOfficer) -> None:
    if user is None:
        return
    if not user.has_role(Role.IRO):
        raise ValidationError({"user": "Select a user who has the IRO role"})
    taken = ReviewingOfficer.objects.filter(user=user).exclude(pk=officer.pk or 0).first()
    if taken is not None:
        raise ValidationError({"user": f"This user is already linked to {taken}"})


def _apply(officer: ReviewingOfficer, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    _check_user(fields.get("user", officer.user), officer)
    start = fields.get("start_date")
    if officer.pk is not None and start is not None and officer.allocations.exists():
        # An IRO who already chairs children's reviews has started: the start date has happened.
        problem = date_problem(
            StoryDate("start_date", "Start date", start, When.HAPPENED),
            Story(born=None),
            timezone.localdate(),
        )
        if problem:
            raise ValidationError(
                {"start_date": f"{problem}, as {officer.name} already has children allocated"}
            )
    for name, value in fields.items():
        setattr(officer, name, value)
    officer.full_clean()
    officer.save()
    officer.refresh_from_db()  # decimals as stored, so the audit shows 0.60 and not 0.6


@transaction.atomic
def reviewing_officer_create(
    *,
    acting_user: User | None,
    name: str,
    fte: Decimal,
    start_date: date,
    **fields: Any,
) -> ReviewingOfficer:
    """Add an IRO to the service's staff; optionally linked to a user with the IRO role."""
    officer = ReviewingOfficer()
    _apply(officer, {"name": name, "fte": fte, "start_date": start_date, **fields})
    audit_record(
        actor=acting_user,
        action="create",
        object_type="reviewing_officer",
        object_id=officer.pk,
        summary=f"Added IRO {officer.name}",
        changes=field_changes({}, snapshot(officer)),
    )
    return officer


@transaction.atomic
def reviewing_officer_update(
    *, acting_user: User | None, officer: ReviewingOfficer, **fields: Any
) -> ReviewingOfficer:
    """Change an IRO's staff record (FTE, contract, dates, other duties). Setting an end date does
    not move the IRO's children: the caseload page lists leavers still holding children."""
    officer = ReviewingOfficer.objects.select_for_update().get(pk=officer.pk)
    before = snapshot(officer)
    _apply(officer, fields)
    changes = field_changes(before, snapshot(officer))
    if changes:
        audit_record(
            actor=acting_user,
            action="update",
            object_type="reviewing_officer",
            object_id=officer.pk,
            summary=f"Changed IRO {officer.name}: {', '.join(sorted(changes))}",
            changes=changes,
        )
    return officer


@transaction.atomic
def workload_weights_set(
    *, acting_user: User | None, weights: dict[str, Decimal]
) -> dict[str, Any]:
    """Set the council's weight of each kind of work (registered kinds only), audited with what
    changed. Returns {kind: [before, after]} for the kinds that changed."""
    kinds = {kind.key: kind for kind in workload_kinds()}
    unknown = set(weights) - set(kinds)
    if unknown:
        raise ValidationError(f"Not a kind of work: {', '.join(sorted(unknown))}")
    errors = {
        key: f"Weight of one {kinds[key].unit} must be between 0 and {MAX_WEIGHT}"
        for key, value in weights.items()
        if not Decimal("0") <= value <= MAX_WEIGHT
    }
    if errors:
        raise ValidationError(errors)
    stored = {row.kind: row for row in WorkloadWeight.objects.select_for_update()}
    changes: dict[str, Any] = {}
    for key, value in weights.items():
        row = stored.get(key)
        before = row.weight if row else kinds[key].default_weight
        if row is None:
            row = WorkloadWeight(kind=key, weight=value)
        elif row.weight == value:
            continue
        row.weight = value
        row.full_clean()
        row.save()
        if before != value:
            changes[key] = [str(before), str(value)]
    if changes:
        audit_record(
            actor=acting_user,
            action="update",
            object_type="workload_weights",
            summary="Workload weights changed: "
            + ", ".join(f"{kinds[k].label} {v[0]} to {v[1]}" for k, v in changes.items()),
            changes=changes,
        )
    return changes

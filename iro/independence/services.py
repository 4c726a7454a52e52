"""Writing records of pressure on independence: each is one transaction that validates, adds
the row (never changes one) and writes the audit entry, which says that a record was made but
not what it says."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from iro.accounts.access import ObjectDenied
from iro.accounts.models import ReviewingOfficer, User
from iro.audit.services import audit_record

from . import access
from .models import PressureRecord

OBJECT_TYPE = "pressure_record"


def _refuse(reason: str, object_id: Any = "") -> None:
    raise ObjectDenied(reason, object_type=OBJECT_TYPE, object_id=object_id)


def _save(record: PressureRecord, *, acting_user: User | None, summary: str) -> PressureRecord:
    record.full_clean()
    record.save()
    audit_record(
        actor=acting_user,
        action="create",
        object_type=OBJECT_TYPE,
        object_id=record.pk,
        summary=summary,
    )
    return record


@transaction.atomic
def pressure_record_add(
    *, acting_user: User, iro: ReviewingOfficer, occurred_on: date, who: str, what: str
) -> PressureRecord:
    """An IRO records pressure on their own independence: who, what and when."""
    if not access.may_record(acting_user) or iro.user_id != acting_user.pk:
        _refuse("Only an IRO can record pressure on their own independence")
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": "Date it happened must be today or in the past"})
    record = PressureRecord(
        iro=iro,
        occurred_on=occurred_on,
        who=who.strip(),
        what=what.strip(),
        recorded_by=acting_user,
    )
    return _save(record, acting_user=acting_user, summary="Record of pressure on independence made")


@transaction.atomic
def pressure_note_add(
    *, acting_user: User, record: PressureRecord, occurred_on: date, what: str
) -> PressureRecord:
    """A further note on a record: a new row naming the first; the first is never changed."""
    first = record.addition_to or record
    if first.recorded_by_id != acting_user.pk or not access.may_record(acting_user):
        _refuse("Only the IRO who made the record can add to it", first.pk)
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": "Date it happened must be today or in the past"})
    note = PressureRecord(
        iro=first.iro,
        addition_to=first,
        occurred_on=occurred_on,
        what=what.strip(),
        recorded_by=acting_user,
    )
    return _save(note, acting_user=acting_user, summary=f"Note added to record {first.pk}")

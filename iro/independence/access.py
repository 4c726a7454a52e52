"""Who may read a record of pressure on independence (issue 21 item 3): the IRO who recorded
it, the IRO service manager (every record) and the independent officer named in the settings.
Never an operational user (social worker, team manager) or the head of service, whatever other
role they also hold: they may be the people the record is about."""

from __future__ import annotations

from typing import Any

from iro.accounts.roles import Role

from .models import PressureRecord
from .recurring import independence_settings

NEVER = frozenset({Role.OPERATIONAL.value, Role.HEAD_OF_SERVICE.value})


def _roles(user: Any) -> set[str]:
    return set(getattr(user, "role_names", None) or set())


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def sees_every_record(user: Any) -> bool:
    """The IRO service manager, or the named independent officer."""
    if not _active(user) or _roles(user) & NEVER:
        return False
    if Role.IRO_MANAGER.value in _roles(user):
        return True
    return independence_settings().independent_officer_id == user.pk


def may_read(user: Any, record: PressureRecord) -> bool:
    if not _active(user) or _roles(user) & NEVER:
        return False
    first = record.addition_to or record
    return first.recorded_by_id == user.pk or sees_every_record(user)


def may_record(user: Any) -> bool:
    """Only an IRO records pressure on their own independence."""
    return _active(user) and Role.IRO.value in _roles(user) and not _roles(user) & NEVER


def visible_records(user: Any) -> Any:
    """The first records this person may read (notes come with them)."""
    records = PressureRecord.objects.filter(addition_to__isnull=True)
    if sees_every_record(user):
        return records
    if not _active(user) or _roles(user) & NEVER:
        return records.none()
    return records.filter(recorded_by_id=user.pk)

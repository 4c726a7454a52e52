"""Who may change a child's child protection records: the record-level check on top of the
permission matrix, the conference chair's equivalent of `iro.children.access`.

- an IRO manager (their actions serve the whole service);
- the conference chair named on the enquiry or plan, or an IRO covering the chair on the day
  (an `IROCover` of the chair's whole caseload, or of this child);
- for a record with no chair yet (a CIN census import), the child's own IRO or their cover;
- nobody else: a colleague IRO is refused with 403, and the refusal is audited.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from iro.accounts.access import ObjectDenied, child_visible_to
from iro.accounts.roles import CHANGE_ANY_CHILD, Role
from iro.children.access import can_change_child_records
from iro.children.models import Child, IROCover

NOT_YOURS = (
    "Only the conference chair, an IRO covering for them or an IRO manager can change this "
    "child's child protection records"
)


def _roles(user: Any) -> set[str]:
    return set(getattr(user, "role_names", None) or ())


def covers_chair(user: Any, chair_id: int, child: Child, on: date) -> bool:
    return IROCover.objects.filter(
        Q(child__isnull=True) | Q(child=child),
        absent_iro_id=chair_id,
        covering_iro__user_id=user.pk,
        start_date__lte=on,
        end_date__gte=on,
    ).exists()


def can_change_protection_records(
    user: Any, child: Child, chair: Any, *, on: date | None = None
) -> bool:
    """Whether this user may change records whose conferences `chair` (a ReviewingOfficer or
    None) chairs."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not child_visible_to(user, child):
        return False
    roles = _roles(user)
    if roles & {role.value for role in CHANGE_ANY_CHILD}:
        return True
    if Role.IRO.value not in roles:
        return False
    if chair is None:
        return can_change_child_records(user, child, on=on)
    if chair.user_id == user.pk:
        return True
    return covers_chair(user, chair.pk, child, on or timezone.localdate())


def require_protection_change(
    user: Any, child: Child, chair: Any, *, object_type: str, object_id: Any = None
) -> None:
    """Raise `ObjectDenied` (403, audited) unless the user may change these records. No user
    (an import, a management command, the demo) is the system itself."""
    if user is None:
        return
    if not can_change_protection_records(user, child, chair):
        raise ObjectDenied(
            NOT_YOURS,
            object_type=object_type,
            object_id=child.pk if object_id is None else object_id,
            child_id=child.pk,
        )

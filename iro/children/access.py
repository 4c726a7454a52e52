"""Who may change a child's records: the one record-level check every write view and service
calls, on top of the permission matrix (iro/accounts/roles.py) and restricted records.

- an IRO manager or business support (their actions serve the whole service);
- the child's allocated IRO;
- an IRO covering them on the day (an `IROCover` the IRO manager set, for the allocated IRO's
  whole caseload or for this child);
- nobody else — a colleague IRO or an outsider is refused with 403, and the refusal is audited.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from iro.accounts.access import ObjectDenied, child_visible_to
from iro.accounts.roles import CHANGE_ANY_CHILD, Role

from .models import Child, IROCover

NOT_YOURS = (
    "Only the child's IRO, an IRO covering for them or an IRO manager can change this "
    "child's records"
)


def _roles(user: Any) -> set[str]:
    names = getattr(user, "role_names", None)
    return set(names) if names is not None else set()


def _covers_on(user: Any, on: date) -> QuerySet[IROCover]:
    return IROCover.objects.filter(
        covering_iro__user_id=user.pk, start_date__lte=on, end_date__gte=on
    )


def covers_q(user: Any, on: date) -> Q:
    """Children this user covers as an IRO on `on` (a filter on Child)."""
    covers = _covers_on(user, on)
    whole = covers.filter(child__isnull=True).values("absent_iro_id")
    single = covers.filter(child__isnull=False).values("child_id")
    return Q(iro_id__in=whole) | Q(pk__in=single)


def covering_now(user: Any, on: date) -> Q | None:
    """`covers_q` with the arrangements read first (one small query): None when the user covers
    no one, so a page need not ask for the children at all."""
    whole: set[int] = set()
    single: set[int] = set()
    for absent_iro_id, child_id in _covers_on(user, on).values_list("absent_iro_id", "child_id"):
        if child_id is None:
            whole.add(absent_iro_id)
        else:
            single.add(child_id)
    if not whole and not single:
        return None
    return Q(iro_id__in=whole) | Q(pk__in=single)


def is_covering(user: Any, child: Child, *, on: date | None = None) -> bool:
    on = on or timezone.localdate()
    return Child.objects.filter(covers_q(user, on), pk=child.pk).exists()


def holds_child(user: Any, child: Child, *, on: date | None = None) -> bool:
    """The user is this child's allocated IRO, or covers them on the day."""
    if not getattr(user, "is_authenticated", False):
        return False
    if child.iro_id is not None and child.iro is not None and child.iro.user_id == user.pk:
        return True
    return is_covering(user, child, on=on)


def can_change_child_records(user: Any, child: Child, *, on: date | None = None) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not child_visible_to(user, child):
        return False
    roles = _roles(user)
    if roles & {role.value for role in CHANGE_ANY_CHILD}:
        return True
    if Role.IRO.value in roles:
        return holds_child(user, child, on=on)
    return False


def require_child_records_change(
    user: Any,
    child: Child,
    *,
    on: date | None = None,
    object_type: str = "child",
    object_id: Any = None,
) -> None:
    """Raise `ObjectDenied` (403, audited by the access middleware) unless the user may change
    this child's records. No user (an import, a management command) is the system itself."""
    if user is None:
        return
    if not can_change_child_records(user, child, on=on):
        raise ObjectDenied(
            NOT_YOURS,
            object_type=object_type,
            object_id=child.pk if object_id is None else object_id,
            child_id=child.pk,
        )


def hidden_children(user: Any) -> set[int]:
    """Restricted children the reader is not named on (one query; such records are few): a
    list shows their records as "Restricted record" and nothing else about them."""
    return set(
        Child.objects.filter(restricted=True)
        .exclude(restricted_to=user.pk)
        .values_list("pk", flat=True)
    )

"""Who may record a foster household's reviews: the record-level check on top of the role table.

- an IRO manager;
- the household's fostering IRO (its chair);
- an IRO covering the chair on the day (an `IROCover` for the chair's whole caseload);
- nobody else: a colleague IRO is refused with 403, and the refusal is audited.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from iro.accounts.access import ObjectDenied
from iro.accounts.roles import Role
from iro.children.models import IROCover

from .models import FosterHousehold

NOT_YOURS = (
    "Only the household's fostering IRO, an IRO covering for them or an IRO manager can "
    "record this household's reviews"
)


def covered_chairs_q(user: Any, on: date) -> Q:
    """Households whose chair this user covers on `on` (a filter on FosterHousehold)."""
    absent = IROCover.objects.filter(
        covering_iro__user_id=user.pk, child__isnull=True, start_date__lte=on, end_date__gte=on
    ).values("absent_iro_id")
    return Q(chair_id__in=absent)


def can_record_reviews(user: Any, household: FosterHousehold, *, on: date | None = None) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    roles = set(getattr(user, "role_names", set()))
    if Role.IRO_MANAGER.value in roles:
        return True
    if Role.IRO.value not in roles:
        return False
    if household.chair.user_id == user.pk:
        return True
    on = on or timezone.localdate()
    return FosterHousehold.objects.filter(covered_chairs_q(user, on), pk=household.pk).exists()


def require_review_recording(user: Any, household: FosterHousehold) -> None:
    """Raise `ObjectDenied` (403, audited) unless the user may record this household's
    reviews. No user (the demo, a management command) is the system itself."""
    if user is None:
        return
    if not can_record_reviews(user, household):
        raise ObjectDenied(NOT_YOURS, object_type="foster_household", object_id=household.pk)

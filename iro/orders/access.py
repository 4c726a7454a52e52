"""Who may record a supervision order and its reviews, on top of the role table:

- an IRO manager;
- for a new order: whoever may change the child's records (their IRO, their cover);
- for a review: the order's chairing IRO, an IRO covering the chair's whole caseload on the day,
  or whoever may change the child's records;
- nobody else (403, audited).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from iro.accounts.access import ObjectDenied
from iro.children.access import can_change_child_records
from iro.children.models import IROCover

from .models import SupervisionOrder

NOT_YOURS = (
    "Only the order's IRO, an IRO covering for them, the child's IRO or an IRO manager can "
    "record this supervision order's reviews"
)


def can_record_order_reviews(user: Any, order: SupervisionOrder) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if can_change_child_records(user, order.child):
        return True
    if order.chair.user_id == user.pk:
        return True
    today = timezone.localdate()
    return IROCover.objects.filter(
        covering_iro__user_id=user.pk,
        absent_iro_id=order.chair_id,
        child__isnull=True,
        start_date__lte=today,
        end_date__gte=today,
    ).exists()


def require_order_review_recording(user: Any, order: SupervisionOrder) -> None:
    if user is None:
        return
    if not can_record_order_reviews(user, order):
        raise ObjectDenied(
            NOT_YOURS,
            object_type="supervision_order",
            object_id=order.pk,
            child_id=order.child_id,
        )

"""Recording supervision orders and their reviews: one transaction each, validated before
saving, audited in the same transaction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from iro.accounts.models import ReviewingOfficer, User
from iro.accounts.selectors import reviewing_officer_for
from iro.audit.services import save_audited
from iro.children.access import require_child_records_change
from iro.children.models import Child
from iro.timetable import fostering as rules
from iro.timetable.dates import format_date

from .access import require_order_review_recording
from .models import SupervisionOrder, SupervisionOrderReview


@transaction.atomic
def supervision_order_record(
    *, acting_user: User | None, child: Child, made_on: date, months: int, chair: ReviewingOfficer
) -> SupervisionOrder:
    """Record a supervision order made for a child at the end of care proceedings."""
    require_child_records_change(acting_user, child, object_type="supervision_order")
    errors: dict[str, str] = {}
    if made_on > timezone.localdate():
        errors["made_on"] = "Date the order was made must be today or in the past"
    if child.date_of_birth and made_on < child.date_of_birth:
        errors["made_on"] = (
            "Date the order was made must be the same as or after the child's date of birth"
        )
    if not 1 <= months <= rules.MAX_ORDER_MONTHS:
        errors["months"] = (
            f"Length of the order must be between 1 and {rules.MAX_ORDER_MONTHS} months"
        )
    if errors:
        raise ValidationError(errors)
    order = SupervisionOrder(
        child=child,
        made_on=made_on,
        months=months,
        ends_on=rules.order_ends_on(made_on, months),
        chair=chair,
    )
    save_audited(
        order,
        actor=acting_user,
        summary=f"Supervision order made on {format_date(made_on)} recorded",
        audited=("made_on", "months", "ends_on", "chair"),
        object_type="supervision_order",
        child_id=child.pk,
    )
    return order


@transaction.atomic
def supervision_order_review_record(
    *, acting_user: User | None, order: SupervisionOrder, held_on: date, plan: str
) -> SupervisionOrderReview:
    """Record a review of the plan under a supervision order, chaired by the signed-in IRO
    (or the order's IRO when a manager records it)."""
    require_order_review_recording(acting_user, order)
    order = SupervisionOrder.objects.select_for_update().select_related("chair").get(pk=order.pk)
    problem = rules.order_review_problem(
        held_on, order.made_on, order.ends_on, timezone.localdate()
    )
    if problem:
        raise ValidationError({"held_on": problem})
    if order.reviews.filter(held_on=held_on).exists():
        raise ValidationError(
            {"held_on": f"A review on {format_date(held_on)} is already recorded"}
        )
    review = SupervisionOrderReview(
        order=order,
        held_on=held_on,
        chair=reviewing_officer_for(acting_user) or order.chair,
        plan=plan.strip(),
    )
    save_audited(
        review,
        actor=acting_user,
        summary=f"Supervision order review recorded for {format_date(held_on)}",
        audited=("held_on", "chair"),
        object_type="supervision_order_review",
        child_id=order.child_id,
    )
    return review

"""Supervision orders on the child's page (two queries)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from iro.accounts.access import user_can
from iro.children.access import can_change_child_records
from iro.children.models import Child
from iro.core.panels import Panel
from iro.timetable import fostering as rules

from .selectors import orders_for_child


def child_panel(request: HttpRequest, child: Child) -> Panel | None:
    """The child's supervision orders and the reviews of their plan, for anyone who may see
    orders; shown only when the child has an order or the reader may record one."""
    may_view = user_can(request.user, "orders.view_service") or user_can(
        request.user, "orders.record"
    )
    if not may_view:
        return None
    orders = orders_for_child(child)
    can_record = user_can(request.user, "orders.record") and can_change_child_records(
        request.user, child
    )
    if not orders and not can_record:
        return None
    as_of = timezone.localdate()
    may_record = user_can(request.user, "orders.record")
    rows = [
        {
            "order": order,
            "status": rules.order_status(order.ends_on, len(order.reviews.all()), as_of),
            # The child's IRO or a manager, or the order's own IRO (cover: from the lists).
            "can_review": may_record
            and (can_record or order.chair.user_id == request.user.pk)
            and order.made_on <= as_of,
        }
        for order in orders
    ]
    return Panel(
        template="orders/_child_panel.html",
        context={"orders": rows, "can_record": can_record},
        order=70,
    )

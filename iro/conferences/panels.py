"""The child protection section on the child's page (three queries and one for access)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from iro.accounts.access import user_can
from iro.accounts.selectors import reviewing_officer_for
from iro.children.models import Child
from iro.core.panels import Panel

from . import selectors
from .access import can_change_protection_records


def _own_chair(record: selectors.ChildProtection, user: object) -> object:
    """Who a new enquiry would name as chair for this reader: themselves (an IRO); a manager
    may record any."""
    items: list[Any] = [*record.enquiries, *record.plans]
    for item in items:
        if item.chair is not None and item.chair.user_id == getattr(user, "pk", None):
            return item.chair
    return reviewing_officer_for(user)


def child_panel(request: HttpRequest, child: Child) -> Panel | None:
    if not user_can(request.user, "conferences.view"):
        return None
    record = selectors.child_protection(child)
    can_record = user_can(request.user, "conferences.record")
    # One check per chair (a child's records have one or two), not one per record.
    by_chair: dict[int | None, bool] = {}

    def may_change(chair: object) -> bool:
        key = getattr(chair, "pk", None)
        if key not in by_chair:
            by_chair[key] = can_record and can_change_protection_records(request.user, child, chair)
        return by_chair[key]

    changeable = {
        "enquiries": {e.pk for e in record.enquiries if may_change(e.chair)},
        "plans": {p.pk for p in record.plans if may_change(p.chair)},
        "new": can_record and may_change(_own_chair(record, request.user)),
    }
    return Panel(
        template="conferences/_child_panel.html",
        context={
            "record": record,
            "can_record": can_record,
            "changeable": changeable,
            "today": timezone.localdate(),
        },
        order=55,
    )

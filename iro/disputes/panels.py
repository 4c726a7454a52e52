"""The disputes sections of the child's page and of an IRO's "My children" page (each a
constant number of queries)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from iro.accounts.access import user_can
from iro.accounts.models import ReviewingOfficer
from iro.children.models import Child
from iro.core.panels import Panel

from . import selectors


def child_panel(request: HttpRequest, child: Child) -> Panel | None:
    """Open disputes about the child (alone or in a group)."""
    if not user_can(request.user, "disputes.view"):
        return None
    return Panel(
        template="disputes/panel_child.html",
        context={
            "child": child,
            "as_of": timezone.localdate(),
            "disputes": selectors.open_disputes_for_child_panel(50, child_id=child.pk),
            "can_raise": user_can(request.user, "disputes.raise"),
        },
        order=60,
    )


def my_work_panel(request: HttpRequest, iro: ReviewingOfficer) -> Panel | None:
    """The IRO's open disputes, overdue responses flagged, each with an Escalate link."""
    if not user_can(request.user, "disputes.view"):
        return None
    as_of = timezone.localdate()
    disputes = selectors.open_disputes_for_iro_panel(
        100, iro_id=iro.pk, user_id=request.user.pk or 0
    )
    return Panel(
        template="disputes/panel_my_work.html",
        context={
            "as_of": as_of,
            "disputes": disputes,
            "overdue": sum(1 for d in disputes if d.flags(as_of).any),
        },
        order=40,
    )

"""The fostering IRO's foster carer reviews on their "My children" page (one query)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from iro.accounts.access import user_can
from iro.accounts.models import ReviewingOfficer
from iro.core.panels import Panel

from .selectors import due_counts


def my_work_panel(request: HttpRequest, iro: ReviewingOfficer) -> Panel | None:
    """How many of the households the IRO chairs are overdue or due soon; nothing for an IRO
    who chairs none."""
    if not user_can(request.user, "fostering.view_own"):
        return None
    counts = due_counts(as_of=timezone.localdate(), chair_id=iro.pk)
    if not counts["approved"]:
        return None
    return Panel(template="fostering/_my_work_panel.html", context={"counts": counts}, order=60)

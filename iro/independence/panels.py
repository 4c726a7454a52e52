"""The recurring-challenge prompt on the IRO manager's start page (a constant number of
queries, counts only: iro.independence.recurring)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from iro.accounts.access import user_can
from iro.core.panels import Panel

from .recurring import recurring_counts


def service_home_panel(request: HttpRequest, subject: Any) -> Panel | None:
    if not user_can(request.user, "disputes.systemic"):
        return None
    groups = recurring_counts(timezone.localdate())
    if not groups:
        return None
    return Panel(template="independence/panel_recurring.html", context={"groups": groups})

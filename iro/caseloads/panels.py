"""The caseloads section of the IRO allocation page (a constant number of queries)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from iro.children.models import Child
from iro.core.panels import Panel

from .selectors import allocation_suggestions


def allocation_panel(request: HttpRequest, child: Child) -> Panel | None:
    """Suggested IROs for the child: siblings' IRO first, then those with room."""
    return Panel(
        template="caseloads/panel_suggestions.html",
        context={"suggestions": allocation_suggestions(child, timezone.localdate())},
        order=10,
    )

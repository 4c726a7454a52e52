"""Oversight and drift on the child's page and on an IRO's "My children"."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from iro.accounts.access import user_can
from iro.accounts.models import ReviewingOfficer
from iro.children.access import can_change_child_records
from iro.children.models import Child
from iro.core.panels import Panel

from . import drift_rules, selectors
from .forms import OversightForm, oversight_defaults


def child_panel(request: HttpRequest, child: Child) -> Panel | None:
    """Recent oversights, the oversight standard, drift flags and a quick oversight form."""
    if not user_can(request.user, "oversight.view"):
        return None
    context = selectors.child_oversight(child, timezone.localdate())
    can_record = (
        child.current_period_id is not None
        and user_can(request.user, "oversight.record")
        and can_change_child_records(request.user, child)
    )
    context["can_record"] = can_record
    # The quick form: everything but the recommendation notes (the full page has those). Its
    # ids are its own, so other panels' forms on the same page cannot clash with it.
    context["oversight_form"] = (
        OversightForm(initial=oversight_defaults(), auto_id="quick_oversight_%s")
        if can_record
        else None
    )
    return Panel(template="monitoring/_child_panel.html", context={"oversight": context}, order=40)


def my_work_panel(request: HttpRequest, iro: ReviewingOfficer) -> Panel | None:
    """How many of the IRO's children are drifting, and why."""
    if not user_can(request.user, "drift.view_own"):
        return None
    # One aggregate over the stored facts, however many children the IRO has.
    counts = selectors.drift_counts(selectors.children_in_care(user=request.user, iro=iro))
    return Panel(
        template="monitoring/_my_work_panel.html",
        context={
            "drift_summary": {
                "drifting": counts["drifting"],
                "below_standard": counts["below_standard"],
                "rules": [
                    (code, label, counts[code])
                    for code, (label, _) in drift_rules.RULES.items()
                    if counts[code]
                ],
            }
        },
        order=20,
    )

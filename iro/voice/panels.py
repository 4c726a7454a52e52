"""The voice sections on the child's page and on a review's page (constant queries each)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from iro.accounts.access import user_can
from iro.accounts.models import ReviewingOfficer
from iro.children.access import can_change_child_records
from iro.children.models import Child
from iro.core.panels import Panel
from iro.reviews.models import Review

from . import rules, selectors


def child_panel(request: HttpRequest, child: Child) -> Panel | None:
    if not user_can(request.user, "voice.view"):
        return None
    today = timezone.localdate()
    return Panel(
        template="voice/_child_panel.html",
        context={
            "voice": selectors.child_voice(child),
            "under_4": not rules.consultation_expected(child.date_of_birth, today),
            "can_record": user_can(request.user, "voice.record")
            and can_change_child_records(request.user, child),
            "today": today,
        },
        order=60,
    )


def my_work_panel(request: HttpRequest, iro: ReviewingOfficer) -> Panel | None:
    """Children whose review is coming up and who have not been consulted yet."""
    if not user_can(request.user, "voice.record"):
        return None
    return Panel(
        template="voice/_my_work_panel.html",
        context={
            "to_consult": selectors.consultations_to_do(iro, timezone.localdate(), request.user)
        },
        order=30,
    )


def review_panel(request: HttpRequest, review: Review) -> Panel | None:
    can_view = user_can(request.user, "voice.view")
    can_request = user_can(request.user, "feedback.request")
    if not (can_view or can_request) or review.status != Review.Status.HELD:
        return None
    may_change = can_change_child_records(request.user, review.child)
    return Panel(
        template="voice/_review_panel.html",
        context={
            "review": review,
            "voice": selectors.review_voice(review),
            "can_view": can_view,
            "can_record": may_change and user_can(request.user, "voice.record"),
            "can_request": may_change and can_request,
        },
        order=60,
    )

"""The child's page on the IRO's pages: the link on the child's record, and what children sent
on My children and on a review's page (constant queries each)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from iro.accounts.access import user_can
from iro.accounts.models import ReviewingOfficer
from iro.children.models import Child
from iro.core.panels import Panel
from iro.core.prepared import prepared
from iro.reviews.models import Review

from . import rules, services
from .models import ChildLink, ChildViews


@prepared
def _latest_link(*, child_id: int) -> QuerySet[ChildLink]:
    return ChildLink.objects.filter(child_id=child_id).order_by("-created_at", "-pk")[:1]


@prepared
def _latest_views(limit: int, *, child_id: int) -> QuerySet[ChildViews]:
    return ChildViews.objects.filter(child_id=child_id).order_by("-submitted_at")[:limit]


def child_panel(request: HttpRequest, child: Child) -> Panel | None:
    if not user_can(request.user, "childpage.give_link"):
        return None
    link = next(iter(_latest_link(child_id=child.pk)), None)
    state = services.link_state(link) if link else None
    views = _latest_views(3, child_id=child.pk)
    return Panel(
        "childpage/_child_panel.html",
        {
            "child": child,
            "link": link,
            "state": state,
            "state_label": rules.STATE_LABELS.get(state or "", ""),
            "views": views,
        },
        order=65,
    )


def my_work_panel(request: HttpRequest, iro: ReviewingOfficer) -> Panel | None:
    since = timezone.now() - timedelta(days=30)
    views = list(
        ChildViews.objects.filter(child__iro=iro, submitted_at__gte=since)
        .select_related("child")
        .order_by("-submitted_at")[:20]
    )
    if not views:
        return None
    return Panel("childpage/_my_work_panel.html", {"views": views}, order=65)


def review_panel(request: HttpRequest, review: Review) -> Panel | None:
    before = ChildViews.objects.filter(
        child_id=review.child_id, submitted_at__date__lte=review.held_on
    ).order_by("-submitted_at")
    views = before.first()
    if views is None:
        return None
    return Panel("childpage/_review_panel.html", {"views": views}, order=65)

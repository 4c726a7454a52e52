"""The service-wide pages and an IRO's pages issue a fixed number of queries, however large the
service: each page is counted on a generated service, then again after a larger one is added
(and the IRO's caseload and the child's history have grown), against a fixed ceiling."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from iro.accounts.roles import Role
from iro.caseloads.models import ReviewingOfficer
from iro.children.models import Child
from iro.reporting.arithmetic import financial_year_containing
from iro.seeding.synthetic import ServiceShape, generate_service

pytestmark = pytest.mark.django_db

# Fixed ceilings (issues 15 and 16; the higher of SQLite and PostgreSQL, lowered to the counts
# of 3 December 2026): a page over its ceiling has gained a query per record, or a new section
# added queries. Raise one on purpose, never to make a loop fit.
CEILINGS = {
    "scorecard": 80,
    "scorecard_monthly": 194,
    "annual_report": 137,
    "my_children": 20,
    "child": 37,
    "service_drift": 12,
}


def _urls(iro: ReviewingOfficer, child_id: int) -> dict[str, tuple[str, str]]:
    year = financial_year_containing(timezone.localdate()) - 1
    return {
        "scorecard": ("manager", reverse("reporting:scorecard")),
        "scorecard_monthly": ("manager", reverse("reporting:scorecard_monthly")),
        "annual_report": (
            "manager",
            reverse("reporting:annual_report", kwargs={"year": year}),
        ),
        "my_children": ("iro", reverse("children:my_children")),
        "child": ("manager", reverse("children:detail", args=[child_id])),
        "service_drift": ("manager", reverse("monitoring:service_drift")),
    }


def _counts(clients: dict[str, Client], iro: ReviewingOfficer, child_id: int) -> dict[str, int]:
    counts = {}
    for key, (who, url) in _urls(iro, child_id).items():
        client = clients[who]
        assert client.get(url).status_code == 200, key  # warm: the council's settings cached
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, key
        counts[key] = len(captured.captured_queries)
    return counts


def _child_by_history(order: str) -> int:
    """The child in care with the fewest ("n") or most ("-n") reviews held."""
    found = (
        Child.objects.filter(current_period__isnull=False)
        .annotate(n=Count("reviews", filter=Q(reviews__status="held")))
        .order_by(order, "pk")
        .values_list("pk", flat=True)
        .first()
    )
    assert found is not None
    return found


def _reviews_held(child_id: int) -> int:
    return (
        Child.objects.filter(pk=child_id)
        .annotate(n=Count("reviews", filter=Q(reviews__status="held")))
        .values_list("n", flat=True)
        .get()
    )


def test_pages_issue_a_fixed_number_of_queries_at_two_sizes(make_user: Any) -> None:
    today = timezone.localdate()
    generate_service(ServiceShape(children=12, years=3, seed=21, as_of=today, iros=2))
    manager = make_user(Role.IRO_MANAGER)
    iro = ReviewingOfficer.objects.annotate(n=Count("children")).order_by("-n", "pk").first()
    assert iro is not None and iro.user is not None
    few = _child_by_history("n")
    clients = {"manager": Client(), "iro": Client()}
    clients["manager"].force_login(manager)
    clients["iro"].force_login(iro.user)
    small = _counts(clients, iro, few)
    small_caseload = Child.objects.filter(iro=iro, current_period__isnull=False).count()

    # A service four times the size beside it; the IRO takes on twenty more children, and the
    # child page is asked for a child with the longest history.
    generate_service(ServiceShape(children=48, years=3, seed=22, as_of=today, iros=4), append=True)
    moved = list(
        Child.objects.filter(current_period__isnull=False)
        .exclude(iro=iro)
        .order_by("pk")
        .values_list("pk", flat=True)[:20]
    )
    Child.objects.filter(pk__in=moved).update(iro=iro)
    many = _child_by_history("-n")
    assert _reviews_held(many) > _reviews_held(few)
    assert Child.objects.filter(iro=iro, current_period__isnull=False).count() > small_caseload
    large = _counts(clients, iro, many)

    for key, ceiling in CEILINGS.items():
        assert small[key] == large[key], (key, small[key], large[key])
        assert large[key] <= ceiling, (key, large[key], ceiling)

"""Demo and synthetic foster households and supervision orders: realistic numbers, three years
of reviews, some overdue, two fostering IROs, and stored facts the one writer agrees with."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine

from iro.fostering.models import FosterCarerReview, FosterHousehold
from iro.fostering.schedule import household_schedule_refresh
from iro.orders.models import SupervisionOrder
from iro.seeding.demo import fostering, load_demo
from iro.seeding.synthetic import ServiceShape, generate_service

AS_OF = date(2026, 11, 23)
YEARS = [(date(y, 4, 1), date(y + 1, 3, 31)) for y in (2023, 2024, 2025)]


def test_a_350_child_demo_has_60_to_90_households() -> None:
    assert 60 <= round(350 * fostering.HOUSEHOLDS_PER_CHILD) <= 90


@pytest.mark.django_db
def test_the_demo_households_and_orders() -> None:
    with time_machine.travel(datetime(2026, 11, 23, 10, 0), tick=False):
        load_demo(as_of=AS_OF, children=60, seed=7)
    households = FosterHousehold.objects.all()
    assert households.count() == 13
    assert households.values("chair").distinct().count() == 2
    assert {h.chair.user.username for h in households} == {"iro", "iro3"}
    held = list(FosterCarerReview.objects.values_list("held_on", flat=True))
    assert all(any(start <= d <= end for d in held) for start, end in YEARS)
    assert max(held) <= AS_OF
    assert FosterCarerReview.objects.filter(in_timescale=False).exists()
    assert FosterCarerReview.objects.filter(number=1, panel_date__isnull=False).exists()
    approved = households.filter(approval_ended_on__isnull=True)
    assert approved.filter(next_review_due__lt=AS_OF).exists()  # some overdue today
    assert approved.filter(next_review_due__gte=AS_OF).exists()
    assert household_schedule_refresh() == 0  # the stored facts are the writer's
    assert SupervisionOrder.objects.exists()
    order = SupervisionOrder.objects.first()
    assert order is not None and order.ends_on > order.made_on


@pytest.mark.django_db
def test_the_synthetic_service_has_households_at_the_demo_rate() -> None:
    result = generate_service(ServiceShape(children=80, years=2, seed=7, as_of=date(2025, 3, 31)))
    assert result.counts["foster_households"] == round(80 * fostering.HOUSEHOLDS_PER_CHILD)
    assert FosterCarerReview.objects.count() > result.counts["foster_households"]
    assert result.counts["supervision_orders"] == SupervisionOrder.objects.count()
    assert household_schedule_refresh() == 0

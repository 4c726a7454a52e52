"""The demo service covers three full years of every record kind it makes, consistent with the
rules and with itself: reviews on the statutory cadence, meetings on working days, disputes and
oversights spread over the years, outcomes that vary, a Cafcass referral that names the stage
its dispute reached."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from iro.children.models import PeriodOfCare
from iro.core.council import working_day_calendar
from iro.disputes.models import CafcassReferral, Dispute, DisputeStage
from iro.monitoring.models import OversightRecord
from iro.reviews.models import Recommendation, Review
from iro.seeding.demo import load_demo

AS_OF = date(2026, 11, 23)
# The three reporting years before the current one, 1 April to 31 March.
YEARS = [(date(y, 4, 1), date(y + 1, 3, 31)) for y in (2023, 2024, 2025)]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    # Loaded once for the module: its tests only read it.
    with (
        time_machine.travel(datetime(2026, 11, 23, 10, 0), tick=False),
        django_db_blocker.unblock(),
    ):
        load_demo(as_of=AS_OF, children=60, seed=7)
    try:
        yield None
    finally:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)


def year_counts(days: list[date]) -> list[int]:
    return [sum(1 for d in days if start <= d <= end) for start, end in YEARS]


@pytest.mark.django_db
def test_every_record_kind_covers_three_full_years(demo: None) -> None:
    assert all(year_counts(list(Review.objects.values_list("held_on", flat=True))))
    assert all(year_counts(list(OversightRecord.objects.values_list("date", flat=True))))
    assert all(year_counts(list(Dispute.objects.values_list("raised_on", flat=True))))
    due = list(Recommendation.objects.values_list("review__held_on", flat=True))
    assert year_counts(due)[-1] > 0


@pytest.mark.django_db
def test_no_period_of_care_goes_without_its_reviews(demo: None) -> None:
    held: dict[int, list[date]] = defaultdict(list)
    for period_id, day in Review.objects.filter(status=Review.Status.HELD).values_list(
        "period_id", "held_on"
    ):
        held[period_id].append(day)
    for period in PeriodOfCare.objects.all():
        end = period.end_date or AS_OF
        days = sorted(held[period.pk])
        if (end - period.start_date).days > 60:
            assert days, f"period {period.pk} ({period.start_date} to {end}) has no review"
        # Never more than about 7 months between reviews (6 months and the demo's lateness).
        marks = [period.start_date, *days]
        gaps = [(b - a).days for a, b in itertools.pairwise(marks)]
        assert max(gaps, default=0) <= 220, (period.pk, gaps)


@pytest.mark.django_db
def test_meetings_are_on_working_days(demo: None) -> None:
    calendar = working_day_calendar()
    for day, status in Review.objects.values_list("held_on", "status"):
        assert calendar.is_working_day(day), (day, status)


@pytest.mark.django_db
def test_dispute_outcomes_vary_and_cafcass_names_the_stage_reached(demo: None) -> None:
    outcomes = Counter(
        Dispute.objects.filter(status=Dispute.Status.RESOLVED).values_list("outcome", flat=True)
    )
    assert len(outcomes) >= 3
    assert max(outcomes.values()) < sum(outcomes.values()) * 0.6
    stages = {s.order: s.name.lower() for s in DisputeStage.objects.all()}
    for referral in CafcassReferral.objects.select_related("dispute"):
        if referral.dispute is None:
            continue
        reached = referral.dispute.highest_stage_order
        for order, name in stages.items():
            if order > reached:
                assert f"after {name}" not in referral.reason, (referral.reason, reached)


@pytest.mark.django_db
def test_oversights_are_spread_over_the_years_not_bunched(demo: None) -> None:
    counts = year_counts(list(OversightRecord.objects.values_list("date", flat=True)))
    # The service grows, so earlier years have fewer; but never a year nearly empty.
    assert min(counts) >= max(counts) * 0.15, counts
    disputes = year_counts(list(Dispute.objects.values_list("raised_on", flat=True)))
    assert min(disputes) >= max(disputes) / 4, disputes

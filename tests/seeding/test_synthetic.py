"""The synthetic service generator (`generate_service`): deterministic, consistent with the
statutory timetable, shaped like a real service. Small scale only: no timings here."""

from __future__ import annotations

from collections import Counter
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from iro.accounts.models import User
from iro.caseloads.models import ReviewingOfficer
from iro.children.models import Child, PeriodOfCare
from iro.core.council import working_day_calendar
from iro.reviews.models import Review
from iro.reviews.schedule import schedule_refresh
from iro.seeding.synthetic import DatabaseNotEmpty, ServiceShape, generate_service, snapshot_rows
from iro.timetable import reviews as rules

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 3, 31)


def shape(**overrides: Any) -> ServiceShape:
    values: dict[str, Any] = {"children": 50, "years": 2, "seed": 7, "as_of": AS_OF}
    values.update(overrides)
    return ServiceShape(**values)


def generated(service: ServiceShape) -> dict[str, list[Any]]:
    """Generate, read every row back, and roll it all back (the generator's records include
    append-only ones that cannot be deleted)."""
    with transaction.atomic():
        generate_service(service)
        rows = snapshot_rows()
        transaction.set_rollback(True)
    return rows


def test_the_same_seed_and_date_give_identical_rows() -> None:
    first = generated(shape())
    assert generated(shape()) == first
    assert len(first["children"]) > 50 and len(first["reviews"]) > 100


def test_a_different_seed_gives_a_different_service() -> None:
    first = generated(shape(seed=7))
    second = generated(shape(seed=8))
    assert second["reviews"] != first["reviews"]
    assert second["children"] != first["children"]


def test_children_looked_after_leavers_and_iros_follow_the_shape() -> None:
    result = generate_service(shape(children=110))
    assert result.counts["children_looked_after"] == 110
    assert Child.objects.filter(current_period__isnull=False).count() == 110
    # Leavers on top at 0.42 a year per child looked after.
    assert result.counts["children"] == 110 + round(110 * 0.42 * 2)
    assert ReviewingOfficer.objects.count() == 2  # 110 / 55
    assert User.objects.filter(groups__name="iro").count() == 2
    ended = PeriodOfCare.objects.filter(end_date__isnull=False)
    assert ended.exists() and not ended.filter(end_date__gt=AS_OF).exists()
    assert not Child.objects.filter(current_period__end_date__isnull=False).exists()
    # Placement moves: more episodes than periods.
    assert result.counts["episodes"] > result.counts["periods"]


def test_reviews_follow_the_timetable() -> None:
    generate_service(shape(children=60))
    calendar = working_day_calendar()
    held = Review.objects.filter(status=Review.Status.HELD).select_related("period")
    by_period: dict[int, list[Review]] = {}
    for review in held.order_by("held_on"):
        by_period.setdefault(review.period_id, []).append(review)
    checked = 0
    for reviews in by_period.values():
        period = reviews[0].period
        if not period.start_known:
            assert all(r.number is None for r in reviews)
            continue
        assert period.start_date is not None
        assert [r.number for r in reviews] == list(range(1, len(reviews) + 1))
        previous = None
        for review in reviews:
            due = rules.review_due_for(
                review.number or 0,
                period_start=period.start_date,
                previous_held=previous,
                calendar=calendar,
            )
            assert review.due_date == due
            assert review.in_timescale == (review.held_on <= due)
            assert period.start_date < review.held_on <= (period.end_date or AS_OF)
            previous = review.held_on
            checked += 1
    assert checked > 50
    timed = held.exclude(in_timescale=None)
    share = timed.filter(in_timescale=True).count() / timed.count()
    assert 0.7 <= share <= 0.97


def test_pn0_only_for_children_under_4_and_every_under_4_is_pn0() -> None:
    generate_service(shape(children=80))
    held = Review.objects.filter(status=Review.Status.HELD).select_related("child")
    codes = Counter()
    for review in held:
        under_4 = review.child.age_on(review.held_on) < 4
        assert (review.participation_code == "PN0") == under_4
        codes[review.participation_code] += 1
    assert set(codes) <= {f"PN{n}" for n in range(8)}
    assert 0 < codes["PN7"] < 0.15 * sum(codes.values())


def test_the_service_has_oversights_and_disputes() -> None:
    result = generate_service(shape(children=80))
    rows = snapshot_rows()
    assert result.counts["oversights"] == len(rows["oversights"]) > 80
    disputes = rows["disputes"]
    assert result.counts["disputes"] == len(disputes) > 0
    drift = sum(1 for d in disputes if d[2] == "drift_delay")
    assert drift > 0.2 * len(disputes)


def test_schedule_refresh_finds_nothing_to_correct() -> None:
    generate_service(shape(inline=True))
    before = snapshot_rows()
    schedule_refresh()
    assert snapshot_rows() == before


def test_refuses_a_database_that_already_holds_a_service() -> None:
    generate_service(shape())
    with pytest.raises(DatabaseNotEmpty):
        generate_service(shape(seed=9))
    generate_service(shape(seed=9), append=True)
    assert Child.objects.filter(la_child_id__startswith="G009").exists()


def test_command_generates_and_reports() -> None:
    out = StringIO()
    call_command(
        "generate_service",
        "--children=20",
        "--years=1",
        "--seed=3",
        "--as-of=2025-03-31",
        stdout=out,
    )
    assert "Generated" in out.getvalue()
    assert Child.objects.filter(current_period__isnull=False).count() == 20
    with pytest.raises(CommandError, match="already holds"):
        call_command("generate_service", "--children=20", "--years=1", stdout=StringIO())


def test_command_dry_run_saves_nothing() -> None:
    out = StringIO()
    call_command("generate_service", "--children=20", "--years=1", "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue()
    assert not Child.objects.exists()
    assert not ReviewingOfficer.objects.exists()

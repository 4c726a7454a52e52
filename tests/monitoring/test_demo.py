"""The demo gives oversight to most children, some below the standard, and a month of dip
samples."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.db.models import Count

from iro.children.models import Child
from iro.monitoring import selectors
from iro.monitoring.models import DipSample, MidpointReview, OversightRecord
from iro.seeding.demo import load_demo

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 23)


def _oversights() -> list[tuple[object, ...]]:
    return list(
        OversightRecord.objects.order_by("child__la_child_id", "date", "type").values_list(
            "child__la_child_id", "date", "type", "iro__name"
        )
    )


def test_demo_oversight_is_realistic_and_repeatable() -> None:
    with transaction.atomic():  # a first load, rolled back once read
        load_demo(as_of=AS_OF, children=40, seed=7)
        first = _oversights()
        transaction.set_rollback(True)
    context = load_demo(as_of=AS_OF, children=40, seed=7)
    assert _oversights() == first
    in_care = Child.objects.filter(current_period__isnull=False, iro__isnull=False).count()
    counts = dict(
        OversightRecord.objects.values_list("child")
        .annotate(n=Count("id"))
        .values_list("child", "n")
    )
    assert len(counts) >= 0.8 * in_care
    assert OversightRecord.objects.filter(date__gt=AS_OF).count() == 0
    assert MidpointReview.objects.exists()
    assert DipSample.objects.filter(month=date(2026, 10, 1)).exists()
    standard = selectors.standard_counts(selectors.children_in_care(user=context.users["manager"]))
    assert standard["below"] >= 1 and standard["met"] >= 1

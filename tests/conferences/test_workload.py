"""Children on a plan as a kind of work in caseloads: counted by chair in one query."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from iro.caseloads.models import ReviewingOfficer
from iro.children.models import Child
from iro.conferences.models import ChildProtectionPlan
from iro.core.workload import workload_kinds

pytestmark = pytest.mark.django_db


def _plan(
    child: Child, chair: ReviewingOfficer | None, start: date, end: date | None = None
) -> None:
    ChildProtectionPlan.objects.create(
        child=child,
        chair=chair,
        start_date=start,
        end_date=end,
        initial_category="NEG",
        latest_category="NEG",
    )


def test_the_cp_plan_kind_is_registered_with_its_weight() -> None:
    kind = next(k for k in workload_kinds() if k.key == "cp_plan")
    assert (kind.label, kind.unit, kind.default_weight) == (
        "Children on a child protection plan",
        "child",
        Decimal("0.5"),
    )


def test_open_plans_are_counted_by_chair_on_the_day_in_one_query(
    chair: ReviewingOfficer,
    colleague: ReviewingOfficer,
    make_cp_child: Callable[..., Child],
    django_assert_num_queries: object,
) -> None:
    kind = next(k for k in workload_kinds() if k.key == "cp_plan")
    _plan(make_cp_child(), chair, date(2026, 1, 5))
    _plan(make_cp_child(), chair, date(2026, 1, 5), end=date(2026, 6, 1))  # ended that day
    _plan(make_cp_child(), colleague, date(2026, 7, 1))  # not started yet on the day
    _plan(make_cp_child(), None, date(2026, 1, 5))  # no chair yet (a CIN import)
    with django_assert_num_queries(1):  # type: ignore[operator]
        counts = kind.count_by_iro(date(2026, 6, 1))
    assert counts == {chair.pk: 1}
    assert kind.count_by_iro(date(2026, 5, 31)) == {chair.pk: 2}
    assert kind.count_by_iro(date(2026, 7, 1)) == {chair.pk: 1, colleague.pk: 1}

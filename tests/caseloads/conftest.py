"""Fixtures for caseload tests: a service built in bulk, so 3 or 30 children cost the same."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from iro.caseloads.models import ReviewingOfficer
from iro.children.models import Child, IROAllocation, PeriodOfCare


@pytest.fixture
def build_service(db: Any) -> Callable[..., tuple[list[ReviewingOfficer], list[Child]]]:
    """`iros` IROs and `children` children in care (started `days_in_care` days ago), dealt out
    to the IROs in turn, each with one allocation in their IRO history."""

    def build(
        *, iros: int, children: int, days_in_care: int = 400, prefix: str = "B"
    ) -> tuple[list[ReviewingOfficer], list[Child]]:
        today = timezone.localdate()
        officers = ReviewingOfficer.objects.bulk_create(
            ReviewingOfficer(
                name=f"IRO {prefix}{i:03d}",
                fte=Decimal("1.00"),
                start_date=date(2020, 1, 1),
            )
            for i in range(iros)
        )
        kids = Child.objects.bulk_create(
            Child(
                la_child_id=f"{prefix}{i:05d}",
                first_name="Child",
                last_name=f"{prefix}{i:05d}",
                date_of_birth=date(2012, 1, 1),
                iro=officers[i % iros] if iros else None,
            )
            for i in range(children)
        )
        start = today - timedelta(days=days_in_care)
        periods = PeriodOfCare.objects.bulk_create(
            PeriodOfCare(child=kid, start_date=start, first_known_date=start) for kid in kids
        )
        for kid, period in zip(kids, periods, strict=True):
            kid.current_period = period
        Child.objects.bulk_update(kids, ["current_period"])
        IROAllocation.objects.bulk_create(
            IROAllocation(child=kid, iro=kid.iro, start_date=start + timedelta(days=3))
            for kid in kids
            if kid.iro is not None
        )
        return officers, kids

    return build

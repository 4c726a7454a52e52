"""Fixtures for foster carer review tests: a fostering IRO and households built through the
services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from iro.caseloads.models import ReviewingOfficer
from iro.fostering import services
from iro.fostering.models import ApprovalType, FosterHousehold


@pytest.fixture
def fostering_iro(make_iro: Callable[..., ReviewingOfficer]) -> ReviewingOfficer:
    return make_iro("Femi Adeyemi")


@pytest.fixture
def make_household(db: Any, fostering_iro: ReviewingOfficer) -> Callable[..., FosterHousehold]:
    counter = {"n": 0}

    def make(
        *, approved_on: date = date(2025, 12, 1), chair: ReviewingOfficer | None = None
    ) -> FosterHousehold:
        counter["n"] += 1
        return services.household_create(
            acting_user=None,
            reference=f"FH-{counter['n']:04d}",
            carers=f"Jo and Sam Carer{counter['n']}",
            approved_on=approved_on,
            approval_type=ApprovalType.GENERAL,
            approval_terms="Up to 2 children aged 0 to 11",
            supervising_social_worker="Dee Walker",
            chair=chair or fostering_iro,
        )

    return make

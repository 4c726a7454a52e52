"""The caseloads demo adds a leaver, a new starter, frequent IRO changes and past exits."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.management import call_command

from iro.caseloads import selectors
from iro.caseloads.models import ReviewingOfficer
from iro.children.models import Child, IROAllocation

AS_OF = date(2026, 11, 23)


@pytest.mark.django_db
def test_demo_gives_the_caseload_pages_something_to_show(capsys: Any) -> None:
    call_command("load_demo", "--as-of", AS_OF.isoformat(), "--children", "60")
    leaver = ReviewingOfficer.objects.get(name="Joanne Pryce")
    assert leaver.contract == "agency" and leaver.end_date is not None
    assert IROAllocation.objects.filter(iro=leaver, end_date=leaver.end_date).exists()
    assert not Child.objects.filter(iro=leaver, current_period__isnull=False).exists()
    assert selectors.continuity_distribution()["3 or more"] >= 1
    # Every open allocation is the child's IRO of record.
    for child_id, iro_id in IROAllocation.objects.filter(end_date__isnull=True).values_list(
        "child_id", "iro_id"
    ):
        assert Child.objects.get(pk=child_id).iro_id == iro_id
    forecast = selectors.demand_forecast(AS_OF)
    assert forecast.entry_rate > 0 and sum(band.exits for band in forecast.hazards) > 0

"""The default ladder comes back after the database is emptied, and a council's own is kept."""

from __future__ import annotations

import pytest

from iro.disputes.defaults import ensure_defaults
from iro.disputes.models import DisputeSettings, DisputeStage

pytestmark = pytest.mark.django_db


def test_default_ladder_is_the_domain_model() -> None:
    assert list(DisputeStage.objects.values_list("key", "is_formal", "response_working_days")) == [
        ("informal", False, 5),
        ("stage_1", True, 5),
        ("stage_2", True, 5),
        ("stage_3", True, 5),
    ]
    settings_row = DisputeSettings.objects.get()
    assert (settings_row.formal_total_working_days, settings_row.formal_meeting_by_working_day) == (
        20,
        15,
    )


def test_defaults_are_recreated_when_missing_and_a_councils_changes_kept() -> None:
    DisputeStage.objects.all().delete()
    DisputeSettings.objects.all().delete()
    ensure_defaults()
    assert DisputeStage.objects.count() == 4
    DisputeStage.objects.filter(key="stage_1").update(response_working_days=3)
    ensure_defaults()
    assert DisputeStage.objects.get(key="stage_1").response_working_days == 3
    assert DisputeSettings.objects.count() == 1

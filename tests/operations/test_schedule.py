"""When a scheduled job is due: the slot rules, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from iro.operations.schedule import Cadence, current_slot


@pytest.mark.parametrize(
    ("now", "slot"),
    [
        (datetime(2026, 12, 1, 10, 0, 0), datetime(2026, 12, 1, 10, 0)),
        (datetime(2026, 12, 1, 10, 0, 59), datetime(2026, 12, 1, 10, 0)),
        (datetime(2026, 12, 1, 10, 1, 0), datetime(2026, 12, 1, 10, 1)),
        (datetime(2026, 12, 1, 0, 0, 1), datetime(2026, 12, 1, 0, 0)),
    ],
)
def test_every_minute_slot_is_the_minute_started(now: datetime, slot: datetime) -> None:
    assert current_slot(Cadence(every=timedelta(minutes=1)), now) == slot


@pytest.mark.parametrize(
    ("now", "slot"),
    [
        # Before today's time: yesterday's slot (a scheduler started at 01:00 catches up once).
        (datetime(2026, 12, 1, 1, 29), datetime(2026, 11, 30, 1, 30)),
        (datetime(2026, 12, 1, 1, 30), datetime(2026, 12, 1, 1, 30)),
        (datetime(2026, 12, 1, 23, 59), datetime(2026, 12, 1, 1, 30)),
        # Across a month and a year end.
        (datetime(2027, 1, 1, 0, 5), datetime(2026, 12, 31, 1, 30)),
    ],
)
def test_daily_slot_is_todays_time_once_passed(now: datetime, slot: datetime) -> None:
    assert current_slot(Cadence(daily_at=time(1, 30)), now) == slot


def test_slot_keeps_the_time_zone() -> None:
    now = datetime(2026, 12, 1, 9, 17, tzinfo=UTC)
    assert current_slot(Cadence(every=timedelta(minutes=15)), now).tzinfo is UTC
    assert current_slot(Cadence(every=timedelta(minutes=15)), now).minute == 15


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"every": timedelta(minutes=1), "daily_at": time(1)}, {"every": timedelta(0)}],
)
def test_a_cadence_is_one_thing_that_moves_forward(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        Cadence(**kwargs)

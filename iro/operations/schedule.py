"""When each scheduled job is due: pure rules on plain values (no Django).

A job runs once per *slot*: the latest moment on its cadence at or before now. The scheduler
records each slot it has enqueued, so several schedulers (one per app server) never run a job
twice, and a scheduler that was stopped catches up with the latest slot only, not every one missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta


@dataclass(frozen=True)
class Cadence:
    """Either every `every` (aligned to midnight), or once a day at `daily_at`."""

    every: timedelta | None = None
    daily_at: time | None = None

    def __post_init__(self) -> None:
        if (self.every is None) == (self.daily_at is None):
            raise ValueError("A cadence is either every so often or daily at a time")
        if self.every is not None and self.every <= timedelta(0):
            raise ValueError("A cadence must move forward")


def current_slot(cadence: Cadence, now: datetime) -> datetime:
    """The latest slot at or before `now` (same tzinfo as `now`)."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if cadence.every is not None:
        steps = (now - midnight) // cadence.every
        return midnight + steps * cadence.every
    assert cadence.daily_at is not None
    today = datetime.combine(now.date(), cadence.daily_at, tzinfo=now.tzinfo)
    return today if today <= now else today - timedelta(days=1)

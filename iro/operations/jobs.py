"""The scheduled jobs: what runs, and when (council time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

from iro.core import tasks as core_tasks
from iro.notifications import tasks as notification_tasks

from . import tasks
from .schedule import Cadence


@dataclass(frozen=True)
class Job:
    name: str
    description: str
    cadence: Cadence
    task: Any


JOBS: tuple[Job, ...] = (
    Job(
        "heartbeat",
        "Shows that a background worker is running",
        Cadence(every=timedelta(minutes=1)),
        tasks.heartbeat,
    ),
    Job(
        "derived-facts",
        "Brings stored due dates, drift and oversight facts up to today",
        Cadence(daily_at=time(1, 30)),
        core_tasks.refresh_daily_facts,
    ),
    Job(
        "notifications",
        "Sends what is due, overdue or escalated (each once)",
        Cadence(every=timedelta(minutes=10)),
        notification_tasks.send_notifications,
    ),
    Job(
        "notification-status",
        "Records GOV.UK Notify's delivery status",
        Cadence(every=timedelta(hours=1)),
        notification_tasks.update_delivery_statuses,
    ),
    Job(
        "retention-review",
        "Lists records past the council's retention period",
        Cadence(daily_at=time(2, 0)),
        tasks.retention_review,
    ),
)

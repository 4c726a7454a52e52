"""The daily task: moves on the stored facts that change with the date alone (a review becomes
overdue, an oversight falls due, a move leaves the 12-month window). Idempotent: a second run
on the same day changes nothing. Enqueue it each night (`refresh_daily_facts.enqueue()` from
the scheduler) or run `manage.py recompute_timetable`."""

from __future__ import annotations

from django_tasks import task

from . import facts


@task()
def refresh_daily_facts() -> dict[str, int]:
    return facts.refresh()

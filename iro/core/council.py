"""The one place the product reads a council's settings and working-day calendar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import connection

from iro.timetable.calendar import WorkingDayCalendar
from iro.timetable.reviews import ReviewTimescales

from .models import ClosureDay, CouncilSettings

T = TypeVar("T")

# Read once per request: a page, its panels and its layout each ask for the settings and the
# calendar (the child's page asked five times). Only inside `request_memo` (the middleware), and
# forgotten the moment either table is saved, so nothing is judged on settings older than the
# request; a save inside a transaction stops the memo for the rest of the request, since the
# transaction may yet roll back.
_memo: ContextVar[dict[str, Any] | None] = ContextVar("council_memo", default=None)


@contextmanager
def request_memo() -> Iterator[None]:
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def forget(**_signal: Any) -> None:
    """Drop what this request remembered (connected to saves and deletes of either table)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()
        if connection.in_atomic_block:
            memo["off"] = True


def _remembered(key: str, load: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None or memo.get("off"):
        return load()
    if key not in memo:
        memo[key] = load()
    value: T = memo[key]
    return value


def _load_settings() -> CouncilSettings:
    settings_row = CouncilSettings.objects.order_by("pk").first()
    if settings_row is None:
        settings_row, _ = CouncilSettings.objects.get_or_create(pk=1)
    return settings_row


def council_settings() -> CouncilSettings:
    return _remembered("settings", _load_settings)


def _load_calendar() -> WorkingDayCalendar:
    closed: list = []
    opened: list = []
    for day, kind in ClosureDay.objects.values_list("date", "kind"):
        (closed if kind == ClosureDay.Kind.CLOSED else opened).append(day)
    return WorkingDayCalendar(extra_closures=closed, removed_closures=opened)


def working_day_calendar() -> WorkingDayCalendar:
    """England's bank holidays adjusted by the administrator's closure days (one query)."""
    return _remembered("calendar", _load_calendar)


def review_timescales(row: CouncilSettings | None = None) -> ReviewTimescales:
    row = row or council_settings()
    return ReviewTimescales(
        notification_working_days=row.notification_working_days,
        iro_allocation_working_days=row.iro_allocation_working_days,
        first_review_working_days=row.first_review_working_days,
        second_review_months=row.second_review_months,
        later_review_months=row.later_review_months,
        due_soon_working_days=row.due_soon_working_days,
        convening_request_working_days_before=row.convening_request_working_days_before,
        reports_working_days_before=row.reports_working_days_before,
        recommendations_working_days=row.recommendations_working_days,
        minutes_written_working_days=row.minutes_written_working_days,
        minutes_distributed_working_days=row.minutes_distributed_working_days,
        care_plan_update_working_days=row.care_plan_update_working_days,
    )

"""The one place the product reads a council's settings and working-day calendar."""

from __future__ import annotations

from iro.timetable.calendar import WorkingDayCalendar
from iro.timetable.reviews import ReviewTimescales

from .models import ClosureDay, CouncilSettings


def council_settings() -> CouncilSettings:
    settings_row = CouncilSettings.objects.order_by("pk").first()
    if settings_row is None:
        settings_row, _ = CouncilSettings.objects.get_or_create(pk=1)
    return settings_row


def working_day_calendar() -> WorkingDayCalendar:
    """England's bank holidays adjusted by the administrator's closure days (one query)."""
    closed: list = []
    opened: list = []
    for day, kind in ClosureDay.objects.values_list("date", "kind"):
        (closed if kind == ClosureDay.Kind.CLOSED else opened).append(day)
    return WorkingDayCalendar(extra_closures=closed, removed_closures=opened)


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

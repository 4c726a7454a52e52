"""Settings a council changes, kept as data with the defaults of shared/domain.md."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from iro.timetable.dates import format_date


class CouncilSettings(models.Model):
    """The one row of the council's settings (read through `iro.core.council`)."""

    council_name = models.CharField(max_length=120, default="Northshire County Council")
    service_name = models.CharField(max_length=120, default="IRO Oversight")
    phase = models.CharField(max_length=20, default="Beta", blank=True)
    notification_working_days = models.PositiveSmallIntegerField(default=2)
    iro_allocation_working_days = models.PositiveSmallIntegerField(default=5)
    first_review_working_days = models.PositiveSmallIntegerField(default=20)
    second_review_months = models.PositiveSmallIntegerField(default=3)
    later_review_months = models.PositiveSmallIntegerField(default=6)
    due_soon_working_days = models.PositiveSmallIntegerField(default=10)
    convening_request_working_days_before = models.PositiveSmallIntegerField(default=10)
    reports_working_days_before = models.PositiveSmallIntegerField(default=3)
    recommendations_working_days = models.PositiveSmallIntegerField(default=5)
    minutes_written_working_days = models.PositiveSmallIntegerField(default=20)
    minutes_distributed_working_days = models.PositiveSmallIntegerField(default=20)
    care_plan_update_working_days = models.PositiveSmallIntegerField(default=10)
    caseload_lower = models.PositiveSmallIntegerField(default=50)
    caseload_upper = models.PositiveSmallIntegerField(default=70)
    oversights_between_reviews = models.PositiveSmallIntegerField(default=2)
    oversights_per_year = models.PositiveSmallIntegerField(default=4)
    retention_years_after_birth = models.PositiveSmallIntegerField(default=75)
    default_other_duties_weight = models.DecimalField(
        max_digits=3, decimal_places=2, default=Decimal("0.00")
    )

    class Meta:
        db_table = "web_councilsettings"  # made by the web app before settings moved to core
        verbose_name = "council settings"
        verbose_name_plural = "council settings"

    def __str__(self) -> str:
        return f"Settings for {self.council_name}"

    def clean(self) -> None:
        if self.caseload_lower > self.caseload_upper:
            raise ValidationError(
                {"caseload_lower": "Lower caseload bound must be no more than the upper bound"}
            )


class ClosureDay(models.Model):
    """A day the administrator adds as a closure (not a working day) or removes from the bank
    holidays (a working day after all) — for a one-off bank holiday the package does not know."""

    class Kind(models.TextChoices):
        CLOSED = "closed", "Closed (not a working day)"
        OPEN = "open", "Open (a working day, not a bank holiday)"

    date = models.DateField(unique=True)
    kind = models.CharField(max_length=6, choices=Kind.choices, default=Kind.CLOSED)
    reason = models.CharField(max_length=200)

    class Meta:
        db_table = "web_closureday"  # made by the web app before settings moved to core
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{format_date(self.date)}: {self.get_kind_display()}"

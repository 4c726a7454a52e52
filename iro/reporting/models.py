"""The IRO annual report's saved narrative; its figures are always computed from the records."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AnnualReport(models.Model):
    """One year's report (year = the April it starts). `narrative` maps section keys to text."""

    year = models.PositiveSmallIntegerField(unique=True)
    narrative = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"IRO annual report {self.year} to {self.year + 1}"


class Priority(models.Model):
    """A priority of the IRO service for one year (year = the April it starts): set in the
    report of the year before ("next year's priorities", with an owner and a date) and reported
    on in that year's report ("last year's priorities", with its status)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        ACHIEVED = "achieved", "Achieved"
        PARTLY_ACHIEVED = "partly", "Partly achieved"
        NOT_ACHIEVED = "not_achieved", "Not achieved"
        CARRIED_FORWARD = "carried", "Carried forward"

    year = models.PositiveSmallIntegerField("year it is a priority for", db_index=True)
    title = models.CharField("priority", max_length=300)
    owner = models.CharField("who owns it", max_length=120)
    due_on = models.DateField("to be done by", null=True, blank=True)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.PLANNED)
    progress = models.TextField("what happened", max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["year", "due_on", "pk"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return f"Priority for {self.year} to {self.year + 1}: {self.title}"

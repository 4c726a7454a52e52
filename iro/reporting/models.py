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

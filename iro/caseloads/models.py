"""The caseloads app's models. The IRO staff record is defined in `iro.accounts.models` so that
the apps below caseloads (children, reviews) can use it; it is re-exported here."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from iro.accounts.models import ReviewingOfficer

__all__ = ["ReviewingOfficer", "WorkloadWeight"]

MAX_WEIGHT = Decimal("5.00")


class WorkloadWeight(models.Model):
    """The council's weight for one kind of work (`iro.core.workload`), against one child
    looked after = 1. A registered kind with no row here uses its default weight."""

    kind = models.CharField(max_length=40, unique=True)
    weight = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_WEIGHT)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.weight}"

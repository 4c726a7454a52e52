"""Supervision orders made at the end of care proceedings, and the reviews of the plan an IRO
chairs (Children Act 1989 s31 and Schedule 3: an order of up to a year, extendable to three)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from iro.timetable.fostering import MAX_ORDER_MONTHS


class SupervisionOrder(models.Model):
    """`ends_on` is derived from `made_on` and `months` by the rule, written by the service."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="supervision_orders"
    )
    made_on = models.DateField("date the order was made")
    months = models.PositiveSmallIntegerField(
        "length of the order in months",
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ORDER_MONTHS)],
    )
    ends_on = models.DateField("order ends")
    chair = models.ForeignKey(
        "caseloads.ReviewingOfficer",
        on_delete=models.PROTECT,
        related_name="supervision_orders",
        verbose_name="IRO chairing the reviews",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_on", "pk"]
        indexes = [models.Index(fields=["chair", "ends_on"])]

    def __str__(self) -> str:
        return f"Supervision order made on {self.made_on}"


class SupervisionOrderReview(models.Model):
    order = models.ForeignKey(SupervisionOrder, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField("date of review")
    chair = models.ForeignKey(
        "caseloads.ReviewingOfficer", on_delete=models.PROTECT, related_name="order_reviews"
    )
    plan = models.TextField("the plan agreed")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "held_on", "pk"]
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self) -> str:
        return f"Supervision order review on {self.held_on}"

from __future__ import annotations

from django.conf import settings
from django.db import models

from iro.children import codes


class ParticipationCode(models.TextChoices):
    PN0 = "PN0", codes.PARTICIPATION["PN0"]
    PN1 = "PN1", codes.PARTICIPATION["PN1"]
    PN2 = "PN2", codes.PARTICIPATION["PN2"]
    PN3 = "PN3", codes.PARTICIPATION["PN3"]
    PN4 = "PN4", codes.PARTICIPATION["PN4"]
    PN5 = "PN5", codes.PARTICIPATION["PN5"]
    PN6 = "PN6", codes.PARTICIPATION["PN6"]
    PN7 = "PN7", codes.PARTICIPATION["PN7"]


class Review(models.Model):
    """A statutory CLA review. Only a held review counts in the timetable; a cancelled or
    adjourned meeting stays in the history with its reason.

    `number`, `due_date` and `in_timescale` are derived by `iro.reviews.schedule` (number is empty
    for a review of a child whose period of care began before the data).
    """

    class Status(models.TextChoices):
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"
        ADJOURNED = "adjourned", "Adjourned"

    class Source(models.TextChoices):
        FORM = "form", "Recorded in IRO Oversight"
        SSDA903 = "903", "Imported from the 903 return"
        DEMO = "demo", "Demonstration data"

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="reviews")
    period = models.ForeignKey(
        "children.PeriodOfCare", on_delete=models.CASCADE, related_name="reviews"
    )
    held_on = models.DateField("date of review", db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD)
    status_reason = models.CharField(max_length=300, blank=True)
    participation_code = models.CharField(
        max_length=3, choices=ParticipationCode.choices, blank=True
    )
    chair = models.ForeignKey(
        "caseloads.ReviewingOfficer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews_chaired",
    )
    source = models.CharField(max_length=4, choices=Source.choices, default=Source.FORM)
    # Read by the drift rules; recorded through the review's pages.
    care_plan_received_on = models.DateField("care plan received", null=True, blank=True)
    permanence_plan_agreed = models.BooleanField(null=True, blank=True)
    # Derived and stored.
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    in_timescale = models.BooleanField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "held_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "held_on"],
                condition=models.Q(status="held"),
                name="one_held_review_per_child_per_day",
            )
        ]
        indexes = [models.Index(fields=["status", "held_on"])]

    def __str__(self) -> str:
        return f"Review of {self.child_id} on {self.held_on}"

    @property
    def number_label(self) -> str:
        if self.number is None:
            return "Later review"
        return {1: "First review", 2: "Second review"}.get(self.number, f"Review {self.number}")


class Recommendation(models.Model):
    """A review recommendation: an action, whom it is for, and when it is due."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        NO_LONGER_NEEDED = "withdrawn", "No longer needed"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="recommendations"
    )
    action = models.TextField()
    owner_name = models.CharField("who", max_length=120)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    due_date = models.DateField(db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.action[:40]} ({self.owner_name}, due {self.due_date})"

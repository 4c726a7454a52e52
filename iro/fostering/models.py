"""Approved foster households and the reviews of their approval (Fostering Services (England)
Regulations 2011, regulation 28), chaired by a fostering IRO."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

# The fostering service's own numbering: never a child's ID, so the two cannot be confused.
REFERENCE_PATTERN = r"^FH-[0-9]{4,6}$"


class ApprovalType(models.TextChoices):
    GENERAL = "general", "General (mainstream) foster carer"
    CONNECTED = "connected", "Connected person (family and friends)"
    SHORT_BREAKS = "short_breaks", "Short breaks"
    EMERGENCY = "emergency", "Emergency"
    PARENT_AND_CHILD = "parent_and_child", "Parent and child"
    SPECIALIST = "specialist", "Specialist or therapeutic"


class Recommendation(models.TextChoices):
    CONTINUE = "continue", "Continue approval on the same terms"
    CHANGE_TERMS = "change_terms", "Continue approval with changed terms"
    TERMINATE = "terminate", "End approval"


class FosterHousehold(models.Model):
    """An approved foster household. `next_review_due`, `last_review_on` and `reviews_held` are
    stored facts written only by `iro.fostering.schedule.household_schedule_refresh`."""

    reference = models.CharField(
        max_length=9,
        unique=True,
        validators=[RegexValidator(REFERENCE_PATTERN, "Enter a reference in the format FH-0012")],
    )
    carers = models.CharField("carers' names", max_length=200)
    approved_on = models.DateField("approval date")
    approval_type = models.CharField(max_length=20, choices=ApprovalType.choices)
    approval_terms = models.CharField("terms of approval", max_length=300)
    supervising_social_worker = models.CharField(max_length=120)
    chair = models.ForeignKey(
        "caseloads.ReviewingOfficer",
        on_delete=models.PROTECT,
        related_name="foster_households",
        verbose_name="fostering IRO",
    )
    approval_ended_on = models.DateField(null=True, blank=True)
    # Stored facts (one writer: schedule.household_schedule_refresh).
    reviews_held = models.PositiveSmallIntegerField(default=0)
    last_review_on = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["reference"]
        indexes = [models.Index(fields=["chair", "next_review_due"])]

    def __str__(self) -> str:
        return f"{self.reference} ({self.carers})"

    @property
    def approved(self) -> bool:
        return self.approval_ended_on is None


class FosterCarerReview(models.Model):
    """One review of a household's approval. `number`, `due_on` and `in_timescale` are stored
    facts written by the schedule writer; the first review goes to the fostering panel."""

    household = models.ForeignKey(FosterHousehold, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField("date of review")
    chair = models.ForeignKey(
        "caseloads.ReviewingOfficer", on_delete=models.PROTECT, related_name="foster_reviews"
    )
    carers_views = models.TextField("the carers' views")
    childrens_views = models.TextField("the views of children placed", blank=True)
    social_worker_views = models.TextField("the supervising social worker's views")
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices)
    recommended_terms = models.CharField("recommended terms", max_length=300, blank=True)
    # The fostering panel (regulation 28(9): the first review; later ones when the service asks).
    referred_to_panel_on = models.DateField("referred to panel on", null=True, blank=True)
    panel_date = models.DateField(null=True, blank=True)
    panel_recommendation = models.CharField(
        max_length=20, choices=Recommendation.choices, blank=True
    )
    agency_decision = models.CharField(max_length=20, choices=Recommendation.choices, blank=True)
    agency_decision_on = models.DateField("date of the agency decision", null=True, blank=True)
    # Stored facts (one writer).
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    in_timescale = models.BooleanField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household", "held_on", "pk"]
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self) -> str:
        return f"Review of {self.household.reference} on {self.held_on}"

    @property
    def goes_to_panel(self) -> bool:
        return self.number == 1

"""IRO oversight between reviews, midpoint reviews and managers' dip-sampling."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class OversightRecord(models.Model):
    """One recorded IRO oversight of a child's case (the 'IRO footprint').

    `date` is what the scorecard counts (`oversights_recorded`, children with 2 and 4)."""

    class Type(models.TextChoices):
        CASE_RECORD_CHECK = "case_record", "Case record check"
        DISCUSSION = "discussion", "Discussion with social worker or team manager"
        CONTACT_CHILD = "contact_child", "Contact with the child"
        CONTACT_CARER = "contact_carer", "Contact with carer"
        MIDPOINT_REVIEW = "midpoint", "Midpoint review"

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="oversights")
    iro = models.ForeignKey(
        "caseloads.ReviewingOfficer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="oversights",
        verbose_name="IRO",
    )
    date = models.DateField("date of oversight", db_index=True)
    type = models.CharField(max_length=16, choices=Type.choices)
    what_checked = models.TextField("what was checked", blank=True)
    concerns = models.TextField(blank=True)
    next_check_on = models.DateField("next check date", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["child", "date"]), models.Index(fields=["iro", "date"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()} for {self.child_id} on {self.date}"

    def clean(self) -> None:
        if self.next_check_on and self.next_check_on < self.date:
            raise ValidationError(
                {"next_check_on": "Next check date must be the same as or after the oversight"}
            )


class RecommendationProgress(models.Model):
    """What an oversight found about one open review recommendation."""

    oversight = models.ForeignKey(
        OversightRecord, on_delete=models.CASCADE, related_name="recommendation_progress"
    )
    recommendation = models.ForeignKey(
        "reviews.Recommendation", on_delete=models.CASCADE, related_name="oversight_progress"
    )
    note = models.TextField()

    class Meta:
        ordering = ["oversight", "recommendation__due_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["oversight", "recommendation"], name="one_progress_note_per_recommendation"
            )
        ]

    def __str__(self) -> str:
        return f"Progress on recommendation {self.recommendation_id}"


class MidpointReview(models.Model):
    """A structured oversight halfway between two reviews, written to the child (Signs of
    Safety): what is working well, what we are worried about, what needs to happen."""

    oversight = models.OneToOneField(
        OversightRecord, on_delete=models.CASCADE, related_name="midpoint_review"
    )
    last_review = models.ForeignKey(
        "reviews.Review",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="midpoint_reviews",
    )
    working_well = models.TextField("what is working well")
    worried_about = models.TextField("what we are worried about")
    needs_to_happen = models.TextField("what needs to happen")
    signs_of_success = models.TextField("how we will know it has happened", blank=True)
    scale = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)]
    )

    def __str__(self) -> str:
        return f"Midpoint review {self.oversight_id}"


class DipSample(models.Model):
    """A manager's quality-assurance rating of one oversight or one review."""

    class Kind(models.TextChoices):
        OVERSIGHT = "oversight", "Oversight"
        REVIEW = "review", "Review"

    class Rating(models.TextChoices):
        GOOD = "good", "Good"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
        INADEQUATE = "inadequate", "Inadequate"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    oversight = models.OneToOneField(
        OversightRecord, null=True, blank=True, on_delete=models.CASCADE, related_name="dip_sample"
    )
    review = models.OneToOneField(
        "reviews.Review", null=True, blank=True, on_delete=models.CASCADE, related_name="dip_sample"
    )
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    iro = models.ForeignKey(
        "caseloads.ReviewingOfficer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dip_samples",
        verbose_name="IRO",
    )
    month = models.DateField(help_text="First day of the month sampled", db_index=True)
    rating = models.CharField(max_length=24, choices=Rating.choices)
    feedback = models.TextField()
    sampled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sampled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sampled_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="oversight", oversight__isnull=False, review__isnull=True)
                    | models.Q(kind="review", review__isnull=False, oversight__isnull=True)
                ),
                name="dip_sample_rates_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} rated {self.get_rating_display()}"


class DriftFacts(models.Model):
    """A child in care's drift and oversight standard, derived and stored so the drift and
    standard pages filter, order, paginate and count in SQL.

    Written only by `iro.monitoring.facts.drift_refresh` (through `iro.core.facts.refresh`), in
    the same transaction as any change to its inputs, and each day for what changes with the date
    alone. `<rule>_since` is the day each drift rule began to apply (empty: it does not apply).
    """

    child = models.OneToOneField(
        "children.Child", primary_key=True, on_delete=models.CASCADE, related_name="drift_facts"
    )
    as_of = models.DateField(help_text="The day these facts were last judged to change")
    flag_count = models.PositiveSmallIntegerField(default=0)
    review_overdue_since = models.DateField(null=True, blank=True)
    recommendation_overdue_since = models.DateField(null=True, blank=True)
    no_care_plan_since = models.DateField(null=True, blank=True)
    no_social_worker_since = models.DateField(null=True, blank=True)
    social_worker_changes_since = models.DateField(null=True, blank=True)
    permanence_not_agreed_since = models.DateField(null=True, blank=True)
    placement_moves_since = models.DateField(null=True, blank=True)
    oversight_overdue_since = models.DateField(null=True, blank=True)
    # The rules' inputs that the reasons' sentences quote, so a page writes them out without
    # judging the child again.
    overdue_recommendations = models.PositiveSmallIntegerField(default=0)
    oldest_overdue_recommendation = models.DateField(null=True, blank=True)
    last_review_on = models.DateField(null=True, blank=True)
    last_review_care_plan_received = models.BooleanField(default=True)
    permanence_plan_agreed = models.BooleanField(default=False)
    social_worker_changes = models.PositiveSmallIntegerField(default=0)
    placement_moves = models.PositiveSmallIntegerField(default=0)
    last_oversight_on = models.DateField(null=True, blank=True)
    next_check_on = models.DateField(null=True, blank=True)
    # The oversight standard's inputs and its result.
    standard_status = models.CharField(max_length=8)
    between_count = models.PositiveSmallIntegerField(default=0)
    between_required = models.PositiveSmallIntegerField(default=0)
    between_expected = models.PositiveSmallIntegerField(default=0)
    year_count = models.PositiveSmallIntegerField(default=0)
    year_required = models.PositiveSmallIntegerField(default=0)
    year_expected = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name_plural = "drift facts"
        indexes = [
            models.Index(fields=["flag_count"]),
            models.Index(fields=["standard_status"]),
        ]

    def __str__(self) -> str:
        return f"Drift of child {self.child_id} on {self.as_of}"

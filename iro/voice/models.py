"""The child's voice and the service's feedback: consultations before reviews, advocacy,
independent visitors, 360 feedback after reviews, compliments and complaints."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from . import rules


class RespondentType(models.TextChoices):
    CHILD = "child", "Child or young person"
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    SOCIAL_WORKER = "social_worker", "Social worker"
    OTHER_PROFESSIONAL = "other_professional", "Other professional"


class FromType(models.TextChoices):
    CHILD = "child", "Child or young person"
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    SOCIAL_WORKER = "social_worker", "Social worker"
    OTHER_PROFESSIONAL = "other_professional", "Other professional"
    OTHER = "other", "Someone else"


class Consultation(models.Model):
    """How the IRO sought the child's views before a review. Linked to the review once it is
    recorded; `review` is empty while the review is still to come."""

    METHOD_CHOICES = [(m.code, m.label) for m in rules.CONSULTATION_METHODS]

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="consultations"
    )
    review = models.OneToOneField(
        "reviews.Review",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation",
    )
    consulted_on = models.DateField("date of the consultation")
    method = models.CharField("how the child was consulted", max_length=24, choices=METHOD_CHOICES)
    reason_not_possible = models.CharField(max_length=300, blank=True)
    views_summary = models.TextField("what the child said", max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "-consulted_on", "-id"]
        indexes = [models.Index(fields=["child", "consulted_on"])]

    def __str__(self) -> str:
        return f"Consultation with {self.child_id} on {self.consulted_on}"

    def clean(self) -> None:
        rule = next((m for m in rules.CONSULTATION_METHODS if m.code == self.method), None)
        if rule and rule.needs_reason and not self.reason_not_possible.strip():
            raise ValidationError(
                {"reason_not_possible": "Enter why it was not possible to consult the child"}
            )
        review = self.review if self.review_id else None
        if review is not None and review.child_id != self.child_id:
            raise ValidationError({"review": "Select a review of this child"})
        if review is not None and self.consulted_on > review.held_on:
            raise ValidationError(
                {"consulted_on": "Date of the consultation must be on or before the review"}
            )

    @property
    def counts(self) -> bool:
        return self.method in rules.counting_methods()


class AdvocacyReferral(models.Model):
    """A referral of a child to an independent advocate, and what the advocate helped with."""

    class ReferredBy(models.TextChoices):
        IRO = "iro", "The IRO"
        SOCIAL_WORKER = "social_worker", "Social worker"
        CHILD = "child", "The child (self-referral)"
        CARER = "carer", "Carer"
        PARENT = "parent", "Parent"
        OTHER = "other", "Someone else"

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="advocacy_referrals"
    )
    referred_on = models.DateField("date of referral", db_index=True)
    referred_by = models.CharField(max_length=16, choices=ReferredBy.choices)
    referred_by_name = models.CharField(
        "name of the person who referred", max_length=120, blank=True
    )
    accepted_on = models.DateField("date accepted by the advocacy service", null=True, blank=True)
    issue = models.TextField("issue raised with the advocate's help", max_length=2000, blank=True)
    outcome = models.TextField(max_length=2000, blank=True)
    ended_on = models.DateField("date advocacy ended", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-referred_on", "-id"]
        indexes = [models.Index(fields=["accepted_on", "ended_on"])]

    def __str__(self) -> str:
        return f"Advocacy referral for {self.child_id} on {self.referred_on}"

    def clean(self) -> None:
        errors = {}
        if self.accepted_on and self.accepted_on < self.referred_on:
            errors["accepted_on"] = (
                "Date accepted must be the same as or after the date of referral"
            )
        if self.ended_on and self.ended_on < (self.accepted_on or self.referred_on):
            errors["ended_on"] = "Date advocacy ended must be the same as or after it started"
        if errors:
            raise ValidationError(errors)

    @property
    def status(self) -> str:
        if self.ended_on:
            return "ended"
        return "supported" if self.accepted_on else "waiting"


class IndependentVisitorRecord(models.Model):
    """An independent visitor discussed with a child: whether they want one, referral, match."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="independent_visitor_records"
    )
    discussed_on = models.DateField("date discussed with the child")
    wanted = models.BooleanField("the child wants an independent visitor", null=True, blank=True)
    referred_on = models.DateField("date of referral", null=True, blank=True, db_index=True)
    matched_on = models.DateField("date matched with a visitor", null=True, blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-discussed_on", "-id"]

    def __str__(self) -> str:
        return f"Independent visitor for {self.child_id} discussed {self.discussed_on}"

    def clean(self) -> None:
        errors = {}
        if self.referred_on and self.referred_on < self.discussed_on:
            errors["referred_on"] = "Date of referral must be the same as or after the discussion"
        if self.referred_on and self.wanted is False:
            errors["referred_on"] = "Only refer a child who wants an independent visitor"
        if self.matched_on and not self.referred_on:
            errors["matched_on"] = "Enter the date of referral before the date matched"
        elif self.matched_on and self.referred_on and self.matched_on < self.referred_on:
            errors["matched_on"] = "Date matched must be the same as or after the date of referral"
        if errors:
            raise ValidationError(errors)

    @property
    def status(self) -> str:
        if self.matched_on:
            return "matched"
        if self.referred_on:
            return "waiting"
        return "wanted" if self.wanted else "not_wanted"


class FeedbackRequest(models.Model):
    """A one-time link (or paper form) asking one attendee for feedback about a review.

    Only the SHA-256 hash of the link's token is kept; the link is shown once when it is made.
    """

    review = models.ForeignKey(
        "reviews.Review", on_delete=models.CASCADE, related_name="feedback_requests"
    )
    respondent_type = models.CharField(
        "who it is for", max_length=20, choices=RespondentType.choices
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Feedback request {self.pk} ({self.respondent_type})"

    @property
    def reference(self) -> str:
        return f"FB{self.pk:06d}"

    @property
    def link_expires_at(self) -> datetime:
        """An online link works for FEEDBACK_LINK_LIFETIME_DAYS after it is made."""
        return self.created_at + timedelta(days=settings.FEEDBACK_LINK_LIFETIME_DAYS)

    def link_expired(self, now: datetime) -> bool:
        return now >= self.link_expires_at


class FeedbackResponse(models.Model):
    """One answer to a feedback request: online through the link, or typed in from paper."""

    class Source(models.TextChoices):
        ONLINE = "online", "Online"
        PAPER = "paper", "Paper form, typed in by staff"

    request = models.OneToOneField(
        FeedbackRequest, on_delete=models.CASCADE, related_name="response"
    )
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    went_well = models.TextField(max_length=1000, blank=True)
    could_be_better = models.TextField(max_length=1000, blank=True)
    consent_to_quote = models.BooleanField(default=False)
    respondent_name = models.CharField(max_length=120, blank=True)
    received_on = models.DateField(db_index=True)
    source = models.CharField(max_length=6, choices=Source.choices, default=Source.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"Feedback response to {self.request_id}"

    @property
    def anonymous(self) -> bool:
        return not self.respondent_name.strip()


class Representation(models.Model):
    """What a compliment and a complaint about the IRO service both record."""

    received_on = models.DateField("date received", db_index=True)
    from_type = models.CharField("who it is from", max_length=20, choices=FromType.choices)
    from_name = models.CharField("their name", max_length=120, blank=True)
    about_iro = models.ForeignKey(
        "caseloads.ReviewingOfficer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name="IRO it is about",
    )
    summary = models.TextField(max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-received_on", "-id"]


class Compliment(Representation):
    """A compliment about the IRO service."""

    outcome = models.TextField("what was done", max_length=2000, blank=True)
    responded_on = models.DateField("date of response", null=True, blank=True)
    # Only a compliment whose author agreed may be quoted in the annual report.
    consent_to_quote = models.BooleanField("they agreed to be quoted", default=False)

    def __str__(self) -> str:
        return f"Compliment received {self.received_on}"

    def clean(self) -> None:
        if self.responded_on and self.responded_on < self.received_on:
            raise ValidationError(
                {"responded_on": "Date of response must be the same as or after the date received"}
            )


class Complaint(Representation):
    """A complaint about the IRO service; it moves through the council's stages
    (`rules.COMPLAINT_STAGES`), each a `ComplaintStage` row with its own deadline."""

    # Kept in step by the services so lists filter in SQL.
    current_stage = models.PositiveSmallIntegerField(default=1)
    current_due_on = models.DateField(null=True, blank=True, db_index=True)
    closed = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Complaint received {self.received_on}"


class ComplaintStage(models.Model):
    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Upheld"
        PARTLY_UPHELD = "partly_upheld", "Partly upheld"
        NOT_UPHELD = "not_upheld", "Not upheld"
        WITHDRAWN = "withdrawn", "Withdrawn"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="stages")
    stage = models.PositiveSmallIntegerField(
        choices=[(n, r.name) for n, r in rules.COMPLAINT_STAGES.items()]
    )
    started_on = models.DateField()
    response_due = models.DateField()
    responded_on = models.DateField("date of response", null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    response_summary = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["complaint", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "stage"], name="one_row_per_complaint_stage"
            )
        ]

    def __str__(self) -> str:
        return f"Complaint {self.complaint_id} stage {self.stage}"

    def clean(self) -> None:
        if self.responded_on and self.responded_on < self.started_on:
            raise ValidationError(
                {"responded_on": "Date of response must be the same as or after the stage started"}
            )
        if self.responded_on and not self.outcome:
            raise ValidationError({"outcome": "Select the outcome"})

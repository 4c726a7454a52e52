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
    # The review record (issue 5). Every field has a default so imported rows stay valid.
    brought_forward_reason = models.CharField(max_length=300, blank=True)
    other_attendees = models.TextField("others who attended", blank=True)
    advocate_offered = models.BooleanField(default=False)
    advocate_involved = models.BooleanField(default=False)
    independent_visitor_discussed = models.BooleanField(default=False)
    decisions = models.TextField(blank=True)
    letter = models.TextField("letter to the child", blank=True)
    letter_band = models.CharField(max_length=8, blank=True)
    recommendations_issued_on = models.DateField(null=True, blank=True)
    minutes_written_on = models.DateField("letter written", null=True, blank=True)
    minutes_distributed_on = models.DateField("minutes distributed", null=True, blank=True)
    # Deadlines after the review: derived by `schedule_refresh` for held reviews and stored.
    recommendations_due = models.DateField(null=True, blank=True)
    minutes_written_due = models.DateField(null=True, blank=True)
    minutes_distributed_due = models.DateField(null=True, blank=True, db_index=True)
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
    completion_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.action[:40]} ({self.owner_name}, due {self.due_date})"


class Convening(models.Model):
    """Arranging one due review: the date, the place, who is invited, and whether the social
    worker's request and the care plan arrived in time. Closed when the review is held."""

    class Status(models.TextChoices):
        ARRANGING = "arranging", "Being arranged"
        HELD = "held", "Held"
        WITHDRAWN = "withdrawn", "No longer needed"

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIRTUAL = "virtual", "Online"
        HYBRID = "hybrid", "In person and online"

    class PlanKind(models.TextChoices):
        CARE_PLAN = "care_plan", "Care plan"
        PATHWAY_PLAN = "pathway_plan", "Pathway plan"

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="convenings")
    period = models.ForeignKey(
        "children.PeriodOfCare", on_delete=models.CASCADE, related_name="convenings"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ARRANGING)
    review_due = models.DateField("review due by", null=True, blank=True)
    proposed_date = models.DateField("date of review", db_index=True)
    meeting_format = models.CharField(
        "how the review will meet", max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    venue = models.CharField(max_length=200, blank=True)
    convening_request_received_on = models.DateField(
        "convening request received", null=True, blank=True
    )
    plan_kind = models.CharField(
        max_length=12, choices=PlanKind.choices, default=PlanKind.CARE_PLAN
    )
    care_plan_received_on = models.DateField("plan received", null=True, blank=True)
    notes = models.TextField(blank=True)
    review = models.OneToOneField(
        Review, null=True, blank=True, on_delete=models.SET_NULL, related_name="convening"
    )
    # Derived from the proposed date (timetable rules) and stored, so queues filter in SQL.
    convening_request_due = models.DateField(null=True, blank=True, db_index=True)
    reports_due = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposed_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period"],
                condition=models.Q(status="arranging"),
                name="one_convening_being_arranged_per_period",
            )
        ]
        indexes = [models.Index(fields=["status", "proposed_date"])]

    def __str__(self) -> str:
        return f"Convening for {self.child_id} on {self.proposed_date}"


class Invitee(models.Model):
    """Someone invited to (or deliberately not invited to) a review, and whether they came."""

    class Role(models.TextChoices):
        CHILD = "child", "Child"
        PARENT = "parent", "Parent"
        CARER = "carer", "Carer"
        SOCIAL_WORKER = "social_worker", "Social worker"
        AGENCY = "agency", "Other agency"
        ADVOCATE = "advocate", "Advocate"
        OTHER = "other", "Other"

    convening = models.ForeignKey(Convening, on_delete=models.CASCADE, related_name="invitees")
    role = models.CharField(max_length=14, choices=Role.choices)
    name = models.CharField(max_length=120)
    organisation = models.CharField("relationship or organisation", max_length=120, blank=True)
    invited = models.BooleanField(default=True)
    not_invited_reason = models.CharField("reason not invited", max_length=300, blank=True)
    invitation_sent_on = models.DateField("invitation sent", null=True, blank=True)
    consultation_form_sent_on = models.DateField("consultation form sent", null=True, blank=True)
    consultation_form_returned_on = models.DateField(
        "consultation form returned", null=True, blank=True
    )
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["convening", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.role == self.Role.PARENT and not self.invited and not self.not_invited_reason:
            raise ValidationError(
                {"not_invited_reason": "Enter the reason this parent is not invited"}
            )


class Reschedule(models.Model):
    """A change to a convened review's date, kept with its reason."""

    convening = models.ForeignKey(Convening, on_delete=models.CASCADE, related_name="reschedules")
    from_date = models.DateField()
    to_date = models.DateField()
    reason = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["convening", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_date} to {self.to_date}: {self.reason}"

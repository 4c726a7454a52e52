"""Disputes: an IRO's challenge to the council, from an informal word to a Cafcass referral.

Shapes the reporting module (scorecard, annual report) can count on:

- `Dispute` — one challenge. `raised_on` (date), `category` (a `Category` key), `is_formal` with
  `formal_raised_on` (date it became formal, empty while informal), `current_stage` (FK to
  `DisputeStage`; `current_stage.key` is `informal`, `stage_1`, `stage_2`, `stage_3`),
  `highest_stage_order`, `status` (`open`, `resolved`, `withdrawn`), `resolved_on` (date),
  `response_due`, `formal_due` (formal_raised_on + 20 working days) and `meeting_due` (+15)
  stored when they change. Formal disputes resolved in timescale: `is_formal`, `resolved_on <=
  formal_due`.
- `DisputeEvent` — the append-only history (raised, responded, escalated, meeting held, resolved,
  referred, corrected, note, meeting action). Never updated or deleted.
- `CafcassReferral(referred_on)` and `LegalAdviceRecord(sought_on)` — the IRO service's own,
  restricted records (IROs, IRO managers and auditors only). Append-only.
- `GoodPracticeAlert(raised_on)` — positive alerts, counted separately from disputes.
- `SystemicIssue(raised_on, raised_with, response_on)` — issues the IRO manager raised formally
  with senior managers, for the annual report.
- `DisputeStage` / `DisputeSettings` — the council's ladder and timescales as data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from .rules import DisputeFlags, FormalTimescales, StageRule, dispute_flags


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove a record that may only be added to."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(f"{self.model.__name__} records cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self.model.__name__} records cannot be deleted")


class AppendOnlyModel(models.Model):
    """A record that is written once: corrections are new records, never edits."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} records cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{type(self).__name__} records cannot be deleted")


class Category(models.TextChoices):
    DRIFT_DELAY = "drift_delay", "Drift and delay in the care plan"
    NO_CARE_PLAN = "no_care_plan", "No care plan or pathway plan for the review"
    PROFESSIONAL_DIFFERENCE = (
        "professional_difference",
        "Professional difference about the care plan",
    )
    NO_SOCIAL_WORKER = "no_social_worker", "No allocated social worker or personal adviser"
    OUTSTANDING_RECOMMENDATIONS = (
        "outstanding_recommendations",
        "Outstanding review recommendations",
    )
    PARTNER_HEALTH = "partner_health", "Partner agency: health or CAMHS"
    PARTNER_EDUCATION = "partner_education", "Partner agency: education or EHCP"
    PARTNER_OTHER = "partner_other", "Partner agency: other"
    OTHER = "other", "Other"


class Outcome(models.TextChoices):
    """What a challenge changed for the child, coded when it closes (issue 21 item 2)."""

    CARE_PLAN_CHANGED = "care_plan_changed", "Care plan changed"
    PLACEMENT_CHANGED = "placement_changed", "Placement changed"
    LEGAL_ACTION = "legal_action", "Legal action started"
    SERVICE_PROVIDED = "service_provided", "Assessment or service provided"
    TIMESCALE_MET = "timescale_met", "Timescale agreed and met"
    NO_CHANGE = "no_change", "No change"


# Outcomes that changed something for the child: the "difference made".
DIFFERENCE_MADE = frozenset(set(Outcome) - {Outcome.NO_CHANGE})


class DisputeSettings(models.Model):
    """The council's formal-dispute timescales (one row, created by a data migration)."""

    formal_total_working_days = models.PositiveSmallIntegerField(
        default=20, help_text="The whole formal process should end within this many working days"
    )
    formal_meeting_by_working_day = models.PositiveSmallIntegerField(
        default=15, help_text="An unresolved formal dispute has a meeting by this working day"
    )
    informal_default_working_days = models.PositiveSmallIntegerField(default=5)

    class Meta:
        verbose_name = "dispute settings"
        verbose_name_plural = "dispute settings"

    def __str__(self) -> str:
        return "Dispute timescales"

    def as_rule(self) -> FormalTimescales:
        return FormalTimescales(
            total_working_days=self.formal_total_working_days,
            meeting_by_working_day=self.formal_meeting_by_working_day,
        )


class DisputeStage(models.Model):
    """One rung of the council's dispute ladder (data: defaults from domain.md section 5)."""

    key = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField(unique=True)
    is_formal = models.BooleanField(default=True)
    responder_role = models.CharField(
        max_length=120, help_text="Who the dispute is raised with at this stage"
    )
    response_working_days = models.PositiveSmallIntegerField(default=5)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name

    def as_rule(self) -> StageRule:
        return StageRule(
            key=self.key,
            name=self.name,
            order=self.order,
            is_formal=self.is_formal,
            response_working_days=self.response_working_days,
        )


class Dispute(models.Model):
    """An IRO's challenge. The row is the current summary, kept in step by the services in the
    same transaction as each event; the history itself is `DisputeEvent`."""

    class Scope(models.TextChoices):
        CHILD = "child", "One child"
        GROUP = "group", "A group of children"
        SYSTEMIC = "systemic", "A systemic issue"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # DR-2026-0042: given by dispute_raise, never changed (rules.next_reference).
    reference = models.CharField(max_length=20, unique=True, editable=False)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.CHILD)
    child = models.ForeignKey(
        "children.Child",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    other_children = models.ManyToManyField(
        "children.Child", blank=True, related_name="group_disputes"
    )
    category = models.CharField(max_length=40, choices=Category.choices)
    summary = models.TextField("what the issue is")
    outcome_sought = models.TextField("what the IRO wants to happen")
    wanted_by = models.DateField("wanted by", null=True, blank=True)
    raised_on = models.DateField(db_index=True)
    raised_by = models.ForeignKey(
        "caseloads.ReviewingOfficer", on_delete=models.PROTECT, related_name="disputes"
    )
    # Current position.
    current_stage = models.ForeignKey(DisputeStage, on_delete=models.PROTECT, related_name="+")
    highest_stage_order = models.PositiveSmallIntegerField(default=0)
    stage_started_on = models.DateField()
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disputes_to_answer",
    )
    responder_name = models.CharField(max_length=120, blank=True)
    # Someone the responder (or their team manager) handed this stage's response to.
    response_delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disputes_delegated",
    )
    response_due = models.DateField(null=True, blank=True, db_index=True)
    responded_on = models.DateField(null=True, blank=True)
    is_formal = models.BooleanField(default=False)
    formal_raised_on = models.DateField(null=True, blank=True, db_index=True)
    formal_due = models.DateField(null=True, blank=True)
    meeting_due = models.DateField(null=True, blank=True)
    meeting_held_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_on = models.DateField(null=True, blank=True, db_index=True)
    outcome = models.TextField(blank=True)
    # Coded when it is resolved: what changed (or why nothing did), and when the IRO checks
    # that it held.
    outcome_code = models.CharField(
        "what changed", max_length=20, choices=Outcome.choices, blank=True
    )
    outcome_reason = models.TextField("why nothing changed", blank=True)
    follow_up_on = models.DateField("follow up on", null=True, blank=True, db_index=True)
    followed_up_on = models.DateField("followed up on", null=True, blank=True)
    follow_up_note = models.TextField("what the follow-up found", blank=True)
    last_event_on = models.DateField(null=True, blank=True)
    last_event_summary = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-raised_on", "-id"]
        indexes = [
            models.Index(fields=["status", "response_due"]),
            models.Index(fields=["status", "is_formal"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_category_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def responder_label(self) -> str:
        if self.responder_id is not None:
            name = str(self.responder)
            return f"{name} ({self.responder_name})" if self.responder_name else name
        return self.responder_name or "Not named"

    @property
    def subject_label(self) -> str:
        if self.child_id is not None:
            return self.child.display_name  # type: ignore[union-attr]
        return self.get_scope_display()

    def flags(self, as_of: date) -> DisputeFlags:
        """What needs attention today: an overdue response, the formal process past its 20
        working days, a dispute meeting due (reads only this row)."""
        return dispute_flags(
            is_open=self.is_open,
            response_due=self.response_due,
            responded=self.responded_on is not None,
            formal_due=self.formal_due,
            meeting_due=self.meeting_due,
            meeting_held=self.meeting_held_on is not None,
            as_of=as_of,
        )

    def clean(self) -> None:
        if self.scope != self.Scope.SYSTEMIC and self.child_id is None:
            raise ValidationError({"child": "Select the child the dispute is about"})
        if not (self.responder_id or self.responder_name.strip()):
            raise ValidationError({"responder_name": "Enter who the dispute is raised with"})

    @property
    def made_a_difference(self) -> bool:
        return self.outcome_code in DIFFERENCE_MADE


class DisputeEvent(AppendOnlyModel):
    """One entry in a dispute's history. Written once; a correction is a new event that names
    the one it corrects. On PostgreSQL a trigger also refuses UPDATE and DELETE on this table."""

    class Kind(models.TextChoices):
        RAISED = "raised", "Raised"
        RESPONDED = "responded", "Response"
        ESCALATED = "escalated", "Escalated"
        MEETING_HELD = "meeting_held", "Dispute meeting held"
        MEETING_ACTION = "meeting_action", "Agreed at the weekly dispute meeting"
        RESOLVED = "resolved", "Resolved"
        WITHDRAWN = "withdrawn", "Withdrawn"
        DELEGATED = "delegated", "Response delegated"
        RESPONSE_NOT_ACCEPTED = "not_accepted", "Response not accepted"
        REFERRED = "referred", "Referred to Cafcass"
        CORRECTED = "corrected", "Correction"
        NOTE = "note", "Note"

    # Kinds that only the IRO service (IROs, managers, auditors) may read.
    RESTRICTED_KINDS = frozenset({Kind.REFERRED})

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    stage = models.ForeignKey(
        DisputeStage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occurred_on = models.DateField()
    text = models.TextField(blank=True)
    deadline = models.DateField(null=True, blank=True)
    responder_label = models.CharField(max_length=200, blank=True)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_label = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dispute", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.kind} {self.occurred_on}"

    @property
    def is_restricted(self) -> bool:
        return self.kind in self.RESTRICTED_KINDS


class CafcassReferral(AppendOnlyModel):
    """A referral to Cafcass (CA 1989 s25B(3)): the IRO service's own, restricted record."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="cafcass_referrals"
    )
    dispute = models.ForeignKey(
        Dispute, null=True, blank=True, on_delete=models.PROTECT, related_name="cafcass_referrals"
    )
    iro = models.ForeignKey(
        "caseloads.ReviewingOfficer", on_delete=models.PROTECT, related_name="cafcass_referrals"
    )
    referred_on = models.DateField(db_index=True)
    reason = models.TextField()
    cafcass_contact = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-referred_on", "-id"]

    def __str__(self) -> str:
        return f"Cafcass referral for {self.child_id} on {self.referred_on}"


class LegalAdviceRecord(AppendOnlyModel):
    """Independent legal advice an IRO sought: the IRO service's own, restricted record."""

    iro = models.ForeignKey(
        "caseloads.ReviewingOfficer", on_delete=models.PROTECT, related_name="legal_advice"
    )
    child = models.ForeignKey(
        "children.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dispute = models.ForeignKey(
        Dispute, null=True, blank=True, on_delete=models.PROTECT, related_name="legal_advice"
    )
    sought_on = models.DateField(db_index=True)
    adviser = models.CharField("who gave the advice", max_length=200)
    summary = models.TextField("what advice was sought")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sought_on", "-id"]

    def __str__(self) -> str:
        return f"Legal advice sought on {self.sought_on}"


class GoodPracticeAlert(AppendOnlyModel):
    """An IRO's note of good practice (positive), counted separately from disputes."""

    child = models.ForeignKey(
        "children.Child",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="good_practice_alerts",
    )
    iro = models.ForeignKey(
        "caseloads.ReviewingOfficer", on_delete=models.PROTECT, related_name="good_practice_alerts"
    )
    raised_on = models.DateField(db_index=True)
    praised = models.CharField("who the alert recognises", max_length=200)
    summary = models.TextField("what was good")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-raised_on", "-id"]

    def __str__(self) -> str:
        return f"Good practice: {self.praised} ({self.raised_on})"


class DisputeMeeting(AppendOnlyModel):
    """One weekly dispute meeting; its agreed actions are `meeting_action` events."""

    held_on = models.DateField(db_index=True)
    attendees = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Dispute meeting on {self.held_on}"


class SystemicIssue(models.Model):
    """An issue the IRO manager raised formally with senior managers, and their response."""

    raised_on = models.DateField(db_index=True)
    raised_with = models.CharField("raised with", max_length=200)
    title = models.CharField(max_length=200)
    description = models.TextField("the issue")
    response = models.TextField("senior managers' response", blank=True)
    response_on = models.DateField("date of response", null=True, blank=True)
    # The disputes it grew from (a recurring challenge: iro.independence.recurring).
    disputes = models.ManyToManyField(Dispute, blank=True, related_name="systemic_issues")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-raised_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.response_on and self.response_on < self.raised_on:
            raise ValidationError(
                {"response_on": "Date of response must be the same as or after the date raised"}
            )
        if self.response_on and not self.response.strip():
            raise ValidationError({"response": "Enter the senior managers' response"})

from __future__ import annotations

from django.conf import settings
from django.db import models

from .kinds import KINDS


class NotificationSetting(models.Model):
    """The council's choice for one kind: on or off, and how many working days ahead."""

    kind = models.CharField(max_length=40, unique=True, choices=[(k.key, k.label) for k in KINDS])
    enabled = models.BooleanField(default=True)
    days_before = models.PositiveSmallIntegerField(
        default=0, help_text="Working days before the deadline (kinds with a deadline)"
    )

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {'on' if self.enabled else 'off'}"


class StageContact(models.Model):
    """The senior manager a formal dispute stage names (told when a dispute reaches the stage
    or its response is overdue)."""

    stage = models.ForeignKey("disputes.DisputeStage", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stage", "user"], name="one_contact_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.stage}: {self.user}"


class Preference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    weekly_digest = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.user}: digest {'on' if self.weekly_digest else 'off'}"


class Notification(models.Model):
    """One message to one person about one record and deadline. Unique on those, so finding
    the same thing due again sends nothing new."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENT = "sent", "Sent"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed: will retry"
        GAVE_UP = "gave_up", "Failed"
        BLOCKED = "blocked", "Not sent: address outside the council's domains"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, choices=[(k.key, k.label) for k in KINDS])
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    due_on = models.DateField()
    child_ref = models.CharField("child ID", max_length=20, blank=True)
    # The child's database id, for the audit entry (a number, like the audit trail's own).
    child_pk = models.BigIntegerField(null=True, blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300)
    channel = models.CharField(max_length=10)
    email = models.EmailField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.CharField(max_length=300, blank=True)
    provider_id = models.CharField(max_length=64, blank=True)
    provider_status = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "object_type", "object_id", "due_on"],
                name="one_notification_per_recipient_kind_record_due",
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id} about {self.object_type} {self.object_id}"

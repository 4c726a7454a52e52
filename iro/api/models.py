from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

SCOPES = {
    "care-events:write": "Send care events: children coming into care, episodes, periods ended",
    "children:read": "Read children with their IRO, next review and status",
    "reviews:read": "Read reviews, participation, decisions and recommendations",
    "disputes:read": "Read disputes: stage, deadlines and status",
    "restricted:read": "Include restricted records (otherwise they are left out)",
}


class ApiClient(models.Model):
    """A system allowed to call the API (the council's case system). Only a hash of its secret
    is kept; the secret is shown once when the client is made."""

    name = models.CharField(max_length=100, unique=True)
    key_id = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    allowed_networks = models.CharField(
        max_length=500, blank=True, help_text="Comma-separated IP ranges (CIDR); empty: any"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "API client"

    def __str__(self) -> str:
        return self.name


class ApiEvent(models.Model):
    """A care event received, keyed by the case system's own event id: the same event sent
    again gets the same answer and changes nothing."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="events")
    event_id = models.CharField(max_length=100)
    kind = models.CharField(max_length=40)
    received_at = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField(encoder=DjangoJSONEncoder)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "event_id"], name="one_event_per_client_id")
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.kind} {self.event_id}"


class ApiRateWindow(models.Model):
    """Calls a client made in one minute (kept in the database so every app server counts)."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    minute = models.DateTimeField()
    calls = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "minute"], name="one_window_per_minute")
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.minute:%H:%M}: {self.calls}"

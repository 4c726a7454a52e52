from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditChangeRefused(Exception):
    """The audit trail is append-only: an entry can be added, never changed or removed."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditChangeRefused("Audit entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditChangeRefused("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    """One thing someone saw or did. Append-only; each entry carries the hash of the one before."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        VIEW = "view", "Viewed"
        DENIED = "denied", "Refused"
        EXPORT = "export", "Exported"
        IMPORT = "import", "Imported"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_OUT = "sign_out", "Signed out"
        SIGN_IN_FAILED = "sign_fail", "Sign-in failed"

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    child_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    summary = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["actor", "at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AuditChangeRefused("Audit entries cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditChangeRefused("Audit entries cannot be deleted.")


class AuditHead(models.Model):
    """The chain's newest entry, kept outside the entries table and moved on by every write
    (one row). Database triggers let it only move forward to an entry that exists with that
    hash, and refuse deleting it: so cutting entries from the end of the trail, or editing one
    and re-hashing the chain after it, leaves a head that no longer matches."""

    entry_id = models.BigIntegerField()
    entry_hash = models.CharField(max_length=64)
    entries = models.PositiveBigIntegerField(help_text="How many entries the chain held")
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Audit head: entry {self.entry_id} ({self.entry_hash[:12]}…)"


class FailedSignInCount(models.Model):
    """Failed sign-ins for usernames with no account, counted per username and address in
    each hour rather than each written to the audit trail (which anyone could fill)."""

    username = models.CharField(max_length=150)
    address = models.CharField(max_length=45, blank=True)
    window_start = models.DateTimeField()
    failures = models.PositiveIntegerField(default=0)
    last_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["username", "address", "window_start"], name="one_count_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.failures} failed sign-in(s) as {self.username!r} from {self.address}"

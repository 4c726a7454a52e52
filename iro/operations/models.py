from __future__ import annotations

from django.db import models


class ScheduledRun(models.Model):
    """A scheduled job enqueued for one slot. Unique, so that schedulers on several app servers
    enqueue each slot once between them."""

    job = models.CharField(max_length=60)
    slot = models.DateTimeField()
    enqueued_at = models.DateTimeField()
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="one_run_per_slot")]
        indexes = [models.Index(fields=["job", "-slot"])]

    def __str__(self) -> str:
        return f"{self.job} at {self.slot:%Y-%m-%d %H:%M}"


class WorkerHeartbeat(models.Model):
    """The last time a background worker ran the heartbeat task (one row per worker name)."""

    worker = models.CharField(max_length=100, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker} seen {self.last_seen:%Y-%m-%d %H:%M}"

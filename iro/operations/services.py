"""Running the service: the scheduler's one step, and what the status page and /healthz read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .jobs import JOBS, Job
from .models import ScheduledRun, WorkerHeartbeat
from .schedule import current_slot


def scheduler_tick(*, now: datetime | None = None, jobs: tuple[Job, ...] = JOBS) -> list[str]:
    """Enqueue every job whose current slot has not been enqueued yet; return their names.

    Safe to run on several servers at once: the unique (job, slot) row decides who enqueues."""
    now = now or timezone.localtime()
    enqueued = []
    for job in jobs:
        slot = current_slot(job.cadence, now)
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, slot=slot, enqueued_at=now)
                result = job.task.enqueue()
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue
        enqueued.append(job.name)
    return enqueued


def prune_finished(*, now: datetime | None = None, keep: timedelta = timedelta(days=7)) -> int:
    """Forget finished task results and scheduled-run rows older than `keep` (the heartbeat alone
    adds 1,440 a day)."""
    cutoff = (now or timezone.now()) - keep
    removed, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    ScheduledRun.objects.filter(enqueued_at__lt=cutoff).delete()
    return removed


@dataclass(frozen=True)
class WorkerStatus:
    last_seen: datetime | None
    queued: int
    stale_after: timedelta

    @property
    def running(self) -> bool:
        return self.last_seen is not None and timezone.now() - self.last_seen <= self.stale_after

    @property
    def minutes_since_seen(self) -> int | None:
        if self.last_seen is None:
            return None
        return int((timezone.now() - self.last_seen).total_seconds() // 60)


def worker_status() -> WorkerStatus:
    last_seen = (
        WorkerHeartbeat.objects.order_by("-last_seen").values_list("last_seen", flat=True).first()
    )
    return WorkerStatus(
        last_seen=last_seen,
        queued=DBTaskResult.objects.ready().count(),
        stale_after=timedelta(minutes=settings.WORKER_STALE_MINUTES),
    )


def migrations_pending() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def last_runs() -> dict[str, ScheduledRun]:
    """Each job's latest enqueued slot (one query a job: a handful, whatever the history)."""
    latest = {}
    for job in JOBS:
        run = ScheduledRun.objects.filter(job=job.name).order_by("-slot").first()
        if run is not None:
            latest[job.name] = run
    return latest

"""The scheduler enqueues each job once per slot, across schedulers; the worker's heartbeat."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from iro.operations import services, tasks
from iro.operations.jobs import JOBS, Job
from iro.operations.models import ScheduledRun, WorkerHeartbeat
from iro.operations.schedule import Cadence

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 9, 0, 30, tzinfo=UTC)


class _Task:
    """Stands in for a django-tasks task: counts how often it is enqueued."""

    def __init__(self) -> None:
        self.enqueued = 0

    def enqueue(self) -> Any:
        self.enqueued += 1
        return type("Result", (), {"id": f"task-{self.enqueued}"})()


def test_each_slot_is_enqueued_once_however_often_the_scheduler_ticks() -> None:
    task = _Task()
    jobs = (Job("minutely", "", Cadence(every=timedelta(minutes=1)), task),)
    assert services.scheduler_tick(now=NOW, jobs=jobs) == ["minutely"]
    # A second scheduler (another app server) in the same minute enqueues nothing.
    assert services.scheduler_tick(now=NOW + timedelta(seconds=20), jobs=jobs) == []
    assert services.scheduler_tick(now=NOW + timedelta(minutes=1), jobs=jobs) == ["minutely"]
    assert task.enqueued == 2
    assert ScheduledRun.objects.filter(job="minutely").count() == 2
    assert ScheduledRun.objects.order_by("slot").first().task_id == "task-1"  # type: ignore[union-attr]


def test_a_daily_job_runs_once_a_day_and_catches_up_once_after_a_stop() -> None:
    task = _Task()
    jobs = (Job("nightly", "", Cadence(daily_at=time(1, 30)), task),)
    # Started at 09:00 having missed three nights: one run, for last night's slot.
    services.scheduler_tick(now=NOW, jobs=jobs)
    services.scheduler_tick(now=NOW + timedelta(hours=10), jobs=jobs)
    assert task.enqueued == 1
    services.scheduler_tick(now=NOW + timedelta(days=1), jobs=jobs)
    assert task.enqueued == 2


def test_the_real_jobs_run_and_the_heartbeat_is_recorded() -> None:
    # The test settings run tasks at once (ImmediateBackend): a tick runs every job.
    assert set(services.scheduler_tick()) == {job.name for job in JOBS}
    beat = WorkerHeartbeat.objects.get()
    assert timezone.now() - beat.last_seen < timedelta(minutes=1)
    assert services.worker_status().running


def test_worker_status_says_stopped_when_the_heartbeat_is_old(settings: Any) -> None:
    settings.WORKER_STALE_MINUTES = 10
    assert not services.worker_status().running  # never seen
    WorkerHeartbeat.objects.create(
        worker=tasks.WORKER, last_seen=timezone.now() - timedelta(minutes=11)
    )
    status = services.worker_status()
    assert not status.running
    assert status.minutes_since_seen == 11
    WorkerHeartbeat.objects.update(last_seen=timezone.now() - timedelta(minutes=9))
    assert services.worker_status().running


def test_prune_forgets_old_scheduled_runs_only() -> None:
    ScheduledRun.objects.create(job="heartbeat", slot=NOW, enqueued_at=NOW - timedelta(days=8))
    ScheduledRun.objects.create(job="heartbeat", slot=NOW + timedelta(minutes=1), enqueued_at=NOW)
    services.prune_finished(now=NOW)
    assert list(ScheduledRun.objects.values_list("enqueued_at", flat=True)) == [NOW]


def test_run_scheduler_once_prints_what_it_enqueued(capsys: Any) -> None:
    call_command("run_scheduler", "--once")
    out = capsys.readouterr().out
    assert "enqueued heartbeat" in out
    call_command("run_scheduler", "--once")
    assert "enqueued" not in capsys.readouterr().out

"""Background jobs the scheduler enqueues. Each is idempotent: running it twice changes nothing
more than running it once."""

from __future__ import annotations

import logging

from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

WORKER = "default"


@task()
def heartbeat() -> None:
    """Proves a worker is taking tasks off the queue: /healthz and the status page read it."""
    WorkerHeartbeat.objects.update_or_create(worker=WORKER, defaults={"last_seen": timezone.now()})


@task()
def retention_review() -> None:
    """List the records past the council's retention period (the command writes nothing)."""
    call_command("retention_review", verbosity=0, stdout=_Discard(), stderr=_Discard())


class _Discard:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        return None

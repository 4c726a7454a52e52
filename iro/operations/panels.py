"""The worker warning on pages whose work waits for the background worker (Data imports)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from iro.accounts.access import user_can
from iro.core.panels import Panel

from .services import worker_status


def service_notice(request: HttpRequest, subject: Any) -> Panel | None:
    if not user_can(request.user, "operations.view_status"):
        return None
    worker = worker_status()
    if worker.running:
        return None
    return Panel("operations/worker_warning.html", {"worker": worker}, order=0)

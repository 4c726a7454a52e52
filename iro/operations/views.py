"""/healthz for the load balancer and monitoring, and the service status page for managers."""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from iro.accounts.access import public, requires

from .jobs import JOBS
from .services import last_runs, migrations_pending, worker_status


@public
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """No sign-in and no personal data: whether this server can do its work.

    503 when the database cannot be reached or migrations are not applied (take this server out
    of the pool); 200 with "status": "degraded" when only the background worker is missing, so a
    stopped worker is reported without taking healthy web servers out of service."""
    body: dict[str, Any] = {"status": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        body["database"] = "ok"
        pending = migrations_pending()
        body["migrations"] = "ok" if pending == 0 else f"{pending} not applied"
        worker = worker_status()
    except DatabaseError:
        return JsonResponse({"status": "failing", "database": "unreachable"}, status=503)
    body["worker"] = {
        "status": "running" if worker.running else "stopped",
        "last_seen": worker.last_seen.isoformat() if worker.last_seen else None,
    }
    body["queue"] = {"ready": worker.queued}
    if pending:
        body["status"] = "failing"
        return JsonResponse(body, status=503)
    if not worker.running:
        body["status"] = "degraded"
    return JsonResponse(body)


@requires("operations.view_status")
def status(request: HttpRequest) -> HttpResponse:
    runs = last_runs()
    jobs = [{"job": job, "last": runs.get(job.name)} for job in JOBS]
    return render(
        request,
        "operations/status.html",
        {"worker": worker_status(), "jobs": jobs},
    )

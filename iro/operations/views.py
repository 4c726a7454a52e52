"""/healthz for the load balancer and monitoring, and the service status page for managers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from iro.accounts.access import (
    SignedInRequest,
    child_visible_to,
    public,
    requires,
    with_record_hidden,
)
from iro.accounts.data_protection import children_due_for_review, retention_review_date
from iro.core.council import council_settings

from .forms import RetentionDeletionForm
from .jobs import JOBS
from .retention import child_records_delete, deletion_counts
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
def status(request: SignedInRequest) -> HttpResponse:
    runs = last_runs()
    jobs = [{"job": job, "last": runs.get(job.name)} for job in JOBS]
    return render(
        request,
        "operations/status.html",
        {"worker": worker_status(), "jobs": jobs},
    )


@requires("retention.review")
def retention_list(request: SignedInRequest) -> HttpResponse:
    years = council_settings().retention_years_after_birth
    today = timezone.localdate()
    due = with_record_hidden(children_due_for_review(today, years), request.user)
    page = Paginator(due, 50).get_page(request.GET.get("page"))
    rows = [
        {"child": child, "review_due": retention_review_date(child.date_of_birth, years)}
        for child in page
    ]
    return render(
        request,
        "operations/retention_list.html",
        {"page": page, "rows": rows, "years": years, "today": today, "runs": last_runs()},
    )


@requires("retention.delete")
def retention_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    years = council_settings().retention_years_after_birth
    today = timezone.localdate()
    child = get_object_or_404(children_due_for_review(today, years), pk=pk)
    if not child_visible_to(request.user, child):
        # A restricted record is deleted only by someone named on it.
        raise Http404("No such record past retention")
    form = RetentionDeletionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        child_records_delete(
            acting_user=request.user, child=child, reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"The records of child {child.la_child_id} have been deleted.")
        return HttpResponseRedirect(reverse("operations:retention"))
    return render(
        request,
        "operations/retention_delete.html",
        {
            "child": child,
            "form": form,
            "counts": deletion_counts(child),
            "review_due": retention_review_date(child.date_of_birth, years),
        },
    )

"""Pages for 903 imports: upload and check, confirm, follow progress, history, the report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from iro.accounts.access import SignedInRequest, requires
from iro.audit.services import audit_read
from iro.core import tabular
from iro.core.panels import collect

from . import selectors, services, tasks
from .forms import UploadForm
from .models import ImportRun
from .reading import year_label
from .uploads import UploadLimitHandler

PAGE_SIZE = 50
ISSUES_PAGE_SIZE = 100


@requires("ssda903.view_imports")
def import_list(request: SignedInRequest) -> HttpResponse:
    page = Paginator(selectors.import_runs(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "ssda903/import_list.html",
        {"page": page, "panels": collect("service_notice", request, None)},
    )


@requires("ssda903.import")
@csrf_exempt  # only so the limit handler is in place before the body is read: checked below
def import_upload(request: SignedInRequest) -> HttpResponse:
    limits = UploadLimitHandler(request)
    request.upload_handlers = [limits, *request.upload_handlers]
    return _import_upload(request, limits)


@csrf_protect
def _import_upload(request: SignedInRequest, limits: UploadLimitHandler) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and limits.problem:
        form.is_valid()
        form.errors.clear()
        form.add_error("csv_files", limits.problem)
        return render(request, "ssda903/upload.html", {"form": form}, status=413)
    if request.method == "POST" and form.is_valid():
        run = services.import_run_start_upload(
            acting_user=request.user,
            files=form.cleaned_data["csv_files"],
            year=form.cleaned_data["year"],
        )
        tasks.check_upload.enqueue(run.pk)
        return HttpResponseRedirect(reverse("ssda903:detail", args=[run.pk]))
    return render(request, "ssda903/upload.html", {"form": form})


@requires("ssda903.view_imports")
def import_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun.objects.select_related("created_by"), pk=pk)
    severity = request.GET.get("show") if request.GET.get("show") in {"error", "warning"} else None
    issues = Paginator(selectors.run_issues(run, severity), ISSUES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit_read(
        actor=request.user,
        object_type="ssda903_import",
        object_id=run.pk,
        summary=f"903 import {run.pk} report viewed (page {issues.number})",
        filters={"show": severity},
    )
    return render(
        request,
        "ssda903/import_detail.html",
        {
            "run": run,
            "issues": issues,
            "severity": severity,
            "panels": collect("service_notice", request, None),
            "newer_years": [year_label(y) for y in selectors.newer_years_imported(run)]
            if run.status == ImportRun.Status.READY
            else [],
            "run_year": year_label(run.year) if run.year else "",
        },
    )


@require_POST
@requires("ssda903.import")
def import_confirm(request: SignedInRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun, pk=pk)
    try:
        services.import_run_confirm(acting_user=request.user, run=run)
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        tasks.load_upload.enqueue(run.pk)
    return HttpResponseRedirect(reverse("ssda903:detail", args=[run.pk]))


@require_POST
@requires("ssda903.import")
def import_cancel(request: SignedInRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun, pk=pk)
    try:
        services.import_run_cancel(acting_user=request.user, run=run)
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(request, "The import was cancelled and the uploaded files deleted")
    return HttpResponseRedirect(reverse("ssda903:imports"))


@requires("ssda903.view_imports")
def import_report_csv(request: SignedInRequest, pk: int) -> StreamingHttpResponse:
    run = get_object_or_404(ImportRun, pk=pk)
    audit_read(
        actor=request.user,
        object_type="ssda903_import",
        object_id=run.pk,
        summary=f"903 import {run.pk} report downloaded as CSV",
        exported=True,
    )
    rows = (
        [issue.severity, issue.file, issue.row or "", issue.column, issue.value, issue.problem]
        for issue in selectors.run_issues(run).iterator(chunk_size=2000)
    )
    return tabular.csv_stream_response(
        f"903-import-{run.pk}-report.csv",
        ["severity", "file", "row", "column", "value", "problem"],
        rows,
    )

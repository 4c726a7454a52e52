"""Pages for 903 imports: upload and check, confirm, follow progress, history, the report."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from iro.accounts.access import requires

from . import selectors, services, tasks
from .forms import UploadForm
from .models import ImportRun
from .reading import year_label

PAGE_SIZE = 50
ISSUES_PAGE_SIZE = 100


@requires("ssda903.view_imports")
def import_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.import_runs(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ssda903/import_list.html", {"page": page})


@requires("ssda903.import")
def import_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
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
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun.objects.select_related("created_by"), pk=pk)
    severity = request.GET.get("show") if request.GET.get("show") in {"error", "warning"} else None
    issues = Paginator(selectors.run_issues(run, severity), ISSUES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "ssda903/import_detail.html",
        {
            "run": run,
            "issues": issues,
            "severity": severity,
            "newer_years": [year_label(y) for y in selectors.newer_years_imported(run)]
            if run.status == ImportRun.Status.READY
            else [],
            "run_year": year_label(run.year) if run.year else "",
        },
    )


@require_POST
@requires("ssda903.import")
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun, pk=pk)
    try:
        services.import_run_confirm(acting_user=request.user, run=run)
    except ValueError as problem:
        messages.error(request, str(problem))
    else:
        tasks.load_upload.enqueue(run.pk)
    return HttpResponseRedirect(reverse("ssda903:detail", args=[run.pk]))


@require_POST
@requires("ssda903.import")
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun, pk=pk)
    try:
        services.import_run_cancel(acting_user=request.user, run=run)
    except ValueError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, "The import was cancelled and the uploaded files deleted")
    return HttpResponseRedirect(reverse("ssda903:imports"))


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe(value: object) -> str:
    """Stop a spreadsheet treating a cell as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@requires("ssda903.view_imports")
def import_report_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    run = get_object_or_404(ImportRun, pk=pk)
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(["severity", "file", "row", "column", "value", "problem"])
        for issue in selectors.run_issues(run).iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    issue.severity,
                    _safe(issue.file),
                    issue.row or "",
                    _safe(issue.column),
                    _safe(issue.value),
                    _safe(issue.problem),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="903-import-{run.pk}-report.csv"'
    return response

"""Pages for CIN census imports: the history, an upload, and each import's report."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from iro.accounts.access import SignedInRequest, requires
from iro.audit.services import audit_read
from iro.core import tabular

from . import services
from .forms import CinUploadForm
from .models import CinImport

PAGE_SIZE = 50
ISSUES_PAGE_SIZE = 100
REPORT_COLUMNS = ["severity", "path", "child", "field", "value", "problem"]


@requires("cin.import")
def import_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(
        CinImport.objects.select_related("created_by").defer("issues"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "cin/import_list.html", {"page": page})


@requires("cin.import")
def import_upload(request: SignedInRequest) -> HttpResponse:
    form = CinUploadForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        outcome = services.cin_import(
            acting_user=request.user,
            content=form.cleaned_data["census_file"],
            file_name=form.file_name,
            dry_run=form.cleaned_data["dry_run"],
        )
        if outcome.run is not None:
            if outcome.loaded:
                messages.success(request, "The CIN census was imported")
            return HttpResponseRedirect(reverse("cin:detail", args=[outcome.run.pk]))
    return render(request, "cin/upload.html", {"form": form, "outcome": outcome})


@requires("cin.import")
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(CinImport.objects.select_related("created_by"), pk=pk)
    issues = Paginator(run.issues, ISSUES_PAGE_SIZE).get_page(request.GET.get("page"))
    audit_read(
        actor=request.user,
        object_type="cin_import",
        object_id=run.pk,
        summary=f"CIN import {run.pk} report viewed (page {issues.number})",
    )
    return render(request, "cin/import_detail.html", {"run": run, "issues": issues})


@requires("cin.import")
def import_report_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    run = get_object_or_404(CinImport, pk=pk)
    audit_read(
        actor=request.user,
        object_type="cin_import",
        object_id=run.pk,
        summary=f"CIN import {run.pk} report downloaded as CSV",
        exported=True,
    )
    rows = ([issue.get(c, "") for c in REPORT_COLUMNS] for issue in run.issues)
    return tabular.csv_stream_response(f"cin-import-{run.pk}-report.csv", REPORT_COLUMNS, rows)

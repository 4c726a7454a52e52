"""Reading import runs and their reports for the pages."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ImportIssue, ImportRun


def import_runs() -> QuerySet[ImportRun]:
    return ImportRun.objects.select_related("created_by").order_by("-created_at", "-id")


def newer_years_imported(run: ImportRun) -> list[int]:
    """Collection years later than the run's that are already imported, newest first."""
    if run.year is None:
        return []
    years = (
        ImportRun.objects.filter(status=ImportRun.Status.LOADED, year__gt=run.year)
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted({y for y in years if y is not None}, reverse=True)


def run_issues(run: ImportRun, severity: str | None = None) -> QuerySet[ImportIssue]:
    issues = ImportIssue.objects.filter(run=run)
    if severity:
        issues = issues.filter(severity=severity)
    # Errors first, then warnings, each in the order found.
    return issues.order_by("severity", "id")

"""Reading import runs and their reports for the pages."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ImportIssue, ImportRun


def import_runs() -> QuerySet[ImportRun]:
    return ImportRun.objects.select_related("created_by").order_by("-created_at", "-id")


def run_issues(run: ImportRun, severity: str | None = None) -> QuerySet[ImportIssue]:
    issues = ImportIssue.objects.filter(run=run)
    if severity:
        issues = issues.filter(severity=severity)
    # Errors first, then warnings, each in the order found.
    return issues.order_by("severity", "id")

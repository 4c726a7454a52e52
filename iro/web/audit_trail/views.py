"""Searching the audit trail (IRO managers and auditors), on a page and as CSV."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from iro.accounts.access import requires
from iro.audit import labels
from iro.audit.models import AuditEntry
from iro.audit.services import audit_record
from iro.core import tabular

from . import selectors
from .forms import AuditSearchForm

PAGE_SIZE = 50
CSV_FIELDS = [
    "id", "at", "actor", "action", "object_type", "object_id", "child_id", "child",
    "summary", "changes", "request_id", "entry_hash", "previous_hash",
]  # fmt: skip


def _filters(request: HttpRequest) -> tuple[AuditSearchForm, dict[str, Any]]:
    form = AuditSearchForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, {k: v for k, v in form.cleaned_data.items() if v}
    return form, {}


@requires("audit.search")
def audit_search(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    if form.is_bound and form.errors:
        page = Paginator(AuditEntry.objects.none(), PAGE_SIZE).get_page(1)
    else:
        page = Paginator(selectors.audit_search(**filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    entries = list(page.object_list)
    return render(
        request,
        "audit/search.html",
        {
            "form": form,
            "page": page,
            "rows": _rows(entries),
            "export_query": request.GET.urlencode(),
        },
    )


def _rows(entries: list[AuditEntry]) -> list[dict[str, Any]]:
    """The page's rows in the user's words: records by their references, children by their
    CHILD ID; codes, database ids and request hashes stay in the CSV."""
    children = selectors.child_labels(entries)
    records = labels.record_labels(entries)
    rows = []
    for entry in entries:
        record = records.get((entry.object_type, entry.object_id), "")
        signing_in = entry.action in {"sign_in", "sign_out", "sign_fail"}
        if not record and not signing_in and entry.object_type not in {"page", "audit_trail"}:
            record = labels.in_words(entry.object_type)
        rows.append(
            {
                "entry": entry,
                "record": record,
                "child": children.get(entry.child_id, "") if entry.child_id else "",
                "what": labels.what_happened(entry, record),
                "changes": [
                    (labels.change_name(name), change)
                    for name, change in entry.changes.items()
                    if name not in {"actions", "request"}
                ],
            }
        )
    return rows


class _Echo:
    def write(self, value: str) -> str:
        return value


@requires("audit.search")
def audit_export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    form, filters = _filters(request)
    if form.is_bound and form.errors:
        return render(
            request,
            "audit/search.html",
            {"form": form, "page": None, "rows": [], "export_query": ""},
            status=400,
        )
    entries = selectors.audit_search(**filters)
    audit_record(
        actor=request.user,
        action=AuditEntry.Action.EXPORT,
        object_type="audit_trail",
        summary=f"Audit trail exported as CSV ({entries.count()} entries)",
        changes={"filters": {k: str(v) for k, v in filters.items()}},
    )

    def rows() -> Iterator[list[Any]]:
        batch: list[AuditEntry] = []
        for entry in entries.iterator(chunk_size=2000):
            batch.append(entry)
            if len(batch) == 2000:
                yield from _csv_rows(batch)
                batch = []
        yield from _csv_rows(batch)

    return tabular.csv_stream_response("audit-trail.csv", CSV_FIELDS, rows())


def _csv_rows(batch: list[AuditEntry]) -> Iterator[list[Any]]:
    children = selectors.child_labels(batch)
    for e in batch:
        yield [
            e.pk,
            e.at.isoformat(),
            e.actor_label,
            e.action,
            e.object_type,
            e.object_id,
            e.child_id or "",
            children.get(e.child_id, "") if e.child_id else "",
            e.summary,
            str(e.changes or ""),
            e.request_id,
            e.entry_hash,
            e.previous_hash,
        ]

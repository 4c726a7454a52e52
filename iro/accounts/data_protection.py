"""Data protection: everything held about a child (subject access request) and retention.

Related records are found through the Child model's reverse relations, followed a few steps
out (child → period of care → episode; child → review → recommendation), so a new app's records
about a child are included without changing this module."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.apps import apps
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from iro.accounts.models import User
from iro.audit.models import AuditEntry
from iro.audit.services import audit_record
from iro.core import tabular
from iro.timetable.calendar import add_months

MAX_DEPTH = 3
PDF_ROWS_PER_TABLE = 300


@dataclass
class Table:
    name: str
    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _table(model: type[models.Model], queryset: models.QuerySet[Any]) -> Table:
    fields = [f for f in model._meta.concrete_fields]
    table = Table(
        name=model._meta.label_lower.replace(".", "-"),
        title=str(model._meta.verbose_name_plural).capitalize(),
        headers=[f.attname for f in fields],
    )
    for row in queryset.order_by("pk").values_list(*[f.attname for f in fields]):
        table.rows.append([_text(v) for v in row])
    return table


def _reverse_relations(model: type[models.Model]) -> list[Any]:
    user_model = apps.get_model("accounts", "User")
    found = []
    for rel in model._meta.get_fields(include_hidden=True):
        related: Any = rel.related_model
        if (
            rel.auto_created
            and not rel.concrete
            and (rel.one_to_many or rel.one_to_one or rel.many_to_many)
            and related is not None
            and related is not user_model
            and not related._meta.auto_created  # M2M link tables
        ):
            found.append(rel)
    # Records that point at the child itself first: a group dispute that names the child among
    # others is reached through its own child, not through the link shared with other children.
    return sorted(found, key=lambda rel: bool(rel.many_to_many))


@dataclass
class RecordSet:
    """One kind of record held about a child. `shared` marks records reached through a
    many-to-many link (a group dispute naming several children): they are the child's data for a
    subject access request, but belong to the other children too."""

    model: type[models.Model]
    queryset: models.QuerySet[Any]
    shared: bool = False
    link: Any = None


def child_record_sets(child: Any) -> list[RecordSet]:
    """The child and every kind of record held about them, found through the relations pointing
    at the child (and at what points at the child), without the audit trail."""
    child_model = type(child)
    root = child_model._default_manager.filter(pk=child.pk)
    sets = [RecordSet(child_model, root)]
    seen: set[type[models.Model]] = {child_model, AuditEntry}
    frontier: list[tuple[type[models.Model], models.QuerySet[Any], bool]] = [
        (child_model, root, False)
    ]
    for _depth in range(MAX_DEPTH):
        next_frontier = []
        for model, queryset, via_shared in frontier:
            for rel in _reverse_relations(model):
                related = rel.related_model
                if related in seen:
                    continue
                seen.add(related)
                lookup = f"{rel.field.name}__in"
                related_qs = related._default_manager.filter(**{lookup: queryset}).distinct()
                shared = via_shared or bool(rel.many_to_many)
                sets.append(RecordSet(related, related_qs, shared=shared, link=rel))
                next_frontier.append((related, related_qs, shared))
        frontier = next_frontier
    return sets


def child_tables(child: Any) -> list[Table]:
    """One table for the child and one for each kind of record held about them."""
    tables = [
        _table(record_set.model, record_set.queryset) for record_set in child_record_sets(child)
    ]
    audit = AuditEntry.objects.filter(child_id=child.pk)
    tables.append(_table(AuditEntry, audit))
    return tables


def subject_access_zip(*, child: Any, acting_user: User | None) -> bytes:
    """A ZIP of a readable PDF and one CSV per table; the export itself is audited first."""
    audit_record(
        actor=acting_user,
        action="export",
        object_type="child",
        object_id=child.pk,
        child_id=child.pk,
        summary="Subject access request: everything held about the child exported",
    )
    tables = child_tables(child)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"child-{child.la_child_id}.pdf", _pdf(child, tables))
        for table in tables:
            archive.writestr(f"{table.name}.csv", tabular.csv_bytes(table.headers, table.rows))
    return buffer.getvalue()


def _pdf(child: Any, tables: list[Table]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "accounts/subject_access.html",
        {
            "child": child,
            "tables": tables,
            "limit": PDF_ROWS_PER_TABLE,
            "generated": timezone.localtime(),
        },
    )
    return bytes(HTML(string=html).write_pdf())


def retention_review_date(date_of_birth: date, years: int) -> date:
    return add_months(date_of_birth, 12 * years)


def children_due_for_review(as_of: date, years: int) -> models.QuerySet[Any]:
    """Children whose records have reached the end of the retention period (by birthday)."""
    child_model = apps.get_model("children", "Child")
    latest_birth = add_months(as_of, -12 * years)
    return child_model._default_manager.filter(date_of_birth__lte=latest_birth).order_by(
        "date_of_birth", "la_child_id"
    )

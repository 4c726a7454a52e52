"""Deleting a child's records at the end of the council's retention period.

What is deleted is what the subject access export finds: the child and every record pointing at
them, and at those records in turn. Records shared with other children (a group dispute naming
this child among others) keep everything but their link to this child. The audit trail is never
touched: its entries name a child by number, so its chain still verifies afterwards."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import connection, models, transaction

from iro.accounts.data_protection import RecordSet, child_record_sets
from iro.accounts.models import User
from iro.audit.services import audit_record


def deletion_plan(child: Any) -> list[RecordSet]:
    """The record sets that deleting this child's records removes, the child last."""
    sets = [s for s in child_record_sets(child) if not s.shared]
    # Deepest first (the child is the first set found), so nothing is left pointing at a row.
    return list(reversed(sets))


def deletion_counts(child: Any) -> list[tuple[str, int]]:
    counts = []
    for record_set in deletion_plan(child):
        count = record_set.queryset.count()
        if count:
            counts.append((str(record_set.model._meta.verbose_name_plural).capitalize(), count))
    return counts


def _links_to(model: type[models.Model], pks: list[Any]) -> list[tuple[Any, dict[str, Any]]]:
    """Many-to-many link rows that point at these rows (from either side)."""
    links = []
    field: Any
    for field in model._meta.get_fields(include_hidden=True):
        if getattr(field, "many_to_many", False) and getattr(field, "remote_field", None):
            through = field.remote_field.through if field.concrete else field.through
            if field.concrete:
                column = field.m2m_field_name()
            else:
                column = field.field.m2m_reverse_field_name()
            links.append((through, {f"{column}__in": pks}))
    return links


@transaction.atomic
def child_records_delete(*, acting_user: User | None, child: Any, reason: str) -> dict[str, int]:
    """Delete the child's records for good; one audit entry says who, why and how many."""
    plan = deletion_plan(child)
    deleted: Counter[str] = Counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Lets the append-only triggers on dispute history allow this deletion only, for
            # this transaction only (operations migration 0002).
            cursor.execute("SET LOCAL iro.retention_deletion = 'on'")
    summary = f"Records of child {child.la_child_id} deleted at the end of the retention period"
    audit_record(
        actor=acting_user,
        action="delete",
        object_type="child",
        object_id=child.pk,
        child_id=child.pk,
        summary=summary,
        changes={
            "reason": reason,
            "records": dict(deletion_counts(child)),
        },
    )
    for record_set in plan:
        pks = list(record_set.queryset.values_list("pk", flat=True))
        if not pks:
            continue
        for through, lookup in _links_to(record_set.model, pks):
            through._default_manager.filter(**lookup)._raw_delete(connection.alias)
        # _raw_delete: the models refuse delete() for append-only history, and each row here
        # is removed on purpose, once, under the audit entry above.
        count = record_set.model._default_manager.filter(pk__in=pks)._raw_delete(connection.alias)
        deleted[record_set.model._meta.label] += count
    return dict(deleted)

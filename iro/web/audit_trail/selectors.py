from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from iro.audit.models import AuditEntry
from iro.children.models import Child


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_search(
    *,
    child: str = "",
    user: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries newest first, filtered by the child's ID (the council's CHILD), who, and when."""
    entries = AuditEntry.objects.select_related("actor").order_by("-id")
    if child:
        ids = list(Child.objects.filter(la_child_id=child).values_list("pk", flat=True))
        entries = entries.filter(child_id__in=ids)
    if user:
        entries = entries.filter(Q(actor__username=user) | Q(actor__isnull=True, actor_label=user))
    if date_from:
        entries = entries.filter(at__gte=_start_of(date_from))
    if date_to:
        entries = entries.filter(at__lt=_start_of(date_to + timedelta(days=1)))
    return entries


def child_labels(entries: list[AuditEntry]) -> dict[int, str]:
    """Child ID (the council's) for each child named on a page of entries: one query."""
    ids = {e.child_id for e in entries if e.child_id is not None}
    return dict(Child.objects.filter(pk__in=ids).values_list("pk", "la_child_id"))

"""Writing the audit trail. Every service that changes a domain record calls `audit_record`
inside its own transaction, so the change and its audit entry are saved together or not at all."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import connection, models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from iro.core.prepared import prepared

from .context import current_request_id
from .models import AuditEntry, AuditHead, FailedSignInCount

# Who acted: a signed-in user, an anonymous visitor refused at the door, a named non-user actor
# (an API client, a command) or nobody (the system).
Actor: TypeAlias = "AbstractBaseUser | AnonymousUser | str | None"

# One lock id for the chain, so concurrent writers on PostgreSQL append one at a time.
_CHAIN_LOCK_ID = 903_2010


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def entry_digest(entry: AuditEntry) -> str:
    """The hash of an entry's content and of the entry before it."""
    payload = {
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "child_id": entry.child_id,
        "summary": entry.summary,
        "changes": entry.changes,
        "request_id": entry.request_id,
        "previous_hash": entry.previous_hash,
    }
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def field_changes(
    before: Mapping[str, Any] | None, after: Mapping[str, Any]
) -> dict[str, list[Any]]:
    """Field-level before and after, for the fields that changed."""
    before = before or {}
    return {
        name: [_plain(before.get(name)), _plain(value)]
        for name, value in after.items()
        if _plain(before.get(name)) != _plain(value)
    }


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    names = (
        list(fields) if fields is not None else [f.attname for f in instance._meta.concrete_fields]
    )
    return {name: _plain(getattr(instance, name)) for name in names}


def audit_record(
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: Any = "",
    child_id: int | None = None,
    summary: str = "",
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chained audit trail."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
        found = _newest_hash()
        previous = found[0]["entry_hash"] if found else None
        real_actor: Any = actor if getattr(actor, "is_authenticated", False) else None
        entry = AuditEntry(
            at=timezone.now(),
            actor=real_actor,
            actor_label=str(real_actor) if real_actor else (str(actor) if actor else "system"),
            action=action,
            object_type=object_type,
            object_id=str(object_id or ""),
            child_id=child_id,
            summary=summary[:300],
            changes={k: v for k, v in (changes or {}).items()},
            request_id=current_request_id.get(),
            previous_hash=previous or "",
        )
        entry.changes = json.loads(json.dumps(entry.changes, default=_plain))
        entry.entry_hash = entry_digest(entry)
        entry.save(force_insert=True)
        _move_head(entry)
    return entry


@prepared
def _newest_hash() -> QuerySet[Any]:
    """The chain's newest entry's hash: every page that reads a record asks, so compiled once."""
    return AuditEntry.objects.order_by("-id").values("entry_hash")[:1]


def _move_head(entry: AuditEntry) -> None:
    """Anchor the chain's newest entry outside the entries table (see AuditHead)."""
    moved = AuditHead.objects.filter(pk=1).update(
        entry_id=entry.pk,
        entry_hash=entry.entry_hash,
        entries=models.F("entries") + 1,
        updated_at=entry.at,
    )
    if not moved:
        AuditHead.objects.create(
            pk=1,
            entry_id=entry.pk,
            entry_hash=entry.entry_hash,
            entries=AuditEntry.objects.count(),
            updated_at=entry.at,
        )


def failed_sign_in_count(*, username: str, address: str) -> None:
    """Count a failed sign-in for a username with no account: one row per username and address
    in each hour, however many attempts (the audit trail is not for anyone to fill)."""
    now = timezone.now()
    window = now.replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        counted = FailedSignInCount.objects.filter(
            username=username, address=address, window_start=window
        ).update(failures=models.F("failures") + 1, last_at=now)
        if not counted:
            FailedSignInCount.objects.get_or_create(
                username=username,
                address=address,
                window_start=window,
                defaults={"failures": 1, "last_at": now},
            )


def audit_read(
    *,
    actor: Actor,
    object_type: str,
    summary: str,
    filters: Mapping[str, Any] | None = None,
    exported: bool = False,
    object_id: Any = "",
    child_id: int | None = None,
) -> AuditEntry:
    """Record that someone saw (or downloaded) child-level data: a list, a search, a report."""
    return audit_record(
        actor=actor,
        action=AuditEntry.Action.EXPORT if exported else AuditEntry.Action.VIEW,
        object_type=object_type,
        object_id=object_id,
        child_id=child_id,
        summary=summary,
        changes={
            "filters": {k: _plain(v) for k, v in (filters or {}).items() if v not in (None, "")}
        },
    )


def save_audited(
    instance: models.Model,
    *,
    actor: Actor,
    summary: str,
    fields: Mapping[str, Any] | None = None,
    audited: Iterable[str] | None = None,
    object_type: str | None = None,
    child_id: int | None = None,
    only_if_changed: bool = False,
) -> dict[str, list[Any]]:
    """Validate and save a record and write its audit entry, in the caller's transaction.

    `fields` are set on the instance first; `full_clean()` runs before anything is written (a
    ValidationError leaves the database untouched). A new record is audited as "create" (with
    the values of `audited`, when named); an existing one as "update" with what changed among
    `audited` (default: the fields set). With `only_if_changed`, an existing record with no
    change is neither saved nor audited, and only the fields set are saved. Returns the changes.
    """
    creating = instance._state.adding
    names = list(audited) if audited is not None else (list(fields) if fields else None)
    before = None if creating else snapshot(instance, names)
    for name, value in (fields or {}).items():
        setattr(instance, name, value)
    instance.full_clean()
    changes = field_changes(before, snapshot(instance, names)) if names or before else {}
    if only_if_changed and not creating:
        if not changes:
            return {}
        instance.save(update_fields=list(fields or {}) or None)
    else:
        instance.save()
    audit_record(
        actor=actor,
        action="create" if creating else "update",
        object_type=object_type or instance._meta.model_name or "",
        object_id=instance.pk,
        child_id=child_id,
        summary=summary[:300],
        changes=changes or None,
    )
    return changes

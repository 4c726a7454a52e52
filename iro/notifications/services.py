"""Finding what is due and sending each notification once.

A Notification row per recipient, kind, record and due date is the record of sending: finding
the same thing again sends nothing new. Failures are retried with backoff and, after the last
try, listed for the IRO manager."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from iro.audit.services import audit_record
from iro.core.council import working_day_calendar

from . import delivery
from .finders import FINDERS, Due
from .kinds import BY_KEY, KINDS, ROLE_KINDS
from .models import Notification, NotificationSetting

MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=5)


@dataclass(frozen=True)
class Outcome:
    due: Due
    result: str  # "sent", "would send", "blocked", "failed", "off"
    notification: Notification | None = None


def kind_settings() -> tuple[set[str], dict[str, int]]:
    """(kinds switched off, working days ahead per kind) from the council's settings."""
    rows = {row.kind: row for row in NotificationSetting.objects.all()}
    off = {key for key, row in rows.items() if not row.enabled}
    days = {
        kind.key: (
            rows[kind.key].days_before
            if kind.key in rows and rows[kind.key].days_before
            else kind.days_before
        )
        for kind in KINDS
    }
    return off, days


def notifications_due(as_of: date) -> list[Due]:
    off, days = kind_settings()
    calendar = working_day_calendar()
    found: list[Due] = []
    for finder in FINDERS:
        found.extend(due for due in finder(as_of, calendar, days) if due.kind not in off)
    return found


def _absolute(link: str) -> str:
    return settings.NOTIFICATIONS_BASE_URL.rstrip("/") + link


def _attempt(notification: Notification, now: datetime) -> str:
    if not delivery.domain_allowed(notification.email):
        notification.status = Notification.Status.BLOCKED
        notification.save(update_fields=["status"])
        return "blocked"
    try:
        provider_id = delivery.send(
            channel=notification.channel,
            email=notification.email,
            subject=notification.subject,
            body=f"{notification.body}\n\n{_absolute(notification.link)}",
            kind=notification.kind,
            reference=str(notification.pk),
        )
    except delivery.DeliveryError as error:
        notification.attempts += 1
        notification.last_error = str(error)
        if notification.attempts >= MAX_ATTEMPTS:
            notification.status = Notification.Status.GAVE_UP
            notification.next_attempt_at = None
        else:
            notification.status = Notification.Status.FAILED
            notification.next_attempt_at = now + FIRST_RETRY * 2 ** (notification.attempts - 1)
        notification.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        return "failed"
    notification.attempts += 1
    notification.status = Notification.Status.SENT
    notification.provider_id = provider_id
    notification.sent_at = now
    notification.next_attempt_at = None
    notification.save(
        update_fields=["attempts", "status", "provider_id", "sent_at", "next_attempt_at"]
    )
    audit_record(
        actor=None,
        action="create",
        object_type="notification",
        object_id=notification.pk,
        child_id=notification.child_pk,
        summary=(
            f"Sent '{BY_KEY[notification.kind].label}' to {notification.recipient_id} about "
            f"{notification.object_type} {notification.object_id}"
        )[:300],
        changes={"recipient": notification.recipient_id, "kind": notification.kind},
    )
    return "sent"


def notifications_send(*, as_of: date, dry_run: bool = False) -> list[Outcome]:
    """Send everything due on `as_of` that has not been sent, then retry earlier failures."""
    now = timezone.now()
    channel = settings.NOTIFICATIONS_CHANNEL
    outcomes = []
    for due in notifications_due(as_of):
        email = (due.recipient.email or "").strip()
        exists = Notification.objects.filter(
            recipient=due.recipient,
            kind=due.kind,
            object_type=due.object_type,
            object_id=due.object_id,
            due_on=due.due_on,
        ).exists()
        if exists:
            continue
        if dry_run:
            outcomes.append(Outcome(due, "would send" if email else "no address"))
            continue
        if not email:
            outcomes.append(Outcome(due, "no address"))
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=due.recipient,
                    kind=due.kind,
                    object_type=due.object_type,
                    object_id=due.object_id,
                    due_on=due.due_on,
                    child_ref=due.child_ref,
                    child_pk=due.child_id,
                    subject=due.subject,
                    body=due.body,
                    link=due.link,
                    channel=channel,
                    email=email,
                )
                result = _attempt(notification, now)
        except IntegrityError:
            continue  # another run made it first
        outcomes.append(Outcome(due, result, notification))
    if not dry_run:
        retry = Notification.objects.filter(
            status=Notification.Status.FAILED, next_attempt_at__lte=now
        ).select_related("recipient")
        for notification in retry:
            with transaction.atomic():
                _attempt(notification, now)
    return outcomes


def notification_statuses_update() -> int:
    """Record Notify's delivery status for messages sent through it and not yet final."""
    changed = 0
    waiting = Notification.objects.filter(
        channel="notify", status=Notification.Status.SENT
    ).exclude(provider_id="")
    for notification in waiting[:500]:
        try:
            status = delivery.notify_status(notification.provider_id)
        except delivery.DeliveryError:
            continue
        if status != notification.provider_status:
            notification.provider_status = status
            if status == "delivered":
                notification.status = Notification.Status.DELIVERED
            elif status.endswith("failure"):
                notification.status = Notification.Status.GAVE_UP
                notification.last_error = f"Notify: {status}"
            notification.save(update_fields=["provider_status", "status", "last_error"])
            changed += 1
    return changed


def describe(outcome: Outcome) -> str:
    due = outcome.due
    return (
        f"{outcome.result}: {due.kind} to {due.recipient.get_username()} about "
        f"{due.object_type} {due.object_id}{f' (child {due.child_ref})' if due.child_ref else ''}"
        f" due {due.due_on.isoformat()}"
    )


def kinds_for(user: Any) -> list[Any]:
    """The kinds this person may receive, from their roles."""
    roles = set(user.groups.values_list("name", flat=True))
    keys = {key for role in roles for key in ROLE_KINDS.get(role, ())}
    return [kind for kind in KINDS if kind.key in keys]

"""Notifications: each sent once, on the right working day, only to the council's domains,
with the child's ID and never their name; through SMTP or GOV.UK Notify; audited."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.children.models import PeriodOfCare
from iro.notifications.models import Notification, NotificationSetting, Preference
from iro.notifications.services import notification_statuses_update, notifications_send

pytestmark = pytest.mark.django_db

# 12 January 2026 is a Monday: ten working days before it, across Christmas, the Boxing Day
# substitute and New Year's Day, is Wednesday 24 December 2025.
DUE = date(2026, 1, 12)


@pytest.fixture
def child_due(make_iro: Any, make_child: Any) -> Any:
    iro = make_iro()
    iro.user.email = "alex.iro@example.org"
    iro.user.save()
    child = make_child(iro=iro, first_name="Zebedee", last_name="Quartermaine")
    PeriodOfCare.objects.filter(pk=child.current_period_id).update(next_review_due=DUE)
    child.refresh_from_db()
    return child


def _kinds(outcomes: list[Any]) -> set[str]:
    return {o.due.kind for o in outcomes if o.result in {"sent", "would send"}}


def test_review_due_in_10_working_days_goes_on_the_10th_working_day_across_christmas(
    child_due: Any, smtp: Any
) -> None:
    assert "review_due_10" not in _kinds(notifications_send(as_of=date(2025, 12, 23)))
    assert "review_due_10" in _kinds(notifications_send(as_of=date(2025, 12, 24)))


def test_each_notification_is_sent_once_and_names_only_the_child_id(
    child_due: Any, smtp: Any
) -> None:
    first = notifications_send(as_of=date(2026, 1, 13))  # the day after it was due
    assert _kinds(first) >= {"review_overdue"}
    count = len(smtp.messages)
    assert count == len([o for o in first if o.result == "sent"]) > 0
    assert notifications_send(as_of=date(2026, 1, 13)) == []
    assert notifications_send(as_of=date(2026, 1, 14)) == []  # same review, same due date
    assert len(smtp.messages) == count
    for message in smtp.messages:
        text = message.get_payload(decode=True).decode() + message["Subject"]
        assert child_due.la_child_id in text
        assert "Zebedee" not in text and "Quartermaine" not in text
        assert f"/children/{child_due.pk}/" in text
    assert {m["To"] for m in smtp.messages} == {"alex.iro@example.org"}


def test_addresses_outside_the_councils_domains_are_never_sent_to(
    child_due: Any, smtp: Any
) -> None:
    iro_user = child_due.iro.user
    iro_user.email = "alex@gmail.com"
    iro_user.save()
    outcomes = notifications_send(as_of=date(2026, 1, 13))
    assert {o.result for o in outcomes} == {"blocked"}
    assert smtp.messages == []
    assert Notification.objects.filter(status=Notification.Status.BLOCKED).exists()


def test_a_kind_the_council_switched_off_is_not_sent(child_due: Any, smtp: Any) -> None:
    NotificationSetting.objects.create(kind="review_overdue", enabled=False)
    assert "review_overdue" not in _kinds(notifications_send(as_of=date(2026, 1, 13)))


def test_every_notification_sent_is_in_the_audit_trail(child_due: Any, smtp: Any) -> None:
    notifications_send(as_of=date(2026, 1, 13))
    sent = Notification.objects.filter(status=Notification.Status.SENT)
    entries = AuditEntry.objects.filter(object_type="notification")
    assert entries.count() == sent.count() > 0
    assert {e.child_id for e in entries} == {child_due.pk}


def test_failures_are_retried_with_backoff_then_listed(
    child_due: Any, settings: Any, client_for: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    notifications_send(as_of=date(2026, 1, 13))
    failed = Notification.objects.get(kind="review_overdue", recipient=child_due.iro.user)
    assert failed.status == Notification.Status.FAILED
    assert failed.attempts == 1
    assert failed.next_attempt_at is not None
    assert timedelta(minutes=4) < failed.next_attempt_at - timezone.now() <= timedelta(minutes=5)
    # Not retried before its time…
    notifications_send(as_of=date(2026, 1, 13))
    failed.refresh_from_db()
    assert failed.attempts == 1
    # …then each retry waits twice as long, and the last is listed for the manager.
    for attempt in range(2, 7):
        Notification.objects.filter(pk=failed.pk).update(next_attempt_at=timezone.now())
        notifications_send(as_of=date(2026, 1, 13))
        failed.refresh_from_db()
        assert failed.attempts == attempt
    assert failed.status == Notification.Status.GAVE_UP
    page = client_for(Role.IRO_MANAGER).get("/notifications/failures").content.decode()
    assert failed.subject in page


def test_gov_uk_notify_sends_and_records_delivery(child_due: Any, notify: Any) -> None:
    notifications_send(as_of=date(2026, 1, 13))
    assert notify.sent
    payload = notify.sent[0]
    assert payload["email_address"] == "alex.iro@example.org"
    assert child_due.la_child_id in payload["personalisation"]["subject"]
    assert "Zebedee" not in str(payload)
    sent = Notification.objects.filter(channel="notify", status=Notification.Status.SENT)
    assert sent.exists() and all(n.provider_id for n in sent)
    assert notification_statuses_update() == sent.count()
    assert not Notification.objects.filter(status=Notification.Status.SENT).exists()
    assert Notification.objects.filter(status=Notification.Status.DELIVERED).count() >= 1


def test_notify_failure_is_retried(child_due: Any, notify: Any) -> None:
    notify.fail_next = 10
    notifications_send(as_of=date(2026, 1, 13))
    assert Notification.objects.filter(status=Notification.Status.FAILED).exists()
    notify.fail_next = 0
    Notification.objects.update(next_attempt_at=timezone.now())
    notifications_send(as_of=date(2026, 1, 13))
    assert not Notification.objects.filter(status=Notification.Status.FAILED).exists()


def test_command_dry_run_lists_and_sends_nothing(child_due: Any, smtp: Any) -> None:
    out = StringIO()
    call_command("send_notifications", "--dry-run", "--as-of", "2026-01-13", stdout=out)
    assert f"would send: review_overdue to {child_due.iro.user.username}" in out.getvalue()
    assert f"(child {child_due.la_child_id})" in out.getvalue()
    assert smtp.messages == [] and not Notification.objects.exists()
    call_command("send_notifications", "--as-of", "2026-01-13", stdout=StringIO())
    again = StringIO()
    call_command("send_notifications", "--as-of", "2026-01-13", stdout=again)
    assert again.getvalue() == ""


def test_the_weekly_digest_can_be_turned_off_but_deadlines_cannot(
    child_due: Any, smtp: Any, client: Any
) -> None:
    user = child_due.iro.user
    monday = date(2026, 1, 12)
    client.force_login(user)
    page = client.get("/notifications/").content.decode()
    assert "Review overdue" in page and "it cannot be turned off" in page
    response = client.post("/notifications/", {"weekly_digest": "no"})
    assert response.status_code == 302
    assert Preference.objects.get(user=user).weekly_digest is False
    kinds = _kinds(notifications_send(as_of=monday))
    assert "weekly_digest" not in kinds
    assert "review_due_10" in kinds
    assert "Review due" in client.get("/notifications/").content.decode()

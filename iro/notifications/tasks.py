from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from . import services


@task()
def send_notifications() -> None:
    services.notifications_send(as_of=timezone.localdate())


@task()
def update_delivery_statuses() -> None:
    services.notification_statuses_update()

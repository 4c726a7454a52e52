"""The reviews app's answers to signals from the apps below it (connected in apps.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.dispatch import receiver

from iro.children.signals import periods_changed

from .schedule import schedule_refresh


@receiver(periods_changed, dispatch_uid="reviews.schedule_refresh")
def refresh_timetable(sender: Any, *, period_ids: Iterable[int], **kwargs: Any) -> None:
    """A period of care started or changed: derive its review due dates again."""
    schedule_refresh(list(period_ids))

"""What the children's register tells the apps above it, which it must not import.

`periods_changed` is sent, inside the service's transaction, with `period_ids` once periods of
care start or change; the reviews app refreshes their review timetables on it."""

from __future__ import annotations

from django.dispatch import Signal

periods_changed = Signal()

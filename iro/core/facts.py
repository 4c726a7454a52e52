"""Derived facts, stored by one writer: the registry every change calls.

Pages filter, order and count by facts derived from many records (a child's next review due,
each drift rule and the date it began to apply, the oversight standard). Each is written by
the app that owns it, in `iro/<app>/facts.py`:

- `ORDER: int` — when it runs (a fact read by another is written first: the review timetable
  at 10, drift and the oversight standard at 20, reporting's per-child year facts at 30);
- `refresh_facts(child_ids, *, as_of) -> int` — recompute the facts of those children (every
  child when None) as on ``as_of``, writing only rows that changed; returns how many changed;
- `pending_facts(*, as_of) -> int` (optional) — how many stored rows differ from the rules, for
  `recompute_timetable --dry-run`.

Every service, the 903 import, the demo and the synthetic service call `refresh()` in the same
transaction as the change to the inputs; the daily task (`iro.core.tasks.refresh_daily_facts`,
or `recompute_timetable`) moves on whatever changes with the date alone. Like the panels, the
registry finds the providers at run time, so a lower app never imports a higher one.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from datetime import date
from functools import cache
from types import ModuleType

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from .council import request_memo


@cache
def _providers() -> tuple[ModuleType, ...]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("iro."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.facts")
        except ModuleNotFoundError:
            continue
        if hasattr(module, "refresh_facts"):
            found.append(module)
    return tuple(sorted(found, key=lambda m: getattr(m, "ORDER", 50)))


def refresh(child_ids: Iterable[int] | None = None, *, as_of: date | None = None) -> dict[str, int]:
    """Recompute the stored facts of these children (all when None), in one transaction.
    Returns how many rows each writer changed, by app."""
    as_of = as_of or timezone.localdate()
    ids = None if child_ids is None else sorted(set(child_ids))
    changed: dict[str, int] = {}
    # The settings and calendar read once for all the writers (each asks for them), afresh for
    # this refresh: a change saved just before it in the same transaction is what they read.
    with transaction.atomic(), request_memo():
        for module in _providers():
            changed[module.__name__.split(".")[1]] = module.refresh_facts(ids, as_of=as_of)
    return changed


def pending(*, as_of: date | None = None) -> dict[str, int]:
    """How many stored rows each writer would change now (nothing is written)."""
    as_of = as_of or timezone.localdate()
    counts: dict[str, int] = {}
    with transaction.atomic():
        for module in _providers():
            counts[module.__name__.split(".")[1]] = module.refresh_facts(None, as_of=as_of)
        transaction.set_rollback(True)
    return counts

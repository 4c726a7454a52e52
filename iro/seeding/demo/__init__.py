"""`load_demo`: a made-up IRO service for an empty database, the same every time for a date.

The core records come first (iro.seeding.demo.core), then each app's records in the order
INSTALLED_APPS listed them (the random draws, and so the demo, stay the same for a seed).
"""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction

from iro.accounts.models import User
from iro.children.models import Child
from iro.core import facts
from iro.core.council import working_day_calendar

from . import (
    accounts,
    caseloads,
    conferences,
    disputes,
    fostering,
    independence,
    monitoring,
    notifications,
    reporting,
    reviews,
    voice,
)
from .core import DEMO_PASSWORD, DemoContext, demo_users, staff
from .core import children as add_children

__all__ = ["DEMO_PASSWORD", "DemoContext", "demo_users", "load_demo"]

POPULATE_IN_ORDER = (
    accounts,
    caseloads,
    reviews,
    monitoring,
    disputes,
    voice,
    independence,
    fostering,
    notifications,
    conferences,
    reporting,
)


@transaction.atomic
def load_demo(
    *, as_of: date, children: int = 350, seed: int = 2010, editions: bool = False
) -> DemoContext:
    """The demo service; ``editions`` also writes and approves last year's annual report (its
    documents are rendered, which takes a few seconds)."""
    if Child.objects.exists() or User.objects.filter(username="manager").exists():
        raise ValueError("The database already holds data: demo data goes into an empty database")
    context = DemoContext(as_of=as_of, rng=random.Random(seed), calendar=working_day_calendar())
    staff(context)
    add_children(context, children)
    for module in POPULATE_IN_ORDER:
        module.populate(context)
    # Every stored fact from its one writer, once all the records are in.
    facts.refresh(as_of=as_of)
    if editions:
        reporting.editions(context)
    return context

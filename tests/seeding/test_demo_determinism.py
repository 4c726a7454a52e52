"""The demo is the same for a seed and a date whatever the database held before: nothing in it
may depend on primary keys, which differ with what earlier writes (or other tests) used."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import transaction

from iro.children.models import Child
from iro.seeding.demo import load_demo
from iro.seeding.synthetic import snapshot_rows

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)


def demo_rows() -> dict[str, list[Any]]:
    with transaction.atomic():
        load_demo(as_of=MONDAY, children=150, seed=2010)
        rows = snapshot_rows()
        transaction.set_rollback(True)
    return rows


def test_the_demo_does_not_depend_on_primary_keys() -> None:
    first = demo_rows()
    # Move the next child's key on by one (odd becomes even), as earlier tests or use would.
    Child.objects.create(la_child_id="SHIFT", date_of_birth=date(2015, 1, 1)).delete()
    second = demo_rows()
    assert second == first
    assert first["disputes"] and first["allocations"]

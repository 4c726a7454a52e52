"""A demo service loaded once per test module, at a frozen date, for whole-product checks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from iro.seeding.demo import DemoContext, load_demo

DEMO_AS_OF = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo_service(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DemoContext]:
    traveller = time_machine.travel(datetime(2026, 11, 23, 10, 0), tick=False)
    traveller.start()
    try:
        with django_db_blocker.unblock():
            context = load_demo(as_of=DEMO_AS_OF, children=30, seed=7)
        yield context
    finally:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
        traveller.stop()

"""On the demo, a dry run finds notifications of every kind, and each person's page lists them."""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from iro.accounts.models import User
from iro.notifications.kinds import KINDS
from iro.seeding.demo import load_demo

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)  # a Monday, and the tests frozen clock day (tests/clock.py)


def test_dry_run_on_the_demo_lists_every_kind_and_a_second_run_sends_nothing(
    client: Any,
) -> None:
    load_demo(as_of=MONDAY, children=350, seed=2010)
    out = StringIO()
    call_command("send_notifications", "--dry-run", "--as-of", MONDAY.isoformat(), stdout=out)
    listed = {line.split()[2] for line in out.getvalue().splitlines()}
    assert listed == {kind.key for kind in KINDS}
    call_command("send_notifications", "--as-of", MONDAY.isoformat(), stdout=StringIO())
    again = StringIO()
    call_command("send_notifications", "--as-of", MONDAY.isoformat(), stdout=again)
    assert again.getvalue() == ""
    manager = User.objects.get(username="manager")
    client.force_login(manager)
    page = client.get("/notifications/").content.decode()
    assert "A child in care has no IRO" in page or "Review overdue" in page

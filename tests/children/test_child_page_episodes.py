"""The child's page lists each period of care with its own episodes, and no one else's."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from iro.accounts.roles import Role
from iro.children.models import Child, PeriodOfCare
from iro.children.services import period_of_care_start


def test_each_period_shows_its_own_episodes(make_child: Any, client_for: Any) -> None:
    child = make_child(start_date=date(2022, 5, 25))
    first = child.current_period
    PeriodOfCare.objects.filter(pk=first.pk).update(end_date=date(2023, 1, 10))
    Child.objects.filter(pk=child.pk).update(current_period=None)
    child.refresh_from_db()
    period_of_care_start(
        acting_user=None,
        child=child,
        start_date=date(2024, 2, 1),
        legal_status="V2",
        placement="R1",
    )
    make_child(start_date=date(2021, 1, 4), legal_status="E1")  # another child's episode

    body = client_for(Role.IRO_MANAGER).get(f"/children/{child.pk}/").content.decode()

    section = body[body.index("Periods of care and episodes") :]
    tables = re.findall(r"<tbody.*?</tbody>", section, flags=re.S)[:2]
    # Newest period first, each with the episode that opened it.
    assert "V2:" in tables[0] and "R1:" in tables[0] and "C2:" not in tables[0]
    assert "C2:" in tables[1] and "U4:" in tables[1] and "V2:" not in tables[1]
    assert "E1:" not in section

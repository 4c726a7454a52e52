"""Restricted children appear on the schedule pages by child ID only, unless the reader is named."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from iro.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/reviews/due/", "/my-children/"])
def test_schedule_pages_hide_a_restricted_childs_name(
    url: str, client: Any, make_iro: Any, make_child: Any, make_user: Any
) -> None:
    iro = make_iro()
    child = make_child(
        first_name="Hidden",
        last_name="Name",
        la_child_id="R0001",
        iro=iro,
        start_date=timezone.localdate() - timedelta(days=30),
    )
    child.restricted = True
    child.save()
    reader = iro.user if url == "/my-children/" else make_user(Role.IRO_MANAGER)
    client.force_login(reader)
    body = client.get(url).content.decode()
    assert "R0001" in body and "Restricted record" in body
    assert "Hidden Name" not in body
    child.restricted_to.add(reader)
    body = client.get(url).content.decode()
    assert "Hidden Name" in body

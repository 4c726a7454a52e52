"""A manager checks caseload pressure, transfers a child using the suggestions and opens the
demand forecast for a budget meeting, in a real browser with axe on every page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from iro.accounts.roles import Role

from .conftest import assert_accessible, sign_in

PASSWORD = "correct-horse-battery-staple"

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_sees_caseloads_transfers_a_child_and_opens_the_forecast(
    page: Any, make_user: Any, make_iro: Any, make_child: Any
) -> None:
    manager = make_user(Role.IRO_MANAGER, username="manager")
    today = timezone.localdate()
    busy, light = make_iro("Daniel Okafor", fte="0.50"), make_iro("Priya Shah")
    children = [
        make_child(iro=busy, start_date=today - timedelta(days=days), first_name=f"Kid{days}")
        for days in (20, 90, 300, 700)
    ]
    sign_in(page, manager.username, PASSWORD)
    page.wait_for_url("**/reviews/due/")

    page.goto("/caseloads/")
    page.get_by_role("heading", name="IRO caseloads").wait_for()
    assert_accessible(page)
    row = page.locator("tbody tr", has_text="Daniel Okafor").first
    assert "8.0" in row.inner_text()  # 4 children on 0.5 FTE

    page.goto(f"/children/{children[0].pk}/allocate-iro")
    suggestions = page.locator("ol", has_text="Priya Shah")
    assert "0 children" in suggestions.inner_text()
    assert_accessible(page)
    page.get_by_label("IRO").select_option(label="Priya Shah")
    page.get_by_label("Reason").fill("Caseload balancing")
    page.get_by_role("button", name="Save allocation").click()
    page.get_by_role("heading", name=children[0].display_name).wait_for()
    assert light.name in page.content()

    page.goto("/caseloads/forecast")
    page.get_by_role("heading", name="Demand forecast and FTE need").wait_for()
    assert (page.locator("svg.iro-chart > title").text_content() or "").startswith("Children")
    assert page.get_by_role("table").count() >= 3
    assert_accessible(page)

    page.goto("/caseloads/continuity")
    assert_accessible(page)

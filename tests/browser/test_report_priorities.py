"""The IRO manager adds a priority for next year's plan and reports on this year's: every page
of the priorities passes axe at 320 px and 1,280 px."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from iro.accounts.roles import Role
from iro.reporting.arithmetic import financial_year_containing
from iro.reporting.models import Priority

from .conftest import assert_accessible, sign_in

PASSWORD = "correct-horse-battery-staple"

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_adds_and_changes_priorities(page: Any, make_user: Any) -> None:
    year = financial_year_containing(timezone.localdate())
    manager = make_user(Role.IRO_MANAGER, username="manager")
    sign_in(page, manager.username, PASSWORD)
    page.wait_for_url("**/reviews/due/")
    page.goto(f"/annual-report/{year}/priorities/")
    page.get_by_role("heading", name=f"Priorities for {year} to {year + 1}").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Add a priority").click()
    page.get_by_role("heading", name="Add a priority").wait_for()
    page.get_by_role("button", name="Save priority").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "Enter the priority" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Priority", exact=True).fill("Feedback after every review")
    page.get_by_label("Who owns it").fill("IRO manager")
    page.locator("#id_due_on_day").fill("30")
    page.locator("#id_due_on_month").fill("9")
    page.locator("#id_due_on_year").fill(str(year + 1))
    page.get_by_role("button", name="Save priority").click()
    page.get_by_text("Priority added").first.wait_for()
    assert_accessible(page)
    priority = Priority.objects.get()
    assert priority.year == year + 1
    page.get_by_role("link", name="Change Feedback after every review").click()
    page.get_by_role("heading", name="Change a priority").wait_for()
    assert_accessible(page)
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Save priority").click()
    page.get_by_text("Priority changed").first.wait_for()
    priority.refresh_from_db()
    assert priority.status == "in_progress"

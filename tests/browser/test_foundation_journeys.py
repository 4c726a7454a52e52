"""An IRO's Monday morning and a manager adding and allocating a child, in a real browser."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from iro.accounts.roles import Role

from .conftest import assert_accessible, sign_in

PASSWORD = "correct-horse-battery-staple"

pytestmark = pytest.mark.django_db(transaction=True)


def test_iro_sees_overdue_child_first_and_opens_the_child_page(
    page: Any, make_iro: Any, make_child: Any
) -> None:
    today = timezone.localdate()
    iro = make_iro("Priya Shah")
    make_child(first_name="Later", start_date=today - timedelta(days=2), iro=iro)
    make_child(first_name="Overdue", start_date=today - timedelta(days=70), iro=iro)
    sign_in(page, iro.user.username, PASSWORD)
    page.wait_for_url("**/my-children/")
    assert_accessible(page)
    rows = page.locator("table tbody tr")
    assert "Overdue Tester" in rows.nth(0).inner_text()
    assert "Overdue" in rows.nth(0).inner_text()
    rows.nth(0).get_by_role("link").click()
    page.get_by_role("heading", name="Review timetable").wait_for()
    assert_accessible(page)


def test_manager_adds_child_fixing_an_error_then_allocates_iro_by_keyboard(
    page: Any, make_user: Any, make_iro: Any
) -> None:
    manager = make_user(Role.IRO_MANAGER, username="manager")
    make_iro("Daniel Okafor")
    sign_in(page, manager.username, PASSWORD)
    page.wait_for_url("**/reviews/due/")
    assert_accessible(page)
    page.goto("/children/new")
    assert_accessible(page)
    page.get_by_label("Child ID").fill("B7788")
    page.get_by_label("First name").fill("Ruby")
    page.get_by_label("Last name").fill("Stone")
    page.locator("#id_date_of_birth_day").fill("31")
    page.locator("#id_date_of_birth_month").fill("2")
    page.locator("#id_date_of_birth_year").fill("2015")
    page.get_by_role("button", name="Add child").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Date of birth must be a real date" in summary.inner_text()
    assert page.title().startswith("Error:")
    assert_accessible(page)
    # The error summary link takes keyboard focus to the field.
    summary.get_by_role("link", name="Date of birth must be a real date").click()
    page.locator("#id_date_of_birth_day").fill("28")
    page.get_by_label("Female").check()
    page.get_by_label("Ethnicity").select_option("WBRI")
    today = timezone.localdate()
    page.locator("#id_start_date_day").fill(str(today.day))
    page.locator("#id_start_date_month").fill(str(today.month))
    page.locator("#id_start_date_year").fill(str(today.year))
    page.get_by_label("Legal status").select_option("C1")
    page.get_by_label("Placement type").select_option("U4")
    page.get_by_label("Category of need").select_option("N1")
    page.get_by_role("button", name="Add child").click()
    page.get_by_role("heading", name="Ruby Stone").wait_for()
    assert "has been added" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Allocate an IRO").click()
    assert_accessible(page)
    page.get_by_label("IRO").select_option(label="Daniel Okafor")
    page.get_by_role("button", name="Save allocation").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Ruby Stone").wait_for()
    assert "Daniel Okafor is now Ruby Stone's IRO" in page.content()

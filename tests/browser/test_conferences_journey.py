"""An IRO chairs child protection conferences end to end: records the strategy discussion, the
initial conference (a plan) and a review conference; the manager sees the service's conferences
due and the CIN census import page. Every page visited passes axe at 320 and 1,280 px."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from iro.accounts.roles import Role
from iro.children.models import Child
from iro.conferences.models import ChildProtectionPlan, Conference, Section47Enquiry

from .conftest import assert_accessible, sign_in

PASSWORD = "correct-horse-battery-staple"

pytestmark = pytest.mark.django_db(transaction=True)


def _fill_date(page: Any, name: str, day: date) -> None:
    page.locator(f"#id_{name}_day").fill(str(day.day))
    page.locator(f"#id_{name}_month").fill(str(day.month))
    page.locator(f"#id_{name}_year").fill(str(day.year))


def test_an_iro_records_a_strategy_discussion_icpc_and_rcpc(
    page: Any, make_user: Any, make_iro: Any
) -> None:
    today = timezone.localdate()
    iro = make_iro("Dana Okafor")
    child = Child.objects.create(
        la_child_id="CP0001", first_name="Mia", last_name="Hart", date_of_birth=date(2017, 4, 2)
    )
    sign_in(page, iro.user.username, PASSWORD)
    page.wait_for_url("**/my-children/")
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("heading", name="Child protection").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Record a strategy discussion").click()
    page.get_by_role("heading", name="Record a strategy discussion").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    page.locator(".govuk-error-summary").wait_for()
    assert (
        "Enter the date of the strategy discussion"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(page)
    _fill_date(page, "strategy_discussion_on", today - timedelta(days=30))
    page.get_by_label("Who will chair the initial conference?").select_option(str(iro.pk))
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Strategy discussion recorded").first.wait_for()
    assert_accessible(page)
    enquiry = Section47Enquiry.objects.get(child=child)

    page.goto("/conferences/mine/")
    page.get_by_role("heading", name="My conferences").wait_for()
    assert "Mia Hart" in page.content()
    assert_accessible(page)

    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="Record the initial conference").click()
    page.get_by_role("heading", name="Record the initial child protection conference").wait_for()
    assert_accessible(page)
    icpc_on = today - timedelta(days=14)
    _fill_date(page, "held_on", icpc_on)
    page.get_by_label("Mother", exact=True).check()
    page.get_by_label("Police", exact=True).check()
    _fill_date(page, "report_social_worker", icpc_on - timedelta(days=2))
    page.get_by_label("Child protection plan", exact=True).check()
    page.get_by_role("button", name="Save conference").click()
    page.locator(".govuk-error-summary").wait_for()
    assert (
        "Select the category of abuse or neglect"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(page)
    page.get_by_label("Neglect").check()
    page.get_by_role("button", name="Save conference").click()
    page.get_by_text("Initial conference recorded").first.wait_for()
    assert_accessible(page)
    plan = ChildProtectionPlan.objects.get(child=child)
    assert plan.start_date == icpc_on and plan.initial_category == "NEG"
    assert enquiry.conferences.get().reports == {
        "social_worker": (icpc_on - timedelta(days=2)).isoformat()
    }

    page.get_by_role("link", name="Record the next review conference").click()
    page.get_by_role("heading", name="Record a review child protection conference").wait_for()
    assert_accessible(page)
    _fill_date(page, "held_on", today - timedelta(days=1))
    page.get_by_label("Mother", exact=True).check()
    page.get_by_label("The plan continues").check()
    page.get_by_label("Emotional abuse").check()
    page.get_by_role("button", name="Save conference").click()
    page.get_by_text("Review conference recorded").first.wait_for()
    assert_accessible(page)
    plan.refresh_from_db()
    assert plan.latest_category == "EMO" and plan.reviews_held == 1
    assert Conference.objects.filter(child=child).count() == 2
    page.get_by_role("button", name="Sign out").click()

    manager = make_user(Role.IRO_MANAGER, username="manager")
    sign_in(page, manager.username, PASSWORD)
    page.goto("/conferences/due/")
    page.get_by_role("heading", name="Child protection conferences due").wait_for()
    assert "Mia Hart" in page.content()
    assert_accessible(page)
    page.goto("/cin-imports/")
    page.get_by_role("heading", name="Children in Need census imports").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Import a CIN census file").click()
    page.get_by_role("heading", name="Import a CIN census file").wait_for()
    assert_accessible(page)

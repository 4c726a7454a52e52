"""A fostering IRO records a foster carer review end to end, then the fostering panel; the IRO
manager's pages for foster carer reviews, supervision orders, caseload weights and workload."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from iro.accounts.roles import Role
from iro.fostering import services
from iro.fostering.models import ApprovalType, FosterCarerReview
from iro.orders import services as orders

from .conftest import assert_accessible, sign_in

PASSWORD = "correct-horse-battery-staple"

pytestmark = pytest.mark.django_db(transaction=True)


def _household(chair: Any, approved_days_ago: int = 370) -> Any:
    return services.household_create(
        acting_user=None,
        reference="FH-0012",
        carers="Amal and Chris Banks",
        approved_on=timezone.localdate() - timedelta(days=approved_days_ago),
        approval_type=ApprovalType.GENERAL,
        approval_terms="Up to 2 children aged 0 to 11",
        supervising_social_worker="Dee Walker",
        chair=chair,
    )


def _fill_date(page: Any, prefix: str, day: Any) -> None:
    page.locator(f"#id_{prefix}_day, [name={prefix}_day]").first.fill(str(day.day))
    page.locator(f"[name={prefix}_month]").fill(str(day.month))
    page.locator(f"[name={prefix}_year]").fill(str(day.year))


def test_a_fostering_iro_records_a_foster_carer_review(page: Any, make_iro: Any) -> None:
    today = timezone.localdate()
    iro = make_iro("Femi Adeyemi")
    household = _household(iro)
    sign_in(page, iro.user.username, PASSWORD)
    page.wait_for_url("**/my-children/")
    page.get_by_role("link", name="My foster carer reviews").first.click()
    page.get_by_role("heading", name="My foster carer reviews").wait_for()
    assert "1 with a review overdue" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="FH-0012").click()
    page.get_by_role("heading", name="FH-0012: Amal and Chris Banks").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Record a review").click()
    page.get_by_role("heading", name="Record a foster carer review").wait_for()
    assert_accessible(page)

    # Submitted empty of views: GOV.UK errors, nothing saved.
    page.get_by_role("button", name="Record review").click()
    page.get_by_text("There is a problem").wait_for()
    assert "Enter the carers" in page.content()
    assert_accessible(page)

    _fill_date(page, "held_on", today)
    page.get_by_label("The carers' views").fill("We want to carry on and take a sibling group.")
    page.get_by_label("The views of children placed (optional)").fill("Says she feels safe.")
    page.get_by_label("The supervising social worker's views").fill("Warm and stable care.")
    page.get_by_label("Continue approval on the same terms").check()
    _fill_date(page, "referred_to_panel_on", today)
    page.get_by_role("button", name="Record review").click()
    page.get_by_text("recorded").first.wait_for()
    assert "Review 1:" in page.content()
    assert_accessible(page)
    review = FosterCarerReview.objects.get(household=household)
    assert review.referred_to_panel_on == today and review.number == 1

    page.get_by_role("link", name="Record the panel and decision").click()
    page.get_by_role("heading", name="Fostering panel and agency decision").wait_for()
    assert_accessible(page)
    _fill_date(page, "panel_date", today)
    page.locator("[name=panel_recommendation][value=continue]").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Fostering panel and agency decision saved").wait_for()
    review.refresh_from_db()
    assert review.panel_date == today and review.panel_recommendation == "continue"


def test_the_managers_pages_pass_axe(
    page: Any, make_iro: Any, make_user: Any, make_child: Any
) -> None:
    iro = make_iro("Femi Adeyemi")
    _household(iro)
    child = make_child(iro=iro)
    orders.supervision_order_record(
        acting_user=None,
        child=child,
        made_on=timezone.localdate() - timedelta(days=30),
        months=12,
        chair=iro,
    )
    manager = make_user(Role.IRO_MANAGER)
    sign_in(page, manager.username, PASSWORD)
    page.wait_for_load_state()
    for url, heading in (
        ("/fostering/households/", "Foster carer reviews due"),
        ("/fostering/households/new", "Add a foster household"),
        ("/supervision-orders/", "Supervision orders"),
        (f"/children/{child.pk}/supervision-orders/new", "Record a supervision order"),
        ("/caseloads/weights", "Workload weights"),
        ("/caseloads/", "IRO caseloads"),
        ("/caseloads/forecast", "Demand forecast and FTE need"),
    ):
        page.goto(url)
        page.get_by_role("heading", name=heading, exact=True).first.wait_for()
        assert_accessible(page)
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("heading", name="Supervision orders").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Record a review of the plan").click()
    page.get_by_role("heading", name="Record a supervision order review").wait_for()
    assert_accessible(page)
    page.get_by_label("The plan agreed").fill("Weekly visits; parenting course.")
    _fill_date(page, "held_on", timezone.localdate())
    page.get_by_role("button", name="Record review").click()
    page.get_by_text("Supervision order review recorded").wait_for()
    assert "First review" in page.content()
    assert_accessible(page)

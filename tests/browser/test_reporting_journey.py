"""A manager reads the scorecard, follows a figure to the children behind it, opens the report."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from iro.accounts.roles import Role
from iro.reviews.services import review_record_held

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_goes_from_a_scorecard_figure_to_the_child(
    page: Any, make_user: Any, make_iro: Any, make_child: Any
) -> None:
    iro = make_iro("Priya Shah")
    child = make_child(first_name="Ruby", last_name="Stone", start_date=date(2022, 5, 25), iro=iro)
    review_record_held(
        acting_user=None, child=child, held_on=date(2022, 6, 24), participation_code="PN1"
    )
    manager = make_user(Role.IRO_MANAGER, username="manager")
    sign_in(page, manager.username, "correct-horse-battery-staple")
    page.wait_for_url("**/reviews/due/")
    page.goto("/scorecard/?year=2022")
    page.get_by_role("heading", name="Scorecard 2022 to 2023").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="100.0% (1 of 1) First reviews in timescale, 2022–23").click()
    page.get_by_role("heading", name="First reviews in timescale").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Ruby Stone").click()
    page.get_by_role("heading", name="Ruby Stone").wait_for()
    page.goto("/annual-report/2022/")
    page.get_by_role(
        "heading", name="Independent Reviewing Officer service annual report 2022 to 2023"
    ).wait_for()
    assert_accessible(page)
    page.goto("/scorecard/monthly?year=2022")
    assert_accessible(page)


def test_year_to_date_scorecard_and_the_monthly_average_behind_it(
    page: Any, make_user: Any, make_iro: Any, make_child: Any
) -> None:
    from django.utils import timezone

    from iro.reporting.arithmetic import financial_year_containing

    year = financial_year_containing(timezone.localdate())
    make_child(first_name="Ruby", last_name="Stone", start_date=date(year, 4, 2), iro=make_iro())
    manager = make_user(Role.IRO_MANAGER, username="manager")
    sign_in(page, manager.username, "correct-horse-battery-staple")
    page.wait_for_url("**/reviews/due/")
    page.goto(f"/scorecard/?year={year}")
    page.get_by_role("heading", name=f"Scorecard {year} to {year + 1} to date").wait_for()
    assert_accessible(page)
    page.get_by_role(
        "link", name=f"Children in care: monthly average, {year}–{str(year + 1)[-2:]} to date"
    ).click()
    page.get_by_role("heading", name="Children in care: monthly average").wait_for()
    assert_accessible(page)
    page.goto(f"/scorecard/monthly?year={year}")
    assert_accessible(page)

"""The IRO manager writes the narrative in Markdown, produces a draft edition, approves it
through the check step, and enters a comparator; every page passes axe at 320 and 1,280 px."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from iro.accounts.roles import Role
from iro.reviews.services import review_record_held

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_drafts_approves_and_compares(
    page: Any, make_user: Any, make_iro: Any, make_child: Any
) -> None:
    child = make_child(start_date=date(2022, 5, 25), iro=make_iro("Priya Shah"))
    review_record_held(
        acting_user=None, child=child, held_on=date(2022, 6, 24), participation_code="PN1"
    )
    manager = make_user(Role.IRO_MANAGER, username="manager")
    sign_in(page, manager.username, "correct-horse-battery-staple")
    page.wait_for_url("**/reviews/due/")

    page.goto("/annual-report/2022/narrative")
    page.get_by_label("Summary").fill("Reviews were **mostly on time**.\n\n- first point")
    page.get_by_role("button", name="Save narrative").click()
    page.get_by_role("button", name="Produce a draft edition").click()
    page.get_by_text("Edition 1 has been drafted").wait_for()
    assert page.locator(".iro-narrative strong", has_text="mostly on time").count() == 1
    assert_accessible(page)

    page.get_by_role("button", name="Change the cover").click()
    page.get_by_role("heading", name="Change the cover").wait_for()
    assert_accessible(page)
    page.get_by_label("Audience").fill("Corporate Parenting Board, March meeting")
    page.get_by_role("button", name="Save the cover").click()
    page.get_by_text("The cover has been saved").wait_for()

    page.get_by_role("button", name="Approve this edition").click()
    page.get_by_role("heading", name="Approve edition 1 of the 2022 report").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Approve and freeze this edition").click()
    page.get_by_text("Edition 1 has been approved").wait_for(timeout=60_000)
    assert_accessible(page)

    page.goto("/annual-report/")
    page.get_by_role("heading", name="IRO annual report").wait_for()
    assert page.get_by_text("Approved", exact=True).count() >= 1
    assert_accessible(page)

    page.get_by_role("link", name="Comparators: statistical neighbours, region and England").click()
    page.get_by_role("button", name="Add a comparator").click()
    page.get_by_role("heading", name="Add a comparator").wait_for()
    assert_accessible(page)
    page.get_by_label("Measure").select_option("reviews_in_timescale")
    page.get_by_label("Reporting year").select_option("2022")
    page.get_by_label("England").check()
    page.get_by_label("Figure").fill("150")
    page.get_by_label("Source").fill("DfE, Children looked after in England, table C1")
    page.get_by_label("Day").fill("16")
    page.get_by_label("Month").fill("11")
    page.locator("#id_source_date_year").fill("2023")
    page.get_by_role("button", name="Save the comparator").click()
    page.get_by_text("A percentage must be between 0 and 100").first.wait_for()
    assert_accessible(page)
    page.get_by_label("Figure").fill("88.5")
    page.get_by_role("button", name="Save the comparator").click()
    page.get_by_text("The comparator has been added").wait_for()
    assert_accessible(page)

"""Every main page of the demo service, as the manager and as an IRO, passes axe and reflows
at 320 px and 1,280 px: wide tables scroll inside a labelled, keyboard-focusable region."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import time_machine

from iro.disputes.models import Dispute
from iro.reviews.models import Review
from iro.seeding.demo import DEMO_PASSWORD, load_demo

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

MANAGER_PAGES = [
    "/reviews/due/",
    "/children/",
    "/reviews/convening/",
    "/disputes/",
    "/dispute-meeting/",
    "/drift/service/",
    "/oversight/standards/",
    "/quality/dip-sample/",
    "/voice/summary/",
    "/scorecard/",
    "/scorecard/monthly",
    "/annual-report/",
    "/caseloads/",
    "/caseloads/continuity",
    "/caseloads/forecast",
    "/imports/",
    "/audit/",
]


def test_main_pages_reflow_and_pass_axe_at_both_widths(page: Any) -> None:
    with time_machine.travel(datetime(2026, 11, 23, 10, 0), tick=False):
        load_demo(as_of=date(2026, 11, 23), children=30, seed=7)
    review = Review.objects.filter(child__restricted=False).exclude(letter="").first()
    dispute = Dispute.objects.filter(child__restricted=False).first()
    assert review is not None and dispute is not None
    sign_in(page, "manager", DEMO_PASSWORD)
    page.wait_for_url("**/reviews/due/")
    for path in [
        *MANAGER_PAGES,
        f"/children/{review.child_id}/",
        f"/reviews/{review.pk}/",
        f"/disputes/{dispute.pk}/",
    ]:
        page.goto(path)
        assert_accessible(page)
    # The monthly scorecard's table is wider than a phone: it scrolls in its own region.
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto("/scorecard/monthly")
    region = page.locator(".iro-table-scroll[role=region]").first
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute("aria-label")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "iro", DEMO_PASSWORD)
    page.wait_for_url("**/my-children/")
    for path in ["/my-children/", "/reviews/mine/", "/drift/"]:
        page.goto(path)
        assert_accessible(page)

"""A dispute walked in a real browser: an IRO raises it informally, the social worker responds,
the IRO escalates to formal stage 1 and then stage 2, and resolves it. axe checks every page."""

from __future__ import annotations

from typing import Any

import pytest

from iro.accounts.roles import Role
from iro.disputes.models import Dispute

from .conftest import assert_accessible, switch_user

PASSWORD = "correct-horse-battery-staple"

pytestmark = pytest.mark.django_db(transaction=True)


def _switch_user(page: Any, username: str) -> None:
    switch_user(page, username, PASSWORD)


def test_informal_dispute_escalated_to_stage_2_then_resolved(
    page: Any, make_iro: Any, make_child: Any, make_user: Any
) -> None:
    page.set_default_timeout(30_000)  # the shared test machine can be slow
    iro = make_iro("Priya Shah")
    child = make_child(first_name="Ruby", iro=iro)
    social_worker = make_user(
        Role.OPERATIONAL, username="owen", first_name="Owen", last_name="Price"
    )

    # The IRO raises an informal dispute from the child's page, fixing a mistake on the way.
    _switch_user(page, iro.user.username)
    assert_accessible(page)
    page.goto(f"/children/{child.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Raise a dispute about Ruby").click()
    page.get_by_role("heading", name="Raise a dispute").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Raise dispute").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "Select the category" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Category").select_option("drift_delay")
    page.get_by_label("What the issue is").fill("The permanence plan has drifted for 9 months")
    page.get_by_label("What you want to happen").fill("A permanence planning meeting")
    page.get_by_label("Raised with", exact=True).select_option(label="Owen Price")
    page.get_by_role("button", name="Raise dispute").click()
    page.wait_for_url("**/disputes/*/")
    page.get_by_role("heading", name="Dispute D").wait_for()
    assert "Awaiting response" in page.content()
    assert_accessible(page)
    dispute = Dispute.objects.get()

    # The social worker sees it in "Disputes raised with me" and responds.
    _switch_user(page, social_worker.username)
    page.goto("/disputes/raised-with-me")
    assert_accessible(page)
    page.get_by_role("link", name=dispute.reference).click()
    page.get_by_role("button", name="Respond").click()
    page.get_by_role("heading", name="Respond to the dispute").wait_for()
    assert_accessible(page)
    page.get_by_label("Your response").fill("We will hold a meeting next month")
    page.get_by_role("button", name="Send response").click()
    page.get_by_text("Your response has been added").wait_for()
    assert "Correct this entry" not in page.content()
    assert_accessible(page)

    # The IRO does not accept the response: escalate to stage 1, then to stage 2.
    _switch_user(page, iro.user.username)
    page.goto(f"/disputes/{dispute.pk}/")
    assert_accessible(page)
    for stage in ("formal stage 1", "formal stage 2"):
        page.get_by_role("button", name=f"Escalate to {stage}").click()
        page.get_by_role("heading", name="Escalate the dispute").wait_for()
        assert_accessible(page)
        page.get_by_label("Why you are escalating").fill("The response is not accepted")
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("heading", name="What will happen").wait_for()
        assert_accessible(page)
        page.get_by_role("button", name="Escalate now").click()
        page.get_by_text(f"Escalated to {stage}").wait_for()
        assert_accessible(page)

    # The stage 2 answer is accepted: the IRO resolves the dispute.
    page.get_by_role("button", name="Resolve", exact=True).click()
    page.get_by_role("heading", name="Resolve the dispute").wait_for()
    assert_accessible(page)
    page.get_by_label("What was agreed").fill("Meeting held; plan agreed with dates")
    page.get_by_label("Care plan changed").check()
    page.get_by_label("Day").fill("4")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2030")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="What will happen").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Resolve dispute").click()
    page.get_by_text(f"Dispute {dispute.reference} is resolved").wait_for()
    assert_accessible(page)
    dispute.refresh_from_db()
    assert dispute.status == "resolved"
    assert dispute.current_stage.key == "stage_2"
    assert list(dispute.events.values_list("kind", flat=True)) == [
        "raised",
        "responded",
        "escalated",
        "escalated",
        "resolved",
    ]

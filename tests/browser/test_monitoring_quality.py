"""A manager checks the service's drift and the oversight standard, dip-samples an oversight,
and the IRO reads the feedback."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from iro.accounts.roles import Role
from iro.monitoring.models import DipSample, OversightRecord

from .conftest import assert_accessible, sign_in

PASSWORD = "correct-horse-battery-staple"

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_dip_samples_an_oversight_and_the_iro_reads_the_feedback(
    page: Any, make_iro: Any, make_child: Any, make_user: Any
) -> None:
    today = timezone.localdate()
    iro = make_iro("Priya Shah")
    child = make_child(first_name="Ruby", start_date=today - timedelta(days=400), iro=iro)
    OversightRecord.objects.create(
        child=child, iro=iro, date=today, type="case_record", what_checked="Read the care plan"
    )
    manager = make_user(Role.IRO_MANAGER, username="manager")
    sign_in(page, manager.username, PASSWORD)
    page.goto("/drift/service/")
    page.get_by_role("heading", name="Drift and delay across the service").wait_for()
    assert_accessible(page)
    page.goto("/oversight/standards/?status=")
    assert "Ruby" in page.locator("table").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Dip sampling").click()
    page.get_by_role("heading", name="Dip sample for").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Rate oversight for Ruby").click()
    page.get_by_role("button", name="Save rating").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "Select a rating" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Requires improvement").check()
    page.get_by_label("Feedback for the IRO").fill("Say who you spoke to and what happens next.")
    page.get_by_role("button", name="Save rating").click()
    page.get_by_text("Rating saved for Ruby").wait_for()
    assert DipSample.objects.get().rating == "requires_improvement"
    page.get_by_role("link", name="Dip-sample report for").click()
    page.get_by_role("heading", name="Dip-sample report for").wait_for()
    assert "Priya Shah" in page.locator("table").inner_text()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, iro.user.username, PASSWORD)
    page.wait_for_url("**/my-children/")
    page.goto("/quality/feedback/")
    page.get_by_text("Say who you spoke to and what happens next.").wait_for()
    assert_accessible(page)
    page.goto(f"/children/{child.pk}/midpoint-review/new")
    page.get_by_role("button", name="Save midpoint review").click()
    page.locator(".govuk-error-summary").wait_for()
    assert_accessible(page)

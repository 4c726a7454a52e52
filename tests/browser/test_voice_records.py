"""An IRO records a consultation from the child's page; the manager records a complaint and
reads the year's figures. Every page visited passes axe."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from iro.accounts.roles import Role
from iro.voice.models import Complaint, Consultation

from .conftest import assert_accessible, sign_in

PASSWORD = "correct-horse-battery-staple"

pytestmark = pytest.mark.django_db(transaction=True)


def test_iro_records_a_consultation_and_manager_a_complaint(
    page: Any, make_user: Any, make_iro: Any, make_child: Any
) -> None:
    today = timezone.localdate()
    iro = make_iro("Priya Shah")
    child = make_child(
        first_name="Ruby",
        date_of_birth=date(2012, 3, 14),
        start_date=today - timedelta(days=300),
        iro=iro,
    )
    sign_in(page, iro.user.username, PASSWORD)
    page.wait_for_url("**/my-children/")
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("heading", name="The child's voice").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Record a consultation before a review").click()
    page.get_by_role("heading", name="Record a consultation before a review").wait_for()
    assert_accessible(page)
    page.locator("#id_consulted_on_day").fill(str(today.day))
    page.locator("#id_consulted_on_month").fill(str(today.month))
    page.locator("#id_consulted_on_year").fill(str(today.year))
    page.get_by_role("button", name="Save consultation").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "Select how the child was consulted" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Met in person").check()
    page.get_by_role("button", name="Save consultation").click()
    page.get_by_text("Consultation recorded").first.wait_for()
    assert_accessible(page)
    assert Consultation.objects.get().method == "in_person"
    page.get_by_role("button", name="Sign out").click()

    manager = make_user(Role.IRO_MANAGER, username="manager")
    sign_in(page, manager.username, PASSWORD)
    page.wait_for_url("**/reviews/due/")
    page.get_by_role("link", name="Quality and voice").click()
    page.get_by_role("link", name="Compliments and complaints").first.click()
    page.get_by_role("heading", name="Compliments and complaints").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Record a complaint").click()
    page.get_by_role("heading", name="Record a complaint").wait_for()
    assert_accessible(page)
    page.locator("#id_received_on_day").fill(str(today.day))
    page.locator("#id_received_on_month").fill(str(today.month))
    page.locator("#id_received_on_year").fill(str(today.year))
    page.get_by_label("Parent").check()
    page.get_by_label("Summary").fill("Not invited to the review in time.")
    page.get_by_role("button", name="Save complaint").click()
    page.get_by_role("heading", name="Record the stage 1 response").wait_for()
    assert_accessible(page)
    assert Complaint.objects.get().current_due_on is not None

    page.goto("/voice/summary/")
    page.get_by_role("heading", name="The year's figures").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Open advocacy and independent visitor referrals").click()
    page.get_by_role("heading", name="Waiting for an advocate (0)").wait_for()
    assert_accessible(page)

"""An IRO records an oversight from the child's page, then goes from a drift flag to a
pre-filled dispute."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from iro.monitoring.models import OversightRecord

from .conftest import assert_accessible, sign_in

PASSWORD = "correct-horse-battery-staple"

pytestmark = pytest.mark.django_db(transaction=True)


def test_iro_records_oversight_from_the_child_page_and_opens_drift(
    page: Any, make_iro: Any, make_child: Any
) -> None:
    today = timezone.localdate()
    iro = make_iro("Priya Shah")
    child = make_child(first_name="Ruby", start_date=today - timedelta(days=200), iro=iro)
    sign_in(page, iro.user.username, PASSWORD)
    page.wait_for_url("**/my-children/")
    assert "signs of drift or delay" in page.content()
    assert_accessible(page)

    page.goto(f"/children/{child.pk}/")
    page.get_by_role("heading", name="Oversight between reviews").wait_for()
    assert_accessible(page)
    # Date, type and next check date are already filled in: one sentence and one click.
    page.get_by_label("What was checked").fill("Read the latest visit record and care plan")
    page.get_by_role("button", name="Record oversight").click()
    page.get_by_text("Oversight recorded for Ruby").wait_for()
    assert_accessible(page)
    record = OversightRecord.objects.get(child=child)
    assert record.date == today and record.type == "case_record"

    page.get_by_role("link", name="My work").click()
    page.get_by_role("link", name="My drift").click()
    page.get_by_role("heading", name="Drift and delay").wait_for()
    assert_accessible(page)
    row = page.locator("table tbody tr", has_text="Ruby")
    assert "No social worker is allocated to the child." in row.inner_text()
    try:
        reverse("disputes:raise")
    except NoReverseMatch:
        return
    row.get_by_role(
        "link", name=re.compile("Raise a dispute about no allocated social worker")
    ).click()
    page.wait_for_url("**/disputes/raise?**")
    assert "category=no_social_worker" in page.url
    assert_accessible(page)
    assert page.get_by_label("Category").input_value() == "no_social_worker"
    assert "No social worker is allocated" in page.get_by_label("What the issue is").input_value()

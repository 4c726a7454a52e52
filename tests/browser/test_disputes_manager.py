"""The IRO manager's dispute pages in a real browser: the overdue list, the weekly meeting with
its printable agenda, the IRO service's restricted records and systemic issues (axe on each)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from iro.accounts.roles import Role
from iro.disputes import services
from iro.disputes.models import Category, DisputeStage

from .conftest import assert_accessible, sign_in

PASSWORD = "correct-horse-battery-staple"

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_filters_overdue_runs_the_weekly_meeting_and_records_a_systemic_issue(
    page: Any, make_iro: Any, make_child: Any, make_user: Any
) -> None:
    page.set_default_timeout(30_000)  # the shared test machine can be slow
    today = timezone.localdate()
    iro = make_iro("Priya Shah")
    child = make_child(first_name="Ruby", iro=iro)
    manager = make_user(Role.IRO_MANAGER, username="manager")
    dispute = services.dispute_raise(
        acting_user=iro.user,
        iro=iro,
        child=child,
        category=Category.NO_CARE_PLAN,
        summary="No care plan for the review",
        outcome_sought="A care plan before the next review",
        raised_on=today - timedelta(days=30),
        stage=DisputeStage.objects.get(key="stage_1"),
        responder_name="Jo Hendry, team manager",
    )
    services.legal_advice_record(
        acting_user=iro.user,
        iro=iro,
        sought_on=today,
        adviser="Independent counsel",
        summary="Whether to refer to Cafcass",
    )
    sign_in(page, manager.username, PASSWORD)
    page.wait_for_load_state()
    page.goto("/disputes/")
    assert_accessible(page)
    page.get_by_label("Overdue only").check()
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**overdue=yes**")
    assert dispute.reference in page.content()
    assert "Past 20 working days" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Dispute meeting").first.click()
    page.get_by_role("heading", name="Weekly dispute meeting").wait_for()
    assert_accessible(page)
    page.get_by_label(f"Agreed action for {dispute.reference}").fill("Escalate to stage 2 today")
    page.get_by_role("button", name="Save agreed actions").click()
    page.get_by_text("The meeting's agreed actions have been recorded").wait_for()
    assert "Action agreed at the weekly dispute meeting" in page.content()
    page.get_by_role("link", name="Printable agenda").click()
    page.get_by_role("heading", name="Dispute meeting agenda").wait_for()
    assert_accessible(page)

    page.goto("/disputes/iro-service-records")
    assert "Whether to refer to Cafcass" in page.content()
    assert_accessible(page)

    page.goto("/disputes/systemic-issues/new")
    assert_accessible(page)
    page.get_by_label("Title").fill("Care plans missing at reviews")
    page.locator("#id_raised_on_day").fill(str(today.day))
    page.locator("#id_raised_on_month").fill(str(today.month))
    page.locator("#id_raised_on_year").fill(str(today.year))
    page.get_by_label("Raised with").fill("Director of Children's Services")
    page.get_by_label("The issue").fill("One review in five had no care plan")
    page.get_by_role("button", name="Save issue").click()
    page.get_by_text("The systemic issue has been recorded").wait_for()
    assert_accessible(page)

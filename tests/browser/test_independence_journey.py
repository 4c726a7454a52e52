"""An IRO records pressure on their independence; the IRO manager reads the independence
indicators, follows a figure to its records, and raises the recurring challenge it prompts as
a systemic issue. axe checks every page at 320 px and 1,280 px."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from iro.accounts.roles import Role
from iro.children.models import Team
from iro.disputes.models import Category, DisputeStage, SystemicIssue
from iro.disputes.services import dispute_raise
from iro.independence.models import PressureRecord

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery-staple"


def test_pressure_record_indicators_and_recurring_challenge(
    page: Any, make_user: Any, make_iro: Any, make_child: Any
) -> None:
    today = timezone.localdate()
    iro = make_iro("Priya Shah")
    responder = make_user(Role.OPERATIONAL, username="sw")
    team = Team.objects.create(name="Children in care")
    children = [
        make_child(first_name=name, last_name="Stone", iro=iro, team=team)
        for name in ("Ruby", "Rory", "Remi")
    ]
    for child in children:
        dispute_raise(
            acting_user=iro.user,
            iro=iro,
            child=child,
            category=Category.NO_SOCIAL_WORKER,
            summary="No social worker",
            outcome_sought="Allocate one",
            raised_on=today,
            stage=DisputeStage.objects.get(key="informal"),
            responder=responder,
        )

    # The IRO records pressure on their independence.
    sign_in(page, iro.user.username, PASSWORD)
    page.wait_for_url("**/my-children/**")
    page.goto("/independence-pressure/")
    page.get_by_role("heading", name="Pressure on independence").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Record pressure on your independence").click()
    page.get_by_role("heading", name="Record pressure on your independence").wait_for()
    page.get_by_role("button", name="Save record").click()
    page.get_by_text("Enter who put pressure on you").first.wait_for()
    assert_accessible(page)
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Who put pressure on you").fill("A service manager")
    page.get_by_label("What happened").fill("Told me not to escalate")
    page.get_by_role("button", name="Save record").click()
    page.get_by_role("heading", name="Record of pressure on independence").wait_for()
    assert_accessible(page)
    assert PressureRecord.objects.count() == 1
    page.get_by_role("button", name="Sign out").click()

    # The IRO manager reads the indicators and is prompted about the recurring challenge.
    manager = make_user(Role.IRO_MANAGER, username="manager")
    sign_in(page, manager.username, PASSWORD)
    page.wait_for_url("**/reviews/due/")
    page.get_by_role("link", name="Service performance").click()
    page.get_by_role("link", name="Independence").click()
    page.get_by_role("heading", name="Independence indicators").wait_for()
    page.get_by_text("Recurring challenge: consider raising a systemic issue").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="3 challenges by Priya Shah").click()
    page.get_by_role("heading", name="Challenges raised").wait_for()
    assert_accessible(page)
    page.go_back()
    page.get_by_role(
        "link", name="Raise a systemic issue about no allocated social worker"
    ).first.click()
    page.get_by_role("heading", name="Raise a systemic issue").wait_for()
    assert_accessible(page)
    page.get_by_label("Raised with").fill("Director of Children's Services")
    page.get_by_role("button", name="Save issue").click()
    page.get_by_text("The systemic issue has been recorded").wait_for()
    assert_accessible(page)
    assert SystemicIssue.objects.get().disputes.count() == 3
    page.goto("/independence-pressure/")
    page.get_by_role("link", name=today.strftime("%-d %B %Y")).click()
    page.get_by_text("Told me not to escalate").wait_for()

"""The pages of "writes follow allocation" in a real browser, each checked by axe at 320 px and
1280 px: IRO cover (list, arrange with an error, end), withdrawing and delegating a dispute,
refusing an existing child ID, a new period of care, and the refusal page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from iro.accounts.roles import Role
from iro.children.models import Child, IROCover, PeriodOfCare, SocialWorker, Team
from iro.disputes import services as disputes
from iro.disputes.models import Category, Dispute, DisputeStage

from .conftest import assert_accessible, switch_user

PASSWORD = "correct-horse-battery-staple"

pytestmark = pytest.mark.django_db(transaction=True)


def _check(page: Any) -> None:
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)


def _as(page: Any, username: str) -> None:
    switch_user(page, username, PASSWORD)


def test_cover_withdraw_delegate_and_new_period_pages(
    page: Any, make_iro: Any, make_child: Any, make_user: Any
) -> None:
    page.set_default_timeout(30_000)  # the shared test machine can be slow
    today = timezone.localdate()
    owner, _colleague, outsider = (make_iro(n) for n in ("Priya Shah", "Colin Mate", "Olly Out"))
    manager = make_user(Role.IRO_MANAGER, username="sarah")
    responder = make_user(Role.OPERATIONAL, username="owen", first_name="Owen", last_name="Price")
    make_user(Role.OPERATIONAL, username="dee", first_name="Dee", last_name="Legate")
    support = make_user(Role.BUSINESS_SUPPORT, username="lucy")
    team = Team.objects.create(name="Children in care")
    SocialWorker.objects.create(name="Owen Price", user=responder, team=team)
    child = make_child(first_name="Ruby", la_child_id="A0001", iro=owner, team=team)
    dispute = disputes.dispute_raise(
        acting_user=owner.user,
        iro=owner,
        child=child,
        category=Category.DRIFT_DELAY,
        summary="Drift",
        outcome_sought="A meeting",
        raised_on=today,
        stage=DisputeStage.objects.get(key="informal"),
        responder=responder,
    )

    # The manager arranges cover, fixing a mistake on the way, then ends it.
    _as(page, manager.username)
    page.goto("/iro-cover/")
    _check(page)
    page.get_by_role("button", name="Arrange cover").click()
    page.get_by_role("heading", name="Arrange IRO cover").wait_for()
    _check(page)
    page.get_by_label("IRO who is away").select_option(label="Priya Shah")
    page.get_by_label("IRO covering").select_option(label="Colin Mate")
    page.get_by_role("button", name="Arrange cover").click()
    page.locator(".govuk-error-summary").wait_for()
    _check(page)
    for prefix, value in (("start_date", today), ("end_date", today + timedelta(days=7))):
        page.locator(f"#id_{prefix}_day").fill(str(value.day))
        page.locator(f"#id_{prefix}_month").fill(str(value.month))
        page.locator(f"#id_{prefix}_year").fill(str(value.year))
    page.get_by_label("Reason").fill("Annual leave")
    page.get_by_role("button", name="Arrange cover").click()
    page.get_by_role("heading", name="IRO cover").wait_for()
    assert "All of Priya Shah" in page.content()
    page.get_by_role("link", name="End cover by Colin Mate").click()
    page.get_by_role("heading", name="End cover by Colin Mate").wait_for()
    _check(page)
    page.get_by_role("button", name="End cover").click()
    page.get_by_role("heading", name="IRO cover").wait_for()
    assert IROCover.objects.get().end_date == today

    # An IRO neither holding nor covering the child is refused, on a page that says why.
    _as(page, outsider.user.username)
    page.goto(f"/children/{child.pk}/oversight/new")
    page.get_by_role("heading", name="You cannot change this record").wait_for()
    _check(page)

    # The responder delegates the response.
    _as(page, responder.username)
    page.goto(f"/disputes/{dispute.pk}/")
    page.get_by_role("link", name="Delegate the response").click()
    page.get_by_role("heading", name="Delegate the response").wait_for()
    _check(page)
    page.get_by_label("Who should respond").select_option(label="Dee Legate")
    page.get_by_role("button", name="Delegate the response").click()
    page.wait_for_url(f"**/disputes/{dispute.pk}/")

    # The raising IRO withdraws it after confirming.
    _as(page, owner.user.username)
    page.goto(f"/disputes/{dispute.pk}/")
    page.get_by_role("link", name="Withdraw the dispute").click()
    page.get_by_role("heading", name="Are you sure you want to withdraw this dispute?").wait_for()
    _check(page)
    page.get_by_label("Why you are withdrawing the dispute").fill("The child moved away")
    page.get_by_role("button", name="Withdraw dispute").click()
    page.wait_for_url(f"**/disputes/{dispute.pk}/")
    _check(page)
    assert Dispute.objects.get().status == "withdrawn"

    # Business support: an existing child ID is refused; the child comes back through their page.
    PeriodOfCare.objects.filter(child=child).update(end_date=today - timedelta(days=30))
    Child.objects.filter(pk=child.pk).update(current_period=None)
    _as(page, support.username)
    page.goto("/children/new")
    page.get_by_label("Child ID").fill("A0001")
    page.get_by_label("First name").fill("Someone")
    page.get_by_label("Last name").fill("Else")
    born = date(2014, 2, 3)
    for prefix, value in (("date_of_birth", born), ("start_date", today)):
        page.locator(f"#id_{prefix}_day").fill(str(value.day))
        page.locator(f"#id_{prefix}_month").fill(str(value.month))
        page.locator(f"#id_{prefix}_year").fill(str(value.year))
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("Ethnicity").select_option("WBRI")
    page.get_by_label("Legal status").select_option("C2")
    page.get_by_label("Placement type").select_option("U4")
    page.get_by_label("Category of need").select_option("N1")
    page.get_by_role("button", name="Add child").click()
    page.locator(".govuk-error-summary").wait_for()
    _check(page)
    page.get_by_role("link", name="Go to the record of child A0001").click()
    page.get_by_role("button", name="Start a new period of care").click()
    page.get_by_role("heading", name="Start a new period of care").wait_for()
    _check(page)
    page.locator("#id_start_date_day").fill(str(today.day))
    page.locator("#id_start_date_month").fill(str(today.month))
    page.locator("#id_start_date_year").fill(str(today.year))
    page.get_by_label("Legal status").select_option("C2")
    page.get_by_label("Placement type").select_option("U4")
    page.get_by_label("Category of need").select_option("N1")
    page.get_by_role("button", name="Start period of care").click()
    page.wait_for_url(f"**/children/{child.pk}/")
    child.refresh_from_db()
    assert child.current_period is not None and child.first_name == "Ruby"

"""An IRO convenes, holds, records and distributes a review; the social worker completes the
recommendation addressed to them — in a real browser, with axe on every page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from iro.accounts.roles import Role
from iro.children.models import SocialWorker
from iro.reviews.models import Recommendation, Review
from iro.timetable.calendar import add_months

from .conftest import assert_accessible, sign_in

PASSWORD = "correct-horse-battery-staple"

pytestmark = pytest.mark.django_db(transaction=True)


def _fill_date(page: Any, prefix: str, value: Any) -> None:
    page.locator(f"#id_{prefix}_day").fill(str(value.day))
    page.locator(f"#id_{prefix}_month").fill(str(value.month))
    page.locator(f"#id_{prefix}_year").fill(str(value.year))


def test_iro_runs_the_review_cycle_and_social_worker_completes_a_recommendation(
    page: Any, make_iro: Any, make_child: Any, make_user: Any
) -> None:
    today = timezone.localdate()
    iro = make_iro("Priya Shah")
    worker = make_user(Role.OPERATIONAL, username="owen", first_name="Owen", last_name="Price")
    child = make_child(
        first_name="Ruby",
        last_name="Stone",
        start_date=today - timedelta(days=20),
        date_of_birth=add_months(today, -108),  # 9 today, even on 29 February
        iro=iro,
    )
    child.social_worker = SocialWorker.objects.create(name="Owen Price", user=worker)
    child.save()

    sign_in(page, iro.user.username, PASSWORD)
    page.wait_for_url("**/my-children/")
    page.goto(f"/children/{child.pk}/")
    assert_accessible(page)

    # Convene: date, venue; the child and social worker are invited already.
    page.get_by_role("button", name="Convene the next review").click()
    page.get_by_role("heading", name="Convene the next review").wait_for()
    assert_accessible(page)
    _fill_date(page, "proposed_date", today)
    page.get_by_label("Online", exact=True).check()
    page.get_by_label("Venue or online meeting details").fill("Video call")
    page.get_by_role("button", name="Start convening").click()
    page.get_by_role("heading", name="Arranging the review").wait_for()
    assert "Owen Price" in page.content()
    assert_accessible(page)

    # Invite the mother, with the invitation sent today.
    page.get_by_role("button", name="Invite someone").click()
    assert_accessible(page)
    page.get_by_label("Parent", exact=True).check()
    page.get_by_label("Name", exact=True).fill("Jo Stone")
    page.get_by_label("Relationship or organisation").fill("mother")
    page.get_by_label("Yes", exact=True).check()
    _fill_date(page, "invitation_sent_on", today)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Arranging the review").wait_for()
    assert "Jo Stone" in page.content()

    # Hold and record the review: a mistake first, then put right.
    page.get_by_role("button", name="Record the review").click()
    page.get_by_role("heading", name="Record a review").wait_for()
    assert_accessible(page)
    page.get_by_label("PN0: Child under 4 at the time of the review").check()
    # Nothing is answered for the IRO: the permanence question starts unticked.
    page.locator("input[name=permanence_plan_agreed][value=yes]").check()
    page.get_by_role("button", name="Record review").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "PN0 is only for children under 4" in summary.inner_text()
    assert_accessible(page)
    page.get_by_label("PN1: Attended and spoke for themselves").check()
    page.get_by_label("An advocate was offered").check()
    page.get_by_label("Decisions").fill("Ruby stays with her foster carers.")
    page.get_by_role("button", name="Record review").click()
    page.get_by_role("heading", name="First review").wait_for()
    assert "In timescale" in page.content()
    assert_accessible(page)
    # The test reads the database only when the page is idle: SQLite's shared in-memory
    # database locks a table while the live server writes the session.
    review_id = int(page.url.rstrip("/").split("/")[-1])

    # A recommendation for the social worker.
    page.get_by_role("button", name="Add a recommendation").click()
    assert_accessible(page)
    page.get_by_label("What needs to happen?").fill("Book Ruby's dentist appointment")
    page.get_by_label("Who will do it?").fill("Owen Price, social worker")
    page.get_by_label("Their account (optional)").select_option(label="Owen Price")
    _fill_date(page, "due_date", today + timedelta(days=14))
    page.get_by_role("button", name="Save recommendation").click()
    page.get_by_role("heading", name="First review").wait_for()
    page.get_by_role("button", name="Record recommendations issued").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="First review").wait_for()

    # The letter: the template for 8 to 12, the plain-language check, then finalise.
    page.get_by_role("button", name="Write the letter to the child").click()
    page.get_by_role("heading", name="Letter to Ruby").wait_for()
    assert_accessible(page)
    page.get_by_label("Letter to the child").fill(
        "Dear Ruby,\n\nWe met today. Your SW and I talked about your PEP.\n\nFrom Priya"
    )
    page.get_by_role("button", name="Save and check the letter").click()
    page.get_by_role("heading", name="Plain-language check").wait_for()
    assert "your plan for school" in page.content()
    assert_accessible(page)
    page.get_by_label("Letter to the child").fill(
        "Dear Ruby,\n\nWe met today. Owen and I talked about your plan for school. "
        "You will stay with Jo and Sam.\n\nFrom Priya"
    )
    page.get_by_role("button", name="Save and check the letter").click()
    page.get_by_role("heading", name="Plain-language check").wait_for()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="What will happen").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Finalise the letter").click()
    page.get_by_role("heading", name="First review").wait_for()
    page.get_by_role("button", name="Record minutes distributed").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="First review").wait_for()
    assert page.locator("text=Done in time").count() >= 3
    page.get_by_role("link", name="Print view").click()
    page.get_by_role("heading", name="Review record").wait_for()
    assert_accessible(page)
    page.goto("/reviews/mine/")
    assert_accessible(page)
    page.wait_for_load_state("networkidle")
    review = Review.objects.get(pk=review_id)
    assert review.minutes_written_on == today and review.minutes_distributed_on == today

    # The social worker sees it and marks it done; they cannot change the IRO's record.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "owen", PASSWORD)
    page.goto("/recommendations/mine/")
    assert_accessible(page)
    page.get_by_role("link", name="Mark as done").click()
    assert_accessible(page)
    page.get_by_label("What was done (optional)").fill("Booked for next Tuesday")
    page.get_by_role("button", name="Mark as done").click()
    page.get_by_role("heading", name="My recommendations").wait_for()
    response = page.goto(f"/reviews/{review_id}/change")
    assert response.status == 403
    page.wait_for_load_state("networkidle")
    assert Recommendation.objects.get().completed_by == worker

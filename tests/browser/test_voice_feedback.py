"""The one-time feedback link in a real browser: an IRO makes it, someone with no account
answers it, and it cannot be used again. Every page visited passes axe."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from iro.core.templating import govuk_date
from iro.reviews.models import Review
from iro.voice.models import FeedbackResponse

from .conftest import assert_accessible, sign_in

PASSWORD = "correct-horse-battery-staple"

pytestmark = pytest.mark.django_db(transaction=True)


def test_feedback_link_works_once_and_reveals_nothing_about_the_child(
    browser: Any, page: Any, live_server: Any, make_iro: Any, make_child: Any
) -> None:
    today = timezone.localdate()
    iro = make_iro("Priya Shah")
    child = make_child(
        first_name="Ruby",
        last_name="Stone",
        la_child_id="Z9876",
        date_of_birth=date(2012, 3, 14),
        start_date=today - timedelta(days=300),
        iro=iro,
    )
    review = Review.objects.create(
        child=child,
        period=child.current_period,
        held_on=today - timedelta(days=3),
        participation_code="PN1",
        chair=iro,
    )

    # The IRO makes a link for the child.
    sign_in(page, iro.user.username, PASSWORD)
    page.wait_for_url("**/my-children/")
    page.goto(f"/reviews/{review.pk}/feedback/new")
    assert_accessible(page)
    page.get_by_label("Child or young person").check()
    page.get_by_role("button", name="Make the feedback link").click()
    page.get_by_role("heading", name=re.compile("Feedback link FB")).wait_for()
    assert_accessible(page)
    link = page.locator("#feedback-link").inner_text().strip()
    assert re.search(r"/feedback/[A-Za-z0-9_-]{43}$", link)

    # Someone with no account opens it in a fresh browser.
    context = browser.new_context(bypass_csp=True)
    public = context.new_page()
    public.set_default_timeout(10_000)
    public.goto(link)
    public.get_by_role("heading", name="Tell us about your review").wait_for()
    assert_accessible(public)
    html = public.content()
    for secret in (
        "Ruby",
        "Stone",
        "Z9876",
        "Priya",
        "Shah",
        govuk_date(review.held_on),
        review.held_on.isoformat(),
        govuk_date(child.date_of_birth),
    ):
        assert secret not in html, f"{secret!r} is on the public page"
    # Submitting without an answer shows the error summary; then answer by keyboard and mouse.
    public.get_by_role("button", name="Send feedback").click()
    public.locator(".govuk-error-summary").wait_for()
    assert "Select an answer" in public.locator(".govuk-error-summary").inner_text()
    assert_accessible(public)
    public.get_by_label("Really good").check()
    public.get_by_label("What was good about your review? (optional)").fill(
        "My IRO listened to me."
    )
    public.locator("input[name=consent_to_quote][value=yes]").check()
    public.get_by_role("button", name="Send feedback").click()
    public.get_by_role("heading", name="Thank you for your feedback").wait_for()
    assert_accessible(public)

    saved = FeedbackResponse.objects.get()
    assert (saved.rating, saved.went_well, saved.consent_to_quote) == (
        5,
        "My IRO listened to me.",
        True,
    )

    # The same link again: already used.
    public.goto(link)
    public.get_by_role("heading", name="This link has already been used").wait_for()
    assert_accessible(public)
    assert "Ruby" not in public.content()
    # An unknown link gives the plain 404 page.
    public.goto(re.sub(r"[A-Za-z0-9_-]{43}$", "x" * 43, link))
    public.get_by_role("heading", name="Page not found").wait_for()
    context.close()
    assert FeedbackResponse.objects.count() == 1

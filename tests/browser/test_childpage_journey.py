"""The child's own page in a real browser: the IRO makes a link; the child opens it with the code
and sends their views without JavaScript, each page checked by axe at 320 px and 1,280 px; the
IRO then sees what the child said."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from iro.reviews.models import Convening, Review
from tests.conftest import TEST_PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_iro_gives_a_link_the_child_sends_views_without_javascript_the_iro_sees_them(
    page: Any, browser: Any, live_server: Any, make_iro: Any, make_child: Any
) -> None:
    page.set_default_timeout(60_000)  # the shared test machine can be slow
    iro = make_iro("Priya Shah")
    child = make_child(
        iro=iro,
        first_name="Poppy",
        last_name="Farquharson",
        date_of_birth=date(2014, 2, 3),
        start_date=date(2025, 5, 1),
    )
    convening = Convening.objects.create(
        child=child,
        period_id=child.current_period_id,
        proposed_date=timezone.localdate() + timedelta(days=14),
        venue="Hollyhock Foster Home, 12 Acacia Road, Northtown NT4 7QP",
        meeting_format=Convening.Format.IN_PERSON,
    )
    convening.invitees.create(role="carer", name="Pat Osborne", invited=True)

    # The IRO makes the link from the child's record.
    sign_in(page, iro.user.username, TEST_PASSWORD)
    page.wait_for_load_state()
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name=re.compile("Give the child a link")).click()
    page.get_by_role("heading", name=re.compile("Give child")).wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Make the link and code").click()
    page.get_by_role("heading", name=re.compile("Link and code for child")).wait_for()
    assert_accessible(page)
    address = page.locator("code").first.inner_text().strip()
    code = page.locator("strong.govuk-\\!-font-size-36").inner_text().strip()
    assert address.startswith(live_server.url) and len(code) == 6

    # The child, on their own phone with JavaScript off.
    child_context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, java_script_enabled=False
    )
    try:
        phone = child_context.new_page()
        phone.set_default_timeout(60_000)
        phone.goto(address)
        phone.get_by_role("heading", name="Your page").wait_for()
        _accessible_without_script(page, phone.content(), address)
        phone.get_by_label("Your code").fill(code.lower())
        phone.get_by_role("button", name="Open my page").click()
        phone.get_by_text("Hello Poppy").wait_for()
        content = phone.content()
        assert "Farquharson" not in content and "NT4 7QP" not in content
        assert "Osborne" not in content
        _accessible_without_script(page, content, phone.url)
        phone.get_by_role("button", name="Tell your IRO what you think").click()
        phone.get_by_role("heading", name="Tell your IRO").wait_for()
        _accessible_without_script(page, phone.content(), phone.url)
        phone.get_by_role("group", name=re.compile("How are things")).get_by_label("OK").check()
        phone.get_by_label("What worries you?").fill("I miss my brother")
        phone.get_by_label("What do you want to happen?").fill("See him every week")
        phone.get_by_role("group", name=re.compile("advocate")).get_by_label("Yes").check()
        phone.get_by_role("button", name="Send to my IRO").click()
        phone.get_by_text("Sent to your IRO").first.wait_for()
        _accessible_without_script(page, phone.content(), phone.url)
    finally:
        child_context.close()

    # The IRO sees what the child said, on the child's record.
    page.goto(f"/children/{child.pk}/")
    assert "I miss my brother" in page.content()
    assert_accessible(page)

    # The paper form, and the letter, printed with a new link (QR code and code).
    page.get_by_role("link", name=re.compile("Print the paper form")).click()
    page.get_by_role("heading", name="Tell your IRO before your review").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Include a link to their page").click()
    page.locator(".iro-qr svg").wait_for()
    assert_accessible(page)
    review = Review.objects.create(
        child=child,
        period_id=child.current_period_id,
        held_on=timezone.localdate() - timedelta(days=30),
        chair=iro,
        letter="Dear Poppy,\n\nThank you for coming to your review.",
        minutes_written_on=timezone.localdate() - timedelta(days=20),
    )
    page.goto(f"/reviews/{review.pk}/letter")
    page.get_by_role("link", name=re.compile("Print the letter with a link")).click()
    page.get_by_role("heading", name=re.compile("Include a link")).wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Make a new link and show the letter").click()
    page.locator(".iro-qr svg").wait_for()
    assert "Thank you for coming to your review." in page.content()
    assert_accessible(page)


def _accessible_without_script(checker: Any, html: str, url: str) -> None:
    """axe needs script, so the page the child saw (with JavaScript off) is checked in the
    IRO's browser, from the same address so its styles load."""
    checker.route(url, lambda route: route.fulfill(status=200, body=html, content_type="text/html"))
    try:
        checker.goto(url)
        assert_accessible(checker)
    finally:
        checker.unroute(url)

"""Pages the security hardening added pass axe: the bad web address page (400) and an expired
feedback link (the two-factor enrolment page is checked in test_accounts_security)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from iro.accounts.roles import Role
from iro.voice import services
from iro.voice.models import FeedbackRequest

from .conftest import assert_accessible, sign_in

PASSWORD = "correct-horse-battery-staple"
pytestmark = pytest.mark.browser


def test_a_bad_filter_and_an_expired_feedback_link_show_accessible_pages(
    page: Any, make_user: Any, make_child: Any, make_iro: Any
) -> None:
    from iro.reviews.models import Review

    child = make_child(iro=make_iro())
    review = Review.objects.create(
        child=child,
        period=child.current_period,
        held_on=child.current_period.start_date,
        participation_code="PN1",
        chair=child.iro,
    )
    request, token = services.feedback_request_create(
        acting_user=None, review=review, respondent_type="carer"
    )
    FeedbackRequest.objects.filter(pk=request.pk).update(
        created_at=request.created_at - timedelta(days=61)
    )
    manager = make_user(Role.IRO_MANAGER, username="mgr")
    sign_in(page, manager.username, PASSWORD)
    page.goto(f"/children/?iro={10**30}")
    page.get_by_role("heading", name="There is a problem with the web address").wait_for()
    assert "is not a number this page can use" in page.content()
    assert_accessible(page)
    page.goto(f"/feedback/{token}")
    page.get_by_role("heading", name="This link has expired").wait_for()
    assert_accessible(page)

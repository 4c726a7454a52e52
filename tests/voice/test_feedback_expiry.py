"""Feedback links expire FEEDBACK_LINK_LIFETIME_DAYS (default 60) after they are made."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import override_settings

from iro.voice import services
from iro.voice.models import FeedbackRequest

pytestmark = pytest.mark.django_db


def _link(make_child: Any, make_review: Any, age_days: float) -> tuple[FeedbackRequest, str]:
    review = make_review(make_child(), date(2025, 6, 1))
    request, token = services.feedback_request_create(
        acting_user=None, review=review, respondent_type="carer"
    )
    FeedbackRequest.objects.filter(pk=request.pk).update(
        created_at=request.created_at - timedelta(days=age_days)
    )
    request.refresh_from_db()
    return request, token


def test_the_lifetime_defaults_to_60_days() -> None:
    assert settings.FEEDBACK_LINK_LIFETIME_DAYS == 60


def test_a_link_older_than_its_lifetime_shows_it_has_expired(
    client: Any, make_child: Any, make_review: Any
) -> None:
    _request, token = _link(make_child, make_review, age_days=61)
    page = client.get(f"/feedback/{token}")
    assert page.status_code == 410
    assert "This link has expired" in page.content.decode()
    posted = client.post(f"/feedback/{token}", {"rating": "5"})
    assert posted.status_code == 410
    assert not FeedbackRequest.objects.filter(used_at__isnull=False).exists()


def test_a_link_within_its_lifetime_still_works(
    client: Any, make_child: Any, make_review: Any
) -> None:
    _request, token = _link(make_child, make_review, age_days=59)
    assert client.get(f"/feedback/{token}").status_code == 200


@override_settings(FEEDBACK_LINK_LIFETIME_DAYS=7)
def test_the_service_refuses_an_expired_link_but_staff_may_enter_a_paper_form(
    make_child: Any, make_review: Any, make_user: Any
) -> None:
    from iro.accounts.roles import Role

    request, _token = _link(make_child, make_review, age_days=8)
    with pytest.raises(ValidationError, match="expired"):
        services.feedback_response_record(acting_user=None, request=request, rating=4)
    staff = make_user(Role.BUSINESS_SUPPORT)
    services.feedback_response_record(acting_user=staff, request=request, rating=4)

"""The review cycle's panel on an IRO's "My children" page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iro.reviews import services

pytestmark = pytest.mark.django_db


def test_my_children_shows_letters_due_and_overdue_recommendations_in_constant_queries(
    client: Any, make_iro: Any, make_child: Any
) -> None:
    today = timezone.localdate()
    iro = make_iro()
    client.force_login(iro.user)

    def add(n: int) -> None:
        for _ in range(n):
            child = make_child(start_date=today - timedelta(days=60), iro=iro)
            review = services.review_record_held(
                acting_user=None,
                child=child,
                held_on=today - timedelta(days=40),
                participation_code="PN1",
            )
            services.recommendation_add(
                acting_user=None,
                review=review,
                action="x",
                owner_name="y",
                due_date=today - timedelta(days=1),
            )

    def get() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/my-children/").content.decode()
        return len(queries), page

    add(3)
    few, page = get()
    assert "3 letters to write" in page and "(3 overdue)" in page
    assert "3 overdue recommendations" in page
    add(7)
    many, page = get()
    assert "10 letters to write" in page
    assert many == few

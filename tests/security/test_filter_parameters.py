"""Filters check the numbers in the page address: a 400 with a message, never a 500."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from iro.accounts.roles import Role
from iro.accounts.services import user_create
from iro.caseloads.models import ReviewingOfficer
from iro.core.params import BadParameter, int_param

pytestmark = pytest.mark.django_db
HUGE = str(10**30)

FILTERS = [
    ("/children/", "iro"),
    ("/children/", "team"),
    ("/reviews/due/", "iro"),
    ("/reviews/due/", "team"),
    ("/scorecard/", "iro"),
    ("/scorecard/", "team"),
    ("/drift/service/", "iro"),
    ("/drift/service/", "team"),
    ("/oversight/standards/", "iro"),
    ("/disputes/", "iro"),
    ("/disputes/raise", "child"),
    ("/disputes/cafcass-referral", "dispute"),
    ("/disputes/cafcass-referral", "child"),
    ("/disputes/legal-advice", "dispute"),
    ("/disputes/good-practice/new", "child"),
]


@pytest.fixture
def everyone(client: Any) -> Any:
    user = user_create(
        username="all-roles",
        password="correct-horse-battery-staple",
        first_name="Al",
        last_name="Roles",
        roles=list(Role),
    )
    ReviewingOfficer.objects.create(
        user=user, name="Al Roles", fte=Decimal("1.00"), start_date=date(2020, 1, 1)
    )
    client.force_login(user)
    return client


@pytest.mark.parametrize(("path", "name"), FILTERS)
def test_an_oversized_number_in_a_filter_is_a_400_with_a_message(
    everyone: Any, path: str, name: str
) -> None:
    response = everyone.get(path, {name: HUGE})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem with the web address" in body
    assert "is not a number this page can use" in body
    assert everyone.get(path, {name: "abc"}).status_code == 400


def test_consultation_review_parameter(everyone: Any, make_child: Any) -> None:
    child = make_child()
    response = everyone.get(f"/children/{child.pk}/consultations/new", {"review": HUGE})
    assert response.status_code in {400, 403}  # an IRO not allocated may be refused first
    if response.status_code == 400:
        assert "not a number this page can use" in response.content.decode()


def test_int_param() -> None:
    assert int_param(None) is None and int_param("") is None
    assert int_param("42") == 42
    for bad in (HUGE, "-1", "x", "1.5"):
        with pytest.raises(BadParameter):
            int_param(bad)

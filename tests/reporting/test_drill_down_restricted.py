"""Drill-downs (page and CSV) show a restricted child to people not named on it as "Restricted
record" with no other detail: no name, ID, date of birth, IRO, care dates or review details."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from iro.accounts.roles import Role
from iro.accounts.services import child_restriction_set
from iro.reviews.services import review_record_held

pytestmark = pytest.mark.django_db

PERIOD = {"from": "2022-04-01", "to": "2023-03-31"}


@pytest.fixture
def children(make_iro: Any, make_child: Any, make_user: Any) -> dict[str, Any]:
    iro, secret = make_iro("Priya Shah"), make_iro("Ivy Secret")
    hidden = make_child(
        first_name="Hidden",
        last_name="Highprofile",
        la_child_id="R0001",
        start_date=date(2022, 5, 25),
        date_of_birth=date(2011, 7, 19),
        iro=secret,
    )
    review_record_held(
        acting_user=None, child=hidden, held_on=date(2022, 6, 24), participation_code="PN1"
    )
    open_child = make_child(
        first_name="Open", last_name="Ordinary", start_date=date(2022, 5, 25), iro=iro
    )
    review_record_held(
        acting_user=None, child=open_child, held_on=date(2022, 6, 24), participation_code="PN1"
    )
    # No review yet: overdue at the end of the year (a drill-down listing children).
    overdue = make_child(
        first_name="Late",
        last_name="Overdue",
        la_child_id="R0002",
        start_date=date(2023, 2, 1),
        date_of_birth=date(2013, 2, 3),
        iro=secret,
    )
    named = make_user(Role.IRO_MANAGER)
    for child in (hidden, overdue):
        child_restriction_set(acting_user=None, child=child, restricted=True, users=[named])
    return {"named": named}


@pytest.mark.parametrize("role", [Role.HEAD_OF_SERVICE, Role.AUDITOR, Role.IRO_MANAGER])
@pytest.mark.parametrize("key", ["reviews_held", "reviews_overdue_at_end"])
def test_page_and_csv_show_only_restricted_record(
    client_for: Any, children: dict[str, Any], role: Role, key: str
) -> None:
    client = client_for(role)
    page = client.get(f"/scorecard/measures/{key}", PERIOD).content.decode()
    csv = client.get(f"/scorecard/measures/{key}", PERIOD | {"format": "csv"}).content.decode()
    for body in (page, csv):
        assert "Restricted record" in body
        for detail in ("Highprofile", "Hidden", "R0001", "R0002", "Overdue", "Ivy Secret"):
            assert detail not in body, (detail, key)
        for detail in ("19 July 2011", "2011-07-19", "3 February 2013", "2013-02-03"):
            assert detail not in body, (detail, key)
    if key == "reviews_held":
        assert "Ordinary" in page and "Ordinary" in csv


def test_the_named_person_sees_the_details(client_for: Any, children: dict[str, Any]) -> None:
    client = client_for(children["named"])
    page = client.get("/scorecard/measures/reviews_held", PERIOD).content.decode()
    csv = client.get(
        "/scorecard/measures/reviews_held", PERIOD | {"format": "csv"}
    ).content.decode()
    assert "Hidden Highprofile" in page and "Hidden Highprofile" in csv

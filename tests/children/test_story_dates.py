"""Dates checked against the child's story in every form and service (issue 27, findings 3, 6
and 7): nothing before birth or care, nothing that has happened in the future, nothing being
arranged in the past."""

from __future__ import annotations

import html
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from iro.caseloads.models import ReviewingOfficer
from iro.caseloads.services import reviewing_officer_update
from iro.children.models import IROAllocation
from iro.children.services import child_admit, iro_allocate
from iro.reviews import services
from iro.reviews.models import Review

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 10)
BORN = date(2023, 3, 4)


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


def _date(prefix: str, value: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


@pytest.fixture
def child(make_child: Any, make_iro: Any) -> Any:
    return make_child(date_of_birth=BORN, start_date=date(2024, 1, 15), iro=make_iro())


def _refused(call: Any, **kwargs: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value.message_dict


def test_an_adjourned_meeting_before_the_child_was_born_is_refused(child: Any) -> None:
    convening = services.convening_start(acting_user=None, child=child, proposed_date=TODAY)
    assert _refused(
        services.review_record_not_held,
        acting_user=None,
        convening=convening,
        meeting_date=date(2005, 1, 1),
        outcome="adjourned",
        reason="Carer ill",
    ) == {
        "meeting_date": [
            "Date of the meeting must be after the child's date of birth, 4 March 2023"
        ]
    }
    assert not Review.objects.exists()


def test_did_not_go_ahead_new_date_not_before_the_meetings(child: Any) -> None:
    convening = services.convening_start(acting_user=None, child=child, proposed_date=TODAY)
    problems = _refused(
        services.review_record_not_held,
        acting_user=None,
        convening=convening,
        meeting_date=TODAY,
        outcome="cancelled",
        reason="Carer ill",
        new_date=TODAY - timedelta(days=1),
    )
    assert problems == {"new_date": ["New date of review must be today or in the future"]}


def test_a_review_is_not_arranged_or_moved_into_the_past(child: Any) -> None:
    assert _refused(
        services.convening_start, acting_user=None, child=child, proposed_date=date(2025, 12, 16)
    ) == {"proposed_date": ["Date of review must be today or in the future"]}
    convening = services.convening_start(acting_user=None, child=child, proposed_date=TODAY)
    assert _refused(
        services.convening_reschedule,
        acting_user=None,
        convening=convening,
        new_date=TODAY - timedelta(days=3),
        reason="Carer ill",
    ) == {"new_date": ["New date of review must be today or in the future"]}


def test_a_review_held_in_the_future_or_before_care_is_refused(child: Any) -> None:
    for held_on, message in (
        (TODAY + timedelta(days=1), "Date of review must be today or in the past"),
        (date(2023, 6, 1), "Date of review must be after the date care started, 15 January 2024"),
    ):
        assert _refused(
            services.review_record_held,
            acting_user=None,
            child=child,
            held_on=held_on,
            participation_code="PN0",
        ) == {"held_on": [message]}


def test_changing_a_recommendation_refuses_the_due_dates_adding_refuses(child: Any) -> None:
    review = services.review_record_held(
        acting_user=None, child=child, held_on=TODAY, participation_code="PN0"
    )
    early = TODAY - timedelta(days=10)
    message = {
        "due_date": ["Due date must be the same as or after the date of the review, 10 June 2026"]
    }
    assert (
        _refused(
            services.recommendation_add,
            acting_user=None,
            review=review,
            action="Visit",
            owner_name="Jo",
            due_date=early,
        )
        == message
    )
    recommendation = services.recommendation_add(
        acting_user=None, review=review, action="Visit", owner_name="Jo", due_date=TODAY
    )
    assert (
        _refused(
            services.recommendation_update,
            acting_user=None,
            recommendation=recommendation,
            action="Visit",
            owner_name="Jo",
            due_date=early,
        )
        == message
    )
    recommendation.refresh_from_db()
    assert recommendation.due_date == TODAY


def test_an_iro_allocation_dated_in_the_future_is_refused_and_todays_still_works(
    child: Any, make_iro: Any
) -> None:
    other = make_iro("Tom Fielding")
    assert _refused(
        iro_allocate,
        acting_user=None,
        child=child,
        iro=other,
        start_date=date(2030, 1, 1),
        reason="Caseload balancing",
    ) == {"start_date": ["Date of allocation must be today or in the past"]}
    iro_allocate(acting_user=None, child=child, iro=other, start_date=TODAY, reason="Balancing")
    assert IROAllocation.objects.get(child=child, end_date__isnull=True).iro == other


def test_a_date_of_birth_of_1900_is_refused(make_child: Any) -> None:
    problems = _refused(
        child_admit,
        acting_user=None,
        la_child_id="OLD1",
        first_name="Ada",
        last_name="Lane",
        date_of_birth=date(1900, 1, 1),
        sex="F",
        ethnicity="WBRI",
        start_date=TODAY,
        legal_status="C2",
        placement="U4",
        category_of_need="N1",
    )
    assert problems == {
        "start_date": ["Date care started must be before the child's 18th birthday, 1 January 1918"]
    }


def test_a_serving_iros_start_date_cannot_be_in_the_future(child: Any) -> None:
    officer = ReviewingOfficer.objects.get(pk=child.iro_id)
    problems = _refused(
        reviewing_officer_update, acting_user=None, officer=officer, start_date=date(2030, 1, 1)
    )
    assert problems["start_date"][0].startswith("Start date must be today or in the past")
    new = ReviewingOfficer.objects.create(name="Starting", fte=Decimal("1"), start_date=TODAY)
    reviewing_officer_update(acting_user=None, officer=new, start_date=date(2030, 1, 1))


def test_the_record_review_page_shows_the_story_message_beside_the_date(
    client_for: Any, child: Any
) -> None:
    response = client_for(child.iro.user).post(
        f"/children/{child.pk}/record-review",
        {
            **_date("held_on", date(2023, 6, 1)),
            "participation_code": "PN0",
            "permanence_plan_agreed": "yes",
        },
    )
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Date of review must be after the date care started, 15 January 2024" in body
    assert not Review.objects.exists()

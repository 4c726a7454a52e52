from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from iro.accounts.access import ObjectDenied
from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.caseloads.models import ReviewingOfficer
from iro.children.models import IROCover
from iro.fostering import services
from iro.fostering.models import FosterHousehold
from iro.fostering.schedule import household_schedule_refresh
from iro.fostering.selectors import households_by_chair
from tests.clock import TODAY
from tests.fostering.helpers import review_values

pytestmark = pytest.mark.django_db


def test_a_new_household_is_due_its_first_review_a_year_after_approval(
    make_household: Callable[..., FosterHousehold],
) -> None:
    household = make_household(approved_on=date(2024, 2, 29))
    assert household.next_review_due == date(2025, 2, 28)
    assert household.reviews_held == 0
    entry = AuditEntry.objects.get(object_type="foster_household", action="create")
    assert "FH-0001" in entry.summary


def test_reviews_are_numbered_timed_and_move_the_next_due_date(
    make_household: Callable[..., FosterHousehold], fostering_iro: ReviewingOfficer
) -> None:
    household = make_household(approved_on=date(2024, 2, 29))
    first = services.review_record(
        acting_user=fostering_iro.user, household=household, **review_values(date(2025, 3, 3))
    )
    assert (first.number, first.due_on, first.in_timescale) == (1, date(2025, 2, 28), False)
    assert first.goes_to_panel and first.chair == fostering_iro
    second = services.review_record(
        acting_user=fostering_iro.user, household=household, **review_values(date(2026, 2, 20))
    )
    assert (second.number, second.due_on, second.in_timescale) == (2, date(2026, 3, 3), True)
    household.refresh_from_db()
    assert household.reviews_held == 2
    assert household.last_review_on == date(2026, 2, 20)
    assert household.next_review_due == date(2027, 2, 20)
    assert (
        AuditEntry.objects.filter(object_type="foster_carer_review", action="create").count() == 2
    )


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        (date(2025, 11, 30), "must be the same as or after the approval date, 1 December 2025"),
        (TODAY + timedelta(days=1), "must be today or in the past"),
    ],
)
def test_a_review_before_approval_or_in_the_future_is_refused(
    make_household: Callable[..., FosterHousehold],
    fostering_iro: ReviewingOfficer,
    held_on: date,
    message: str,
) -> None:
    household = make_household()
    with pytest.raises(ValidationError) as error:
        services.review_record(
            acting_user=fostering_iro.user, household=household, **review_values(held_on)
        )
    assert message in error.value.message_dict["held_on"][0]
    assert not household.reviews.exists()


def test_two_reviews_on_one_day_and_change_of_terms_without_terms_are_refused(
    make_household: Callable[..., FosterHousehold], fostering_iro: ReviewingOfficer
) -> None:
    household = make_household()
    user = fostering_iro.user
    services.review_record(acting_user=user, household=household, **review_values(TODAY))
    with pytest.raises(ValidationError, match="already recorded"):
        services.review_record(acting_user=user, household=household, **review_values(TODAY))
    with pytest.raises(ValidationError) as error:
        services.review_record(
            acting_user=user,
            household=household,
            **review_values(TODAY - timedelta(days=1), recommendation="change_terms"),
        )
    assert "recommended_terms" in error.value.message_dict


def test_the_agency_decision_to_end_approval_ends_it_and_no_review_falls_due(
    make_household: Callable[..., FosterHousehold], fostering_iro: ReviewingOfficer
) -> None:
    household = make_household()
    user = fostering_iro.user
    review = services.review_record(
        acting_user=user,
        household=household,
        **review_values(date(2026, 10, 1), recommendation="terminate"),
    )
    services.review_panel_record(
        acting_user=user,
        review=review,
        referred_to_panel_on=date(2026, 10, 2),
        panel_date=date(2026, 10, 20),
        panel_recommendation="terminate",
        agency_decision="terminate",
        agency_decision_on=date(2026, 10, 27),
    )
    household.refresh_from_db()
    assert household.approval_ended_on == date(2026, 10, 27)
    assert household.next_review_due is None
    assert households_by_chair(date(2026, 10, 26)) == {fostering_iro.pk: 1}
    assert households_by_chair(date(2026, 10, 27)) == {}


def test_the_agency_decision_to_change_terms_takes_the_reviews_terms(
    make_household: Callable[..., FosterHousehold], fostering_iro: ReviewingOfficer
) -> None:
    household = make_household()
    review = services.review_record(
        acting_user=fostering_iro.user,
        household=household,
        **review_values(
            date(2026, 10, 1), recommendation="change_terms", recommended_terms="Up to 3 children"
        ),
    )
    services.review_panel_record(
        acting_user=None,
        review=review,
        agency_decision="change_terms",
        agency_decision_on=date(2026, 10, 5),
    )
    household.refresh_from_db()
    assert household.approval_terms == "Up to 3 children"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"referred_to_panel_on": date(2026, 9, 30)}, "referred_to_panel_on"),
        ({"panel_date": date(2026, 10, 5)}, "referred_to_panel_on"),
        (
            {"referred_to_panel_on": date(2026, 10, 6), "panel_date": date(2026, 10, 5)},
            "panel_date",
        ),
        ({"agency_decision": "continue"}, "agency_decision_on"),
        ({"agency_decision_on": date(2026, 10, 5)}, "agency_decision"),
        (
            {"agency_decision": "continue", "agency_decision_on": TODAY + timedelta(days=1)},
            "agency_decision_on",
        ),
    ],
)
def test_panel_dates_must_follow_each_other(
    make_household: Callable[..., FosterHousehold],
    fostering_iro: ReviewingOfficer,
    values: dict[str, Any],
    field: str,
) -> None:
    household = make_household()
    review = services.review_record(
        acting_user=fostering_iro.user, household=household, **review_values(date(2026, 10, 1))
    )
    with pytest.raises(ValidationError) as error:
        services.review_panel_record(acting_user=fostering_iro.user, review=review, **values)
    assert field in error.value.message_dict


def test_another_iro_is_refused_and_cover_is_allowed(
    make_household: Callable[..., FosterHousehold],
    make_iro: Callable[..., ReviewingOfficer],
    fostering_iro: ReviewingOfficer,
    make_user: Callable[..., Any],
) -> None:
    household = make_household()
    colleague = make_iro("Ola Colleague")
    with pytest.raises(ObjectDenied):
        services.review_record(
            acting_user=colleague.user, household=household, **review_values(TODAY)
        )
    IROCover.objects.create(
        absent_iro=fostering_iro,
        covering_iro=colleague,
        start_date=TODAY - timedelta(days=1),
        end_date=TODAY + timedelta(days=7),
    )
    review = services.review_record(
        acting_user=colleague.user, household=household, **review_values(TODAY)
    )
    assert review.chair == colleague
    manager = make_user(Role.IRO_MANAGER)
    later = services.review_record(
        acting_user=manager, household=household, **review_values(TODAY - timedelta(days=3))
    )
    assert later.chair == fostering_iro  # a manager records it for the household's chair


def test_moving_the_approval_after_the_first_review_is_refused(
    make_household: Callable[..., FosterHousehold], fostering_iro: ReviewingOfficer
) -> None:
    household = make_household(approved_on=date(2025, 1, 10))
    services.review_record(
        acting_user=fostering_iro.user, household=household, **review_values(date(2026, 1, 5))
    )
    with pytest.raises(ValidationError) as error:
        services.household_update(
            acting_user=None, household=household, approved_on=date(2026, 2, 1)
        )
    assert "first review, 5 January 2026" in error.value.message_dict["approved_on"][0]
    services.household_update(acting_user=None, household=household, approved_on=date(2025, 3, 1))
    household.refresh_from_db()
    assert household.next_review_due == date(2027, 1, 5)
    review = household.reviews.get()
    assert review.due_on == date(2026, 3, 1) and review.in_timescale is True


def test_the_schedule_writer_repairs_stale_facts_and_writes_only_changes(
    make_household: Callable[..., FosterHousehold],
) -> None:
    household = make_household(approved_on=date(2025, 6, 1))
    FosterHousehold.objects.filter(pk=household.pk).update(next_review_due=date(2000, 1, 1))
    assert household_schedule_refresh() == 1
    assert household_schedule_refresh() == 0
    household.refresh_from_db()
    assert household.next_review_due == date(2026, 6, 1)


def test_a_reference_must_be_the_households_own_format(
    fostering_iro: ReviewingOfficer,
) -> None:
    with pytest.raises(ValidationError) as error:
        services.household_create(
            acting_user=None,
            reference="T00012",
            carers="A Carer",
            approved_on=date(2025, 1, 1),
            approval_type="general",
            approval_terms="One child",
            supervising_social_worker="Dee Walker",
            chair=fostering_iro,
        )
    assert "FH-0012" in error.value.message_dict["reference"][0]

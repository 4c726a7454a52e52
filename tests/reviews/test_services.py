"""Services of the review cycle: what each guarantees, and what each refuses."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from iro.audit.models import AuditEntry
from iro.core.models import ClosureDay
from iro.reviews import services
from iro.reviews.models import Convening, Invitee, Recommendation, Review
from iro.reviews.selectors import letters_to_write

pytestmark = pytest.mark.django_db


def _arranged(service: Any, *args: Any, on: date = date(2023, 4, 28), **kwargs: Any) -> Any:
    """Arrange a review as on a day before it: a meeting is not arranged in the past."""
    with time_machine.travel(on, tick=False):
        return service(*args, **kwargs)


@pytest.fixture
def child(make_child: Any, make_iro: Any) -> Any:
    return make_child(start_date=date(2023, 4, 3), iro=make_iro())


def test_convening_stores_working_day_deadlines_around_the_review(child: Any) -> None:
    convening = _arranged(
        services.convening_start, acting_user=None, child=child, proposed_date=date(2023, 5, 30)
    )
    # Ten working days before Tuesday 30 May 2023 skips the Spring bank holiday (29 May).
    assert convening.convening_request_due == date(2023, 5, 15)
    assert convening.reports_due == date(2023, 5, 24)
    assert convening.review_due == child.current_period.next_review_due
    assert AuditEntry.objects.filter(object_type="convening", action="create").exists()


def test_only_one_review_is_arranged_at_a_time(child: Any) -> None:
    _arranged(
        services.convening_start, acting_user=None, child=child, proposed_date=date(2023, 5, 2)
    )
    with pytest.raises(ValidationError, match="already being arranged"):
        _arranged(
            services.convening_start, acting_user=None, child=child, proposed_date=date(2023, 5, 3)
        )


def test_rescheduling_keeps_the_old_date_and_reason_and_moves_the_deadlines(child: Any) -> None:
    convening = _arranged(
        services.convening_start, acting_user=None, child=child, proposed_date=date(2023, 5, 2)
    )
    with pytest.raises(ValidationError, match="Enter the reason"):
        _arranged(
            services.convening_reschedule,
            acting_user=None,
            convening=convening,
            new_date=date(2023, 5, 30),
            reason=" ",
        )
    _arranged(
        services.convening_reschedule,
        acting_user=None,
        convening=convening,
        new_date=date(2023, 5, 30),
        reason="Carer ill",
    )
    convening.refresh_from_db()
    move = convening.reschedules.get()
    assert (move.from_date, move.to_date, move.reason) == (
        date(2023, 5, 2),
        date(2023, 5, 30),
        "Carer ill",
    )
    assert convening.convening_request_due == date(2023, 5, 15)


def test_a_parent_not_invited_needs_a_reason(child: Any) -> None:
    convening = _arranged(
        services.convening_start, acting_user=None, child=child, proposed_date=date(2023, 5, 2)
    )
    with pytest.raises(ValidationError, match="reason this parent is not invited"):
        services.invitee_add(
            acting_user=None, convening=convening, role="parent", name="Dad", invited=False
        )
    services.invitee_add(
        acting_user=None,
        convening=convening,
        role="parent",
        name="Dad",
        invited=False,
        not_invited_reason="Court order",
    )
    assert Invitee.objects.filter(name="Dad", invited=False).exists()


def test_consultation_form_cannot_come_back_before_it_was_sent(child: Any) -> None:
    convening = _arranged(
        services.convening_start, acting_user=None, child=child, proposed_date=date(2023, 5, 2)
    )
    with pytest.raises(ValidationError, match="same as or after the date it was sent"):
        services.invitee_add(
            acting_user=None,
            convening=convening,
            role="parent",
            name="Mum",
            consultation_form_sent_on=date(2023, 4, 20),
            consultation_form_returned_on=date(2023, 4, 19),
        )


def test_holding_a_review_stores_the_deadlines_after_it_in_working_days(
    make_child: Any,
) -> None:
    child = make_child(start_date=date(2022, 5, 3))
    review = services.review_record_held(
        acting_user=None, child=child, held_on=date(2022, 5, 25), participation_code="PN1"
    )
    # Five working days: 26, 27, 30, 31 May and 1 June 2022.
    assert review.recommendations_due == date(2022, 6, 1)
    # Twenty working days skips the Platinum Jubilee bank holidays (domain.md).
    assert review.minutes_written_due == date(2022, 6, 24)
    assert review.minutes_distributed_due == date(2022, 6, 24)


def test_recommendations_issued_five_working_days_across_the_coronation(make_child: Any) -> None:
    child = make_child(start_date=date(2023, 4, 3))
    review = services.review_record_held(
        acting_user=None, child=child, held_on=date(2023, 5, 5), participation_code="PN1"
    )
    assert review.recommendations_due == date(2023, 5, 15)


def test_holding_a_convened_review_closes_the_convening_and_takes_its_care_plan_date(
    child: Any,
) -> None:
    convening = _arranged(
        services.convening_start,
        acting_user=None,
        child=child,
        proposed_date=date(2023, 5, 2),
        care_plan_received_on=date(2023, 4, 25),
    )
    review = services.review_record_held(
        acting_user=None,
        child=child,
        held_on=date(2023, 5, 2),
        participation_code="PN1",
        convening=convening,
        attended_invitee_ids=[convening.invitees.get(role="child").pk],
    )
    convening.refresh_from_db()
    assert (convening.status, convening.review) == ("held", review)
    assert review.care_plan_received_on == date(2023, 4, 25)
    assert [i.attended for i in convening.invitees.order_by("pk")] == [True]


def test_cancelled_meeting_without_a_new_date_closes_the_convening_and_is_not_a_review(
    child: Any,
) -> None:
    convening = _arranged(
        services.convening_start, acting_user=None, child=child, proposed_date=date(2023, 5, 2)
    )
    services.review_record_not_held(
        acting_user=None,
        convening=convening,
        meeting_date=date(2023, 5, 2),
        outcome="cancelled",
        reason="Child left care",
    )
    convening.refresh_from_db()
    assert convening.status == Convening.Status.WITHDRAWN
    child.refresh_from_db()
    assert child.current_period.reviews_held == 0
    assert Review.objects.get().status == "cancelled"


def test_letter_cannot_be_finalised_with_template_prompts_left(child: Any) -> None:
    review = services.review_record_held(
        acting_user=None, child=child, held_on=date(2023, 5, 2), participation_code="PN1"
    )
    services.review_letter_save(
        acting_user=None, review=review, letter="Dear Sam, [Write what Sam said.]", band="8_12"
    )
    with pytest.raises(ValidationError, match="square-bracket"):
        services.review_letter_finalise(
            acting_user=None, review=review, written_on=date(2023, 5, 9)
        )


def test_minutes_cannot_be_distributed_before_the_letter_is_written(child: Any) -> None:
    review = services.review_record_held(
        acting_user=None, child=child, held_on=date(2023, 5, 2), participation_code="PN1"
    )
    with pytest.raises(ValidationError, match="finalised before it is distributed"):
        services.review_minutes_distribute(
            acting_user=None, review=review, distributed_on=date(2023, 5, 9)
        )
    services.review_letter_save(acting_user=None, review=review, letter="Dear Sam.", band="8_12")
    services.review_letter_finalise(acting_user=None, review=review, written_on=date(2023, 5, 9))
    with pytest.raises(ValidationError, match="same as or after the date the letter was written"):
        services.review_minutes_distribute(
            acting_user=None, review=review, distributed_on=date(2023, 5, 8)
        )
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.review_letter_save(acting_user=None, review=review, letter="x", band="8_12")


def test_completing_a_recommendation_records_who_and_when_once(child: Any, make_user: Any) -> None:
    from iro.accounts.roles import Role

    worker = make_user(Role.OPERATIONAL)
    review = services.review_record_held(
        acting_user=None, child=child, held_on=date(2023, 5, 2), participation_code="PN1"
    )
    recommendation = services.recommendation_add(
        acting_user=None,
        review=review,
        action="Dentist",
        owner_name="",
        owner=worker,
        due_date=date(2023, 6, 1),
    )
    assert recommendation.owner_name == worker.get_full_name()
    services.recommendation_complete(
        acting_user=worker, recommendation=recommendation, completed_on=date(2023, 5, 20)
    )
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.completed_by) == ("done", worker)
    entry = AuditEntry.objects.filter(object_type="recommendation", action="update").get()
    assert entry.actor == worker and entry.changes["status"] == ["open", "done"]
    with pytest.raises(ValidationError, match="not open"):
        services.recommendation_complete(
            acting_user=worker, recommendation=recommendation, completed_on=date(2023, 5, 21)
        )


def test_an_imported_903_review_row_is_valid_with_defaults_and_is_not_work_to_do(
    child: Any,
) -> None:
    review = Review(
        child=child,
        period=child.current_period,
        held_on=date(2023, 5, 2),
        participation_code="PN1",
        source=Review.Source.SSDA903,
    )
    review.full_clean()
    review.save()
    assert not letters_to_write().exists()
    assert review.recommendations.count() == 0
    assert Recommendation.objects.count() == 0


def test_recompute_timetable_moves_convening_deadlines_after_a_closure_day(child: Any) -> None:
    convening = _arranged(
        services.convening_start, acting_user=None, child=child, proposed_date=date(2023, 5, 30)
    )
    ClosureDay.objects.create(date=date(2023, 5, 25), reason="Office move")
    call_command("recompute_timetable", "--dry-run")
    convening.refresh_from_db()
    assert convening.reports_due == date(2023, 5, 24)
    call_command("recompute_timetable")
    convening.refresh_from_db()
    assert convening.reports_due == date(2023, 5, 23)

"""The stored timetable follows the pure rules: numbering, due dates, timeliness, new periods."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from iro.children.models import Child
from iro.children.selectors import review_schedule, schedule_context
from iro.reviews.models import Review
from iro.reviews.services import review_record_held
from iro.timetable.reviews import review_status

pytestmark = pytest.mark.django_db


def test_first_second_and_later_reviews_are_numbered_and_timed(make_child: Any) -> None:
    child = make_child(start_date=date(2022, 5, 25))
    first = review_record_held(
        acting_user=None, child=child, held_on=date(2022, 6, 24), participation_code="PN1"
    )
    assert (first.number, first.due_date, first.in_timescale) == (1, date(2022, 6, 24), True)
    second = review_record_held(
        acting_user=None, child=child, held_on=date(2022, 9, 26), participation_code="PN5"
    )
    # Three months after 24 June is 24 September: the 26th is late.
    assert (second.number, second.due_date, second.in_timescale) == (2, date(2022, 9, 24), False)
    child.refresh_from_db()
    assert child.current_period.next_review_number == 3
    # Six months after the date the second review was actually held.
    assert child.current_period.next_review_due == date(2023, 3, 26)


def test_participation_code_must_match_age(make_child: Any) -> None:
    from django.core.exceptions import ValidationError

    child = make_child(start_date=date(2022, 5, 25), date_of_birth=date(2020, 1, 1))
    with pytest.raises(ValidationError, match="PN0"):
        review_record_held(
            acting_user=None, child=child, held_on=date(2022, 6, 20), participation_code="PN1"
        )


def test_sql_status_matches_the_pure_rule_for_every_child(make_iro: Any, make_child: Any) -> None:
    today = timezone.localdate()
    iro = make_iro()
    for days in (1, 10, 20, 27, 28, 29, 30, 40, 200):
        make_child(start_date=today - timedelta(days=days), iro=iro if days % 2 else None)
    context = schedule_context(today)
    for child in review_schedule(context):
        expected = review_status(
            child.current_period.next_review_due,
            today,
            has_iro=child.iro_id is not None,
            calendar=context.calendar,
            timescales=context.timescales,
        )
        assert child.review_status == expected.value


def test_review_schedule_command_prints_csv_and_json(
    make_iro: Any, make_child: Any, capsys: Any
) -> None:
    import json

    make_child(la_child_id="C001", start_date=date(2022, 5, 25), iro=make_iro("Priya Shah"))
    call_command("review_schedule", "--as-of", "2022-06-20")
    lines = capsys.readouterr().out.strip().splitlines()
    assert (
        lines[0]
        == "child_id,iro,period_of_care_start,last_review_date,next_review_number,next_review_due,status"
    )
    assert lines[1] == "C001,Priya Shah,2022-05-25,,1,2022-06-24,due_soon"
    call_command("review_schedule", "--as-of", "2022-06-27", "--format", "json")
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["status"] == "overdue"


def test_recompute_timetable_dry_run_changes_nothing(make_child: Any) -> None:
    child = make_child(start_date=date(2022, 5, 25))
    Child.objects.filter(pk=child.pk)
    from iro.children.models import PeriodOfCare

    PeriodOfCare.objects.update(next_review_due=None)
    call_command("recompute_timetable", "--dry-run")
    assert PeriodOfCare.objects.get().next_review_due is None
    call_command("recompute_timetable")
    assert PeriodOfCare.objects.get().next_review_due == date(2022, 6, 24)


def test_closure_day_moves_the_due_date_after_recompute(make_child: Any) -> None:
    from iro.core.models import ClosureDay

    make_child(start_date=date(2022, 5, 25))
    ClosureDay.objects.create(date=date(2022, 6, 10), reason="Council closure")
    call_command("recompute_timetable")
    from iro.children.models import PeriodOfCare

    assert PeriodOfCare.objects.get().next_review_due == date(2022, 6, 27)


def test_cancelled_meeting_is_not_counted_as_a_review(make_child: Any) -> None:
    child = make_child(start_date=date(2022, 5, 25))
    Review.objects.create(
        child=child,
        period=child.current_period,
        held_on=date(2022, 6, 20),
        status=Review.Status.CANCELLED,
        status_reason="Child unwell",
    )
    from iro.reviews.schedule import schedule_refresh

    schedule_refresh()
    child.refresh_from_db()
    assert child.current_period.next_review_number == 1

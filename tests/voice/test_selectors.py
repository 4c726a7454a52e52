"""voice_measures against hand-counted fixtures, and constant query counts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iro.reviews.models import Review
from iro.timetable.calendar import WorkingDayCalendar
from iro.voice import selectors, services
from iro.voice.models import AdvocacyReferral, IndependentVisitorRecord

pytestmark = pytest.mark.django_db

FROM, TO = date(2025, 4, 1), date(2026, 3, 31)


def _consult(child: Any, review: Review | None, method: str, on: date) -> None:
    services.consultation_record(
        acting_user=None,
        child=child,
        review=review,
        consulted_on=on,
        method=method,
        reason_not_possible="In hospital" if method == "not_possible" else "",
    )


def _fixture(make_child: Any, make_review: Any) -> None:
    """Hand count, for 1 April 2025 to 31 March 2026:
    - reviews of children 4+ held in the period: A (met), B (declined), C (not possible),
      D (no consultation), E (turned 4 on the review day, by phone) = 5; consulted = A, B, E = 3.
    - not counted: F under 4 (even though consulted), G's review before the period, H's review
      cancelled, I's consultation not linked to a review.
    """
    a = make_child(first_name="A", date_of_birth=date(2012, 1, 1), start_date=date(2024, 1, 1))
    b = make_child(first_name="B", date_of_birth=date(2012, 1, 1), start_date=date(2024, 1, 1))
    c = make_child(first_name="C", date_of_birth=date(2012, 1, 1), start_date=date(2024, 1, 1))
    d = make_child(first_name="D", date_of_birth=date(2012, 1, 1), start_date=date(2024, 1, 1))
    e = make_child(first_name="E", date_of_birth=date(2021, 6, 10), start_date=date(2024, 1, 1))
    f = make_child(first_name="F", date_of_birth=date(2023, 1, 1), start_date=date(2024, 1, 1))
    g = make_child(first_name="G", date_of_birth=date(2012, 1, 1), start_date=date(2024, 1, 1))
    h = make_child(first_name="H", date_of_birth=date(2012, 1, 1), start_date=date(2024, 1, 1))
    _consult(a, make_review(a, date(2025, 4, 1)), "in_person", date(2025, 3, 20))
    _consult(b, make_review(b, date(2025, 9, 1)), "declined", date(2025, 8, 20))
    _consult(c, make_review(c, date(2026, 3, 31)), "not_possible", date(2026, 3, 20))
    make_review(d, date(2025, 10, 1))
    _consult(e, make_review(e, date(2025, 6, 10)), "phone", date(2025, 6, 1))
    _consult(f, make_review(f, date(2025, 7, 1)), "in_person", date(2025, 6, 20))
    _consult(g, make_review(g, date(2025, 3, 31)), "in_person", date(2025, 3, 1))
    cancelled = make_review(h, date(2025, 5, 1), status=Review.Status.CANCELLED)
    _consult(h, cancelled, "in_person", date(2025, 4, 20))
    _consult(g, None, "in_person", date(2025, 11, 1))

    # Advocacy: supported in the period = A (accepted in), B (accepted before, still open),
    # C twice (counted once); not D (ended before the period), E (waiting), F (accepted after).
    def refer(child: Any, referred: date, accepted: date | None, ended: date | None) -> None:
        AdvocacyReferral.objects.create(
            child=child,
            referred_on=referred,
            referred_by="iro",
            accepted_on=accepted,
            ended_on=ended,
        )

    refer(a, date(2025, 5, 1), date(2025, 5, 10), None)
    refer(b, date(2024, 12, 1), date(2024, 12, 20), None)
    refer(c, date(2025, 5, 1), date(2025, 5, 2), date(2025, 6, 1))
    refer(c, date(2025, 9, 1), date(2025, 9, 3), None)
    refer(d, date(2024, 1, 1), date(2024, 1, 5), date(2025, 3, 31))
    refer(e, date(2026, 3, 1), None, None)
    refer(f, date(2026, 3, 25), date(2026, 4, 1), None)

    # Independent visitor referrals in the period: A and B (2); C was referred before it, D not.
    def visitor(child: Any, discussed: date, referred: date | None) -> None:
        IndependentVisitorRecord.objects.create(
            child=child, discussed_on=discussed, wanted=referred is not None, referred_on=referred
        )

    visitor(a, date(2025, 4, 1), date(2025, 4, 1))
    visitor(b, date(2026, 3, 1), date(2026, 3, 31))
    visitor(c, date(2025, 3, 1), date(2025, 3, 31))
    visitor(d, date(2025, 6, 1), None)

    # Compliments: 2 in the period, 1 after. Complaints: 1 in, 1 before.
    for received in (date(2025, 4, 1), date(2026, 3, 31), date(2026, 4, 1)):
        services.compliment_record(
            acting_user=None, received_on=received, from_type="parent", summary="Thank you"
        )
    for received in (date(2025, 12, 1), date(2025, 3, 31)):
        services.complaint_record(
            acting_user=None,
            received_on=received,
            from_type="child",
            summary="Moved twice",
            calendar=WorkingDayCalendar(),
        )


def test_voice_measures_match_the_hand_count(make_child: Any, make_review: Any) -> None:
    _fixture(make_child, make_review)
    assert selectors.voice_measures(FROM, TO) == {
        "consultation_before_review": {"numerator": 3, "denominator": 5, "percent": 60.0},
        "advocacy_children_supported": {"count": 3},
        "independent_visitor_referrals": {"count": 2},
        "compliments": {"count": 2},
        "complaints": {"count": 1},
    }


def test_voice_measures_with_nothing_recorded_have_no_rate(db: Any) -> None:
    measures = selectors.voice_measures(FROM, TO)
    assert measures["consultation_before_review"] == {
        "numerator": 0,
        "denominator": 0,
        "percent": None,
    }
    assert measures["compliments"] == {"count": 0}


def test_voice_measures_take_the_same_queries_however_many_records(
    make_child: Any, make_review: Any
) -> None:
    with CaptureQueriesContext(connection) as empty:
        selectors.voice_measures(FROM, TO)
    _fixture(make_child, make_review)
    with CaptureQueriesContext(connection) as full:
        selectors.voice_measures(FROM, TO)
    assert len(empty) == len(full) == 5


def test_waiting_times_average_referral_to_acceptance(make_child: Any) -> None:
    child = make_child()
    for referred, accepted in (
        (date(2025, 5, 1), date(2025, 5, 11)),
        (date(2025, 6, 1), date(2025, 6, 21)),
    ):
        AdvocacyReferral.objects.create(
            child=child, referred_on=referred, referred_by="iro", accepted_on=accepted
        )
    waiting = selectors.waiting_times(FROM, TO)
    assert (waiting["advocacy"].count, waiting["advocacy"].average_days) == (2, 15.0)
    assert waiting["advocacy"].longest_days == 20
    assert waiting["independent_visitor"].count == 0

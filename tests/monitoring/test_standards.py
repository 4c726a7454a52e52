"""The oversight standard: 2 between reviews and 4 a year, judged pro rata while running."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iro.monitoring.standards import StandardStatus, expected_so_far, oversight_standard

AS_OF = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("elapsed", "interval", "expected"),
    [(0, 182, 0), (90, 182, 0), (91, 182, 1), (181, 182, 1), (182, 182, 2), (400, 182, 2)],
)
def test_expected_between_reviews_grows_to_two_by_the_due_date(
    elapsed: int, interval: int, expected: int
) -> None:
    assert expected_so_far(2, elapsed, interval) == expected


def _standard(**changes: object) -> StandardStatus:
    arguments: dict[str, object] = {
        "as_of": AS_OF,
        "interval_start": AS_OF - timedelta(days=100),
        "next_review_due": AS_OF + timedelta(days=82),
        "between_count": 1,
        "care_started_on": date(2020, 1, 1),
        "year_count": 4,
    }
    arguments.update(changes)
    return oversight_standard(**arguments).status  # type: ignore[arg-type]


def test_one_oversight_halfway_between_reviews_is_on_track() -> None:
    assert _standard() is StandardStatus.ON_TRACK


def test_no_oversight_halfway_between_reviews_is_below_standard() -> None:
    assert _standard(between_count=0) is StandardStatus.BELOW


def test_two_since_the_review_and_four_in_the_year_meets_the_standard() -> None:
    assert _standard(between_count=2) is StandardStatus.MET


@pytest.mark.parametrize(("year_count", "status"), [(3, "below"), (4, "met")])
def test_a_child_in_care_all_year_needs_four(year_count: int, status: str) -> None:
    assert _standard(between_count=2, year_count=year_count).value == status


def test_a_child_new_to_care_is_judged_on_the_part_of_the_year_in_care() -> None:
    # 100 days in care: one oversight expected in the year so far (4 x 100 / 365 = 1.1).
    new = {"care_started_on": AS_OF - timedelta(days=100), "between_count": 2}
    assert _standard(**new, year_count=1) is StandardStatus.ON_TRACK
    assert _standard(**new, year_count=0) is StandardStatus.BELOW


def test_a_review_last_week_does_not_make_a_child_below_standard() -> None:
    assert (
        _standard(interval_start=AS_OF - timedelta(days=7), between_count=0)
        is StandardStatus.ON_TRACK
    )


def test_sentence_gives_the_counts() -> None:
    standard = oversight_standard(
        as_of=AS_OF,
        interval_start=AS_OF - timedelta(days=100),
        next_review_due=AS_OF + timedelta(days=82),
        between_count=1,
        care_started_on=None,
        year_count=3,
    )
    assert standard.sentence == (
        "1 oversight since the last review (2 needed, 1 by now); 3 oversights in the last "
        "12 months (4 needed, 4 by now)."
    )


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    required=st.integers(0, 12),
    elapsed=st.integers(-10, 800),
    interval=st.integers(-5, 400),
)
def test_expected_never_exceeds_what_is_required(
    required: int, elapsed: int, interval: int
) -> None:
    assert 0 <= expected_so_far(required, elapsed, interval) <= required


def test_before_the_first_review_only_the_yearly_standard_applies() -> None:
    standard = oversight_standard(
        as_of=AS_OF,
        interval_start=AS_OF - timedelta(days=25),
        next_review_due=AS_OF + timedelta(days=3),
        between_count=0,
        care_started_on=AS_OF - timedelta(days=25),
        year_count=0,
        review_held=False,
    )
    assert standard.status is StandardStatus.ON_TRACK
    assert standard.sentence == (
        "0 oversights since coming into care (no review held yet); 0 oversights in the last "
        "12 months (4 needed, 0 by now)."
    )

"""Each drift rule at its edges: the day before, on, and after its threshold."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iro.monitoring.drift_rules import (
    RULES,
    DriftInputs,
    DriftThresholds,
    drift_flags,
    social_worker_changes,
    window_start,
)

AS_OF = date(2026, 11, 23)
# A child with nothing wrong: every rule quiet.
CALM = DriftInputs(
    as_of=AS_OF,
    care_started_on=date(2024, 1, 10),
    next_review_due=date(2027, 1, 10),
    last_review_on=date(2026, 7, 10),
    last_review_care_plan_received=True,
    reviews_held_this_period=4,
    permanence_plan_agreed=True,
    has_social_worker=True,
    social_worker_episodes_started=1,
    first_social_worker_episode_on=date(2024, 1, 10),
    placement_moves=0,
    last_oversight_on=date(2026, 11, 1),
    next_check_on=date(2026, 12, 1),
)


def codes(inputs: DriftInputs, thresholds: DriftThresholds | None = None) -> list[str]:
    return [f.code for f in drift_flags(inputs, thresholds or DriftThresholds())]


def test_a_calm_child_has_no_flags() -> None:
    assert codes(CALM) == []


def test_a_child_who_has_left_care_has_no_flags() -> None:
    assert codes(replace(CALM, in_care=False, next_review_due=date(2020, 1, 1))) == []


@pytest.mark.parametrize(
    ("due", "flagged"),
    [
        (AS_OF + timedelta(days=1), False),
        (AS_OF, False),  # due today: still in time
        (AS_OF - timedelta(days=1), True),  # overdue from the day after the due date
        (None, False),
    ],
)
def test_review_overdue_from_the_day_after_the_due_date(due: date | None, flagged: bool) -> None:
    assert ("review_overdue" in codes(replace(CALM, next_review_due=due))) is flagged


def test_review_overdue_sentence_says_when_and_how_late() -> None:
    (flag,) = drift_flags(replace(CALM, next_review_due=date(2026, 11, 20)))
    assert flag.sentence == "The next review was due on 20 November 2026 and is 3 days overdue."


@pytest.mark.parametrize(("overdue", "flagged"), [(0, False), (1, True), (4, True)])
def test_recommendation_overdue_with_one_or_more(overdue: int, flagged: bool) -> None:
    inputs = replace(
        CALM, overdue_recommendations=overdue, oldest_overdue_recommendation=date(2026, 9, 1)
    )
    assert ("recommendation_overdue" in codes(inputs)) is flagged


def test_recommendation_overdue_sentence_counts_and_names_the_oldest() -> None:
    inputs = replace(
        CALM, overdue_recommendations=2, oldest_overdue_recommendation=date(2026, 9, 1)
    )
    (flag,) = drift_flags(inputs)
    assert flag.sentence == (
        "2 review recommendations are open past the due date (the oldest was due on "
        "1 September 2026)."
    )
    one = drift_flags(replace(inputs, overdue_recommendations=1))[0]
    assert one.sentence.startswith("1 review recommendation is open")


@pytest.mark.parametrize(
    ("last_review", "received", "flagged"),
    [
        (date(2026, 7, 10), True, False),
        (date(2026, 7, 10), False, True),
        (None, False, False),  # no review held yet: nothing to have a care plan for
    ],
)
def test_no_care_plan_for_the_last_review(
    last_review: date | None, received: bool, flagged: bool
) -> None:
    inputs = replace(CALM, last_review_on=last_review, last_review_care_plan_received=received)
    assert ("no_care_plan" in codes(inputs)) is flagged


@pytest.mark.parametrize(("has", "flagged"), [(True, False), (False, True)])
def test_no_allocated_social_worker(has: bool, flagged: bool) -> None:
    assert ("no_social_worker" in codes(replace(CALM, has_social_worker=has))) is flagged


@pytest.mark.parametrize(
    ("started", "first", "changes"),
    [
        (3, date(2020, 1, 1), 3),  # three new workers in the window: three changes
        (2, date(2020, 1, 1), 2),
        (3, AS_OF - timedelta(days=100), 2),  # the first allocation is not a change
        (3, window_start(AS_OF), 2),  # first allocation exactly 12 months ago is in the window
        (3, window_start(AS_OF) - timedelta(days=1), 3),
        (0, None, 0),
    ],
)
def test_social_worker_changes_do_not_count_the_first_allocation(
    started: int, first: date | None, changes: int
) -> None:
    inputs = replace(
        CALM, social_worker_episodes_started=started, first_social_worker_episode_on=first
    )
    assert social_worker_changes(inputs) == changes
    assert ("social_worker_changes" in codes(inputs)) is (changes >= 3)


def test_window_is_twelve_calendar_months_clamped_to_month_end() -> None:
    assert window_start(date(2026, 11, 23)) == date(2025, 11, 23)
    assert window_start(date(2024, 2, 29)) == date(2023, 2, 28)


@pytest.mark.parametrize(
    ("held", "agreed", "flagged"),
    [
        (1, False, False),  # only the first review: not yet due
        (2, False, True),  # by the second review
        (2, True, False),
        (5, False, True),
        (0, False, False),
    ],
)
def test_permanence_plan_not_agreed_by_the_second_review(
    held: int, agreed: bool, flagged: bool
) -> None:
    inputs = replace(CALM, reviews_held_this_period=held, permanence_plan_agreed=agreed)
    assert ("permanence_not_agreed" in codes(inputs)) is flagged


@pytest.mark.parametrize(("moves", "flagged"), [(0, False), (2, False), (3, True), (7, True)])
def test_three_or_more_placement_moves(moves: int, flagged: bool) -> None:
    assert ("placement_moves" in codes(replace(CALM, placement_moves=moves))) is flagged


def test_placement_moves_sentence() -> None:
    (flag,) = drift_flags(replace(CALM, placement_moves=3))
    assert flag.sentence == "The child has moved placement 3 times in the last 12 months."


@pytest.mark.parametrize(
    ("next_check", "flagged"),
    [
        (AS_OF + timedelta(days=1), False),
        (AS_OF, False),  # due today
        (AS_OF - timedelta(days=1), True),
    ],
)
def test_oversight_overdue_when_the_next_check_date_has_passed(
    next_check: date, flagged: bool
) -> None:
    assert ("oversight_overdue" in codes(replace(CALM, next_check_on=next_check))) is flagged


@pytest.mark.parametrize(
    ("days_since", "flagged"), [(90, False), (91, False), (92, True), (300, True)]
)
def test_oversight_overdue_when_none_in_the_interval(days_since: int, flagged: bool) -> None:
    inputs = replace(CALM, next_check_on=None, last_oversight_on=AS_OF - timedelta(days_since))
    assert ("oversight_overdue" in codes(inputs)) is flagged


@pytest.mark.parametrize(("days_in_care", "flagged"), [(10, False), (91, False), (92, True)])
def test_oversight_overdue_for_a_child_never_overseen_counts_from_care_start(
    days_in_care: int, flagged: bool
) -> None:
    inputs = replace(
        CALM,
        next_check_on=None,
        last_oversight_on=None,
        care_started_on=AS_OF - timedelta(days=days_in_care),
    )
    assert ("oversight_overdue" in codes(inputs)) is flagged


def test_oversight_interval_follows_the_councils_oversights_per_year() -> None:
    six_a_year = DriftThresholds.for_oversights_per_year(6)
    assert six_a_year.oversight_interval_days == 60
    inputs = replace(CALM, next_check_on=None, last_oversight_on=AS_OF - timedelta(days=61))
    assert "oversight_overdue" in codes(inputs, six_a_year)
    assert "oversight_overdue" not in codes(inputs)


def test_flags_come_in_the_order_of_the_rules_table() -> None:
    everything = DriftInputs(
        as_of=AS_OF,
        care_started_on=date(2020, 1, 1),
        next_review_due=AS_OF - timedelta(days=3),
        overdue_recommendations=1,
        last_review_on=date(2026, 1, 1),
        last_review_care_plan_received=False,
        reviews_held_this_period=3,
        permanence_plan_agreed=False,
        has_social_worker=False,
        social_worker_episodes_started=4,
        first_social_worker_episode_on=date(2020, 1, 1),
        placement_moves=3,
    )
    assert codes(everything) == list(RULES)


dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    as_of=dates,
    due=st.none() | dates,
    recs=st.integers(0, 5),
    moves=st.integers(0, 6),
    started=st.integers(0, 6),
    first=st.none() | dates,
    held=st.integers(0, 10),
    agreed=st.booleans(),
    last_oversight=st.none() | dates,
    next_check=st.none() | dates,
)
def test_every_flag_is_one_known_rule_with_one_sentence(
    as_of: date,
    due: date | None,
    recs: int,
    moves: int,
    started: int,
    first: date | None,
    held: int,
    agreed: bool,
    last_oversight: date | None,
    next_check: date | None,
) -> None:
    inputs = DriftInputs(
        as_of=as_of,
        next_review_due=due,
        overdue_recommendations=recs,
        placement_moves=moves,
        social_worker_episodes_started=started,
        first_social_worker_episode_on=first,
        reviews_held_this_period=held,
        permanence_plan_agreed=agreed,
        last_oversight_on=last_oversight,
        next_check_on=next_check,
    )
    flags = drift_flags(inputs)
    assert len({f.code for f in flags}) == len(flags)
    for flag in flags:
        assert flag.code in RULES
        assert flag.sentence.endswith(".") and flag.sentence.count(". ") == 0
    assert drift_flags(replace(inputs, in_care=False)) == []

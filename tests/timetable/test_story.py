"""The date-story rule (issue 27, build 2): plain values, no database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro.timetable.story import (
    Story,
    StoryDate,
    When,
    care_start_problem,
    date_problem,
    date_problems,
)

TODAY = date(2026, 6, 10)
STORY = Story(born=date(2023, 3, 4), care_began=date(2024, 1, 15))


@pytest.mark.parametrize(
    ("value", "when", "message"),
    [
        (
            date(2005, 1, 1),
            When.HAPPENED,
            "Date of review must be after the child's date of birth, 4 March 2023",
        ),
        (
            date(2023, 6, 1),
            When.HAPPENED,
            "Date of review must be after the date care started, 15 January 2024",
        ),
        (date(2030, 1, 1), When.HAPPENED, "Date of review must be today or in the past"),
        (date(2025, 12, 16), When.ARRANGED, "Date of review must be today or in the future"),
        (TODAY, When.HAPPENED, None),
        (TODAY, When.ARRANGED, None),
        (date(2030, 1, 1), When.EITHER, None),
        (date(2024, 1, 15), When.EITHER, None),
    ],
)
def test_a_date_is_checked_against_the_childs_story(
    value: date, when: When, message: str | None
) -> None:
    item = StoryDate("held_on", "Date of review", value, when)
    assert date_problem(item, STORY, TODAY) == message


def test_a_date_not_before_another_names_it() -> None:
    item = StoryDate(
        "new_date",
        "New date of review",
        TODAY,
        When.ARRANGED,
        TODAY + timedelta(1),
        "the date of the meeting",
    )
    assert date_problem(item, STORY, TODAY) == (
        "New date of review must be the same as or after the date of the meeting, 11 June 2026"
    )


def test_each_field_gets_its_first_problem_only() -> None:
    problems = date_problems(
        [
            StoryDate("a", "Date A", date(2000, 1, 1), When.HAPPENED),
            StoryDate("a", "Date A", date(2030, 1, 1), When.HAPPENED),
            StoryDate("b", "Date B", None, When.HAPPENED),
        ],
        STORY,
        TODAY,
    )
    assert problems == {"a": "Date A must be after the child's date of birth, 4 March 2023"}


@pytest.mark.parametrize(
    ("born", "began", "message"),
    [
        (
            date(1900, 1, 1),
            date(2026, 6, 1),
            "Date care started must be before the child's 18th birthday, 1 January 1918",
        ),
        (
            date(2023, 3, 4),
            date(2023, 3, 3),
            "Date care started must be after the child's date of birth, 4 March 2023",
        ),
        (date(2023, 3, 4), date(2023, 3, 4), None),
        (date(2008, 2, 29), date(2026, 2, 28), None),
        (
            date(2008, 2, 29),
            date(2026, 3, 1),
            "Date care started must be before the child's 18th birthday, 1 March 2026",
        ),
    ],
)
def test_care_starts_between_birth_and_the_18th_birthday(
    born: date, began: date, message: str | None
) -> None:
    assert care_start_problem(born, began) == message


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)))
def test_nothing_before_birth_or_care_is_ever_accepted(value: date) -> None:
    problem = date_problem(StoryDate("d", "Date", value, When.EITHER), STORY, TODAY)
    assert (problem is None) == (value >= STORY.care_began)  # type: ignore[operator]

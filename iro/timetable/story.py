"""Dates checked against the child's story: the one rule every form, service and import uses.

Nothing about a child happens before their birth; nothing in a period of care before the period
began; an event that has happened is not dated in the future; an event being arranged is not
dated in the past. Each problem reads in the Design System's words, naming the date it is
checked against: "Date of review must be after the child's date of birth, 4 March 2023".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

# A child comes into care before their 18th birthday.
LEAVING_AGE = 18


class When(Enum):
    HAPPENED = "happened"  # today or in the past: a review held, a response received
    ARRANGED = "arranged"  # today or in the future: a meeting convened or moved
    EITHER = "either"  # a due date, a deadline: only the child's story limits it


@dataclass(frozen=True)
class Story:
    """What a date about a child is checked against."""

    born: dt.date | None
    care_began: dt.date | None = None  # the period of care the event belongs to


@dataclass(frozen=True)
class StoryDate:
    field: str  # the form field the problem is shown beside
    name: str  # the words that start its message: "Date of review"
    value: dt.date | None
    when: When = When.EITHER
    # Another date it must not be before, and the words naming that date.
    not_before: dt.date | None = None
    not_before_name: str = ""


def govuk(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def date_problem(item: StoryDate, story: Story, today: dt.date) -> str | None:
    """The first thing wrong with one date, or None."""
    value = item.value
    if value is None:
        return None
    if item.when is When.HAPPENED and value > today:
        return f"{item.name} must be today or in the past"
    if item.when is When.ARRANGED and value < today:
        return f"{item.name} must be today or in the future"
    if story.born is not None and value < story.born:
        return f"{item.name} must be after the child's date of birth, {govuk(story.born)}"
    if story.care_began is not None and value < story.care_began:
        return f"{item.name} must be after the date care started, {govuk(story.care_began)}"
    if item.not_before is not None and value < item.not_before:
        return (
            f"{item.name} must be the same as or after {item.not_before_name}, "
            f"{govuk(item.not_before)}"
        )
    return None


def date_problems(items: list[StoryDate], story: Story, today: dt.date) -> dict[str, str]:
    """Each field's first problem, for the fields that have one."""
    problems: dict[str, str] = {}
    for item in items:
        problem = date_problem(item, story, today)
        if problem and item.field not in problems:
            problems[item.field] = problem
    return problems


def care_start_problem(born: dt.date, care_began: dt.date) -> str | None:
    """A period of care begins on or after the child's birth and before their 18th birthday."""
    if care_began < born:
        return f"Date care started must be after the child's date of birth, {govuk(born)}"
    try:
        adult = born.replace(year=born.year + LEAVING_AGE)
    except ValueError:  # born on 29 February
        adult = dt.date(born.year + LEAVING_AGE, 3, 1)
    if care_began >= adult:
        return f"Date care started must be before the child's 18th birthday, {govuk(adult)}"
    return None

"""The child protection conference timetable (Working Together to Safeguard Children 2023,
chapter 2; shared/domain.md section 9), in plain Python.

- The initial conference (ICPC) is due within 15 working days of the strategy discussion at
  which section 47 enquiries were started (the strategy discussion is day 0).
- The first review conference (RCPC) is due within 3 months of the initial conference.
- Each later review conference is due within 6 months of the previous conference.

Working days come from the same `WorkingDayCalendar` and months from the same `add_months` as the
review timetable (31 January + 3 months = 30 April), so a bank holiday or closure day the
administrator adds moves these dates too. A conference held on its due date is in time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from iro.timetable.calendar import WorkingDayCalendar, add_months
from iro.timetable.dates import format_date

__all__ = [
    "DEFAULT_CONFERENCE_TIMESCALES",
    "ConferenceTimescales",
    "NextConference",
    "PlanTimetable",
    "initial_conference_due",
    "long_plan_from",
    "next_review_conference",
    "plan_timetable",
    "review_conference_due",
]


@dataclass(frozen=True)
class ConferenceTimescales:
    """The statutory timescales (Working Together 2023); a value so tests and councils can vary
    them without the rules reading settings."""

    initial_conference_working_days: int = 15
    first_review_months: int = 3
    later_review_months: int = 6
    # A plan lasting this long is counted (the DfE's "plans lasting 2 years or more").
    long_plan_months: int = 24


DEFAULT_CONFERENCE_TIMESCALES = ConferenceTimescales()


def _months(n: int) -> str:
    return f"{n} month" if n == 1 else f"{n} months"


def initial_conference_due(
    strategy_discussion: date,
    *,
    calendar: WorkingDayCalendar,
    timescales: ConferenceTimescales = DEFAULT_CONFERENCE_TIMESCALES,
) -> date:
    """The ICPC: the 15th working day after the strategy discussion that started section 47
    enquiries (the last one, when there were several: pass that one)."""
    return calendar.add_working_days(
        strategy_discussion, timescales.initial_conference_working_days
    )


def review_conference_due(
    number: int,
    previous_held: date,
    *,
    timescales: ConferenceTimescales = DEFAULT_CONFERENCE_TIMESCALES,
) -> date:
    """Review conference ``number`` (1 for the first): 3 months after the initial conference,
    then 6 months after the previous conference, counted from the dates they were held."""
    if number < 1:
        raise ValueError(f"Review conferences are numbered from 1, not {number}")
    months = timescales.first_review_months if number == 1 else timescales.later_review_months
    return add_months(previous_held, months)


def long_plan_from(
    plan_start: date, *, timescales: ConferenceTimescales = DEFAULT_CONFERENCE_TIMESCALES
) -> date:
    """The day a plan that is still running has lasted 2 years."""
    return add_months(plan_start, timescales.long_plan_months)


@dataclass(frozen=True)
class NextConference:
    number: int | None  # the review conference's number; None when the plan has ended
    due: date | None
    basis: str


def next_review_conference(
    *,
    plan_start: date,
    reviews_held: Sequence[date],
    plan_end: date | None = None,
    timescales: ConferenceTimescales = DEFAULT_CONFERENCE_TIMESCALES,
) -> NextConference:
    """The next review conference of a plan from the initial conference (the plan's start) and
    the review conferences held so far; none once the plan has ended."""
    if plan_end is not None:
        return NextConference(None, None, "Plan ended")
    held = sorted(reviews_held)
    number = len(held) + 1
    previous = held[-1] if held else plan_start
    due = review_conference_due(number, previous, timescales=timescales)
    if number == 1:
        months = _months(timescales.first_review_months)
        basis = f"{months} after the initial conference on {format_date(plan_start)}"
    else:
        months = _months(timescales.later_review_months)
        basis = f"{months} after review conference {number - 1} on {format_date(previous)}"
    return NextConference(number, due, basis)


@dataclass(frozen=True)
class PlanTimetable:
    """What is stored on a plan and its review conferences."""

    review_due_dates: tuple[date, ...]  # each held review conference's due date, in held order
    next: NextConference
    long_plan_from: date


def plan_timetable(
    *,
    plan_start: date,
    reviews_held: Sequence[date],
    plan_end: date | None = None,
    timescales: ConferenceTimescales = DEFAULT_CONFERENCE_TIMESCALES,
) -> PlanTimetable:
    held = sorted(reviews_held)
    dues = []
    previous = plan_start
    for index, held_on in enumerate(held, start=1):
        dues.append(review_conference_due(index, previous, timescales=timescales))
        previous = held_on
    return PlanTimetable(
        review_due_dates=tuple(dues),
        next=next_review_conference(
            plan_start=plan_start, reviews_held=held, plan_end=plan_end, timescales=timescales
        ),
        long_plan_from=long_plan_from(plan_start, timescales=timescales),
    )

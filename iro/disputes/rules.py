"""Dispute deadlines (domain.md section 5) as plain functions on plain values — no Django.

The stages and their working-day deadlines are a council's data (`DisputeStage` rows); these
functions take them as `StageRule` values so the rules are tested without a database.

- A stage's response is due the Nth working day after the stage starts (day 0), unless the IRO
  sets an earlier date; a formal stage never runs past the formal dispute's overall deadline.
- A formal dispute should end within 20 working days of being raised formally, and an unresolved
  one has a dispute meeting by working day 15.
- A response due on day D is in time on D and overdue from the next day.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from iro.timetable.calendar import WorkingDayCalendar
from iro.timetable.dates import format_date

__all__ = [
    "REFERENCE_PATTERN",
    "DisputeFlags",
    "FormalTimescales",
    "StageRule",
    "dispute_flags",
    "dispute_reference",
    "formal_meeting_due",
    "formal_process_due",
    "iro_deadline_problem",
    "is_overdue",
    "later_stages",
    "next_reference",
    "next_stage",
    "resolved_in_timescale",
    "stage_response_due",
    "working_days_taken",
]


@dataclass(frozen=True)
class StageRule:
    key: str
    name: str
    order: int
    is_formal: bool
    response_working_days: int


@dataclass(frozen=True)
class FormalTimescales:
    """The whole formal process's deadline and the day by which a meeting is held."""

    total_working_days: int = 20
    meeting_by_working_day: int = 15


# A dispute's reference: DR, the year it was raised, its number that year. Unlike a child's ID
# (a council's own letters and digits) it cannot be mistaken for one.
REFERENCE_PATTERN = re.compile(r"^DR-(\d{4})-(\d{4,})$")


def dispute_reference(year: int, number: int) -> str:
    return f"DR-{year}-{number:04d}"


def next_reference(year: int, references_that_year: Sequence[str]) -> str:
    """The next reference for a dispute raised in `year`, after those already given."""
    numbers = [
        int(match.group(2))
        for reference in references_that_year
        if (match := REFERENCE_PATTERN.match(reference)) and int(match.group(1)) == year
    ]
    return dispute_reference(year, max(numbers, default=0) + 1)


def formal_process_due(
    formal_raised_on: date, calendar: WorkingDayCalendar, timescales: FormalTimescales
) -> date:
    return calendar.add_working_days(formal_raised_on, timescales.total_working_days)


def formal_meeting_due(
    formal_raised_on: date, calendar: WorkingDayCalendar, timescales: FormalTimescales
) -> date:
    return calendar.add_working_days(formal_raised_on, timescales.meeting_by_working_day)


def stage_response_due(
    stage: StageRule,
    started_on: date,
    calendar: WorkingDayCalendar,
    *,
    iro_deadline: date | None = None,
    formal_due: date | None = None,
) -> date:
    """When the responder must answer at this stage.

    The stage's working days from its start; an earlier date the IRO sets wins; a formal stage
    never runs past the formal process's overall deadline (`formal_due`). For the informal stage
    the IRO's date is used as given (the IRO sets that deadline, default 5 working days).
    """
    default = calendar.add_working_days(started_on, stage.response_working_days)
    due = default
    if iro_deadline is not None:
        due = iro_deadline if not stage.is_formal else min(iro_deadline, default)
    if stage.is_formal and formal_due is not None:
        due = min(due, max(formal_due, started_on))
    return due


def iro_deadline_problem(
    stage: StageRule,
    started_on: date,
    deadline: date,
    calendar: WorkingDayCalendar,
    *,
    informal_limit_working_days: int = FormalTimescales.total_working_days,
) -> str | None:
    """Why a deadline the IRO sets is not allowed, or None when it is.

    The deadline must be after the stage starts; at a formal stage it may be shorter than the
    council's timescale but not longer. At the informal stage the IRO may give longer than the
    default, but no longer than a whole formal process would take (20 working days unless the
    council sets otherwise): a dispute left informal past that has drifted.
    """
    if deadline <= started_on:
        return "Response deadline must be after the date the stage starts"
    limit = stage.response_working_days if stage.is_formal else informal_limit_working_days
    latest = calendar.add_working_days(started_on, limit)
    if deadline > latest:
        return (
            f"Response deadline must be no later than {format_date(latest)} ({limit} working days)"
        )
    return None


def is_overdue(due: date | None, as_of: date) -> bool:
    return due is not None and as_of > due


def working_days_taken(start: date, end: date, calendar: WorkingDayCalendar) -> int:
    """Working days from `start` (day 0) to `end`; 0 when `end` is not after `start`."""
    return max(calendar.working_days_between(start, end), 0)


def resolved_in_timescale(
    formal_raised_on: date,
    resolved_on: date,
    calendar: WorkingDayCalendar,
    timescales: FormalTimescales,
) -> bool:
    return resolved_on <= formal_process_due(formal_raised_on, calendar, timescales)


def later_stages(stages: Sequence[StageRule], current_key: str) -> list[StageRule]:
    """Stages an IRO may escalate to from `current_key` (any later one: stages may be skipped)."""
    ordered = sorted(stages, key=lambda s: s.order)
    current = next((s for s in ordered if s.key == current_key), None)
    if current is None:
        return [s for s in ordered if s.is_formal]
    return [s for s in ordered if s.order > current.order and s.is_formal]


def next_stage(stages: Sequence[StageRule], current_key: str) -> StageRule | None:
    """The stage one step up the ladder, or None at the top (then only Cafcass remains)."""
    options = later_stages(stages, current_key)
    return options[0] if options else None


@dataclass(frozen=True)
class DisputeFlags:
    response_overdue: bool
    formal_overdue: bool
    meeting_due: bool

    @property
    def any(self) -> bool:
        return self.response_overdue or self.formal_overdue or self.meeting_due


def dispute_flags(
    *,
    is_open: bool,
    response_due: date | None,
    responded: bool,
    formal_due: date | None,
    meeting_due: date | None,
    meeting_held: bool,
    as_of: date,
) -> DisputeFlags:
    """What needs attention on an open dispute today."""
    if not is_open:
        return DisputeFlags(False, False, False)
    return DisputeFlags(
        response_overdue=not responded and is_overdue(response_due, as_of),
        formal_overdue=is_overdue(formal_due, as_of),
        meeting_due=meeting_due is not None and not meeting_held and as_of >= meeting_due,
    )


NO_CHANGE = "no_change"


def outcome_problems(
    *, outcome_code: str, reason: str, follow_up_on: date | None, resolved_on: date
) -> dict[str, str]:
    """What is missing from a challenge's coded outcome when it closes (issue 21 item 2): what
    changed, why when nothing did, and a follow-up date no earlier than the day it closed."""
    problems: dict[str, str] = {}
    if not outcome_code:
        problems["outcome_code"] = "Select what changed for the child"
    elif outcome_code == NO_CHANGE and not reason.strip():
        problems["outcome_reason"] = "Enter why nothing changed"
    if follow_up_on is None:
        problems["follow_up_on"] = "Enter the date to follow up"
    elif follow_up_on < resolved_on:
        problems["follow_up_on"] = "Follow up date must be the same as or after today"
    return problems

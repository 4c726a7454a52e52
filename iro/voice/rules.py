"""Pure rules for the child's voice and the service's feedback (no Django imports).

- Which consultation methods count towards `consultation_before_review` (domain.md section 7):
  the IRO met or offered to meet the child, so "declined" counts and "not possible" does not.
- Children under 4 at the review are not expected to be consulted (903 PN0).
- The council's complaint stages and their working-day response deadlines, as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from iro.timetable.arithmetic import financial_year as reporting_year
from iro.timetable.arithmetic import financial_year_containing
from iro.timetable.calendar import WorkingDayCalendar
from iro.timetable.reviews import DeadlineStatus, deadline_status

__all__ = [
    "COMPLAINT_STAGES",
    "CONSULTATION_METHODS",
    "CONSULTATION_MIN_AGE",
    "ComplaintStageRule",
    "ConsultationMethodRule",
    "age_on",
    "complaint_deadline_status",
    "complaint_response_due",
    "consultation_expected",
    "counting_methods",
    "financial_year",
    "next_complaint_stage",
    "waiting_days",
]

# The 903 records PN0 for every review of a child under 4: no consultation is expected.
CONSULTATION_MIN_AGE = 4


@dataclass(frozen=True)
class ConsultationMethodRule:
    code: str
    label: str
    counts: bool  # counts as "met or offered to meet" in consultation_before_review
    needs_reason: bool = False


CONSULTATION_METHODS: tuple[ConsultationMethodRule, ...] = (
    ConsultationMethodRule("in_person", "Met in person", True),
    ConsultationMethodRule("virtual", "Met virtually (video call)", True),
    ConsultationMethodRule("phone", "By phone", True),
    ConsultationMethodRule("via_carer_or_advocate", "Through their carer or advocate", True),
    ConsultationMethodRule("declined", "Offered, but the child declined", True),
    ConsultationMethodRule("not_possible", "Not possible", False, needs_reason=True),
)


def counting_methods() -> tuple[str, ...]:
    return tuple(m.code for m in CONSULTATION_METHODS if m.counts)


def age_on(date_of_birth: date, on: date) -> int:
    return (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )


def consultation_expected(date_of_birth: date, review_date: date) -> bool:
    """A consultation is expected before the review of a child aged 4 or over on the review day."""
    return age_on(date_of_birth, review_date) >= CONSULTATION_MIN_AGE


@dataclass(frozen=True)
class ComplaintStageRule:
    number: int
    name: str
    responder: str
    working_days: int


# The council's complaint stages: each response is due N working days after the stage starts.
COMPLAINT_STAGES: dict[int, ComplaintStageRule] = {
    1: ComplaintStageRule(1, "Stage 1: local resolution", "IRO service manager", 10),
    2: ComplaintStageRule(2, "Stage 2: investigation", "Independent investigating officer", 20),
}


def complaint_response_due(stage: int, started_on: date, *, calendar: WorkingDayCalendar) -> date:
    """The stage's response is due the Nth working day after it started (day 0)."""
    rule = COMPLAINT_STAGES[stage]
    return calendar.add_working_days(started_on, rule.working_days)


def next_complaint_stage(stage: int) -> int | None:
    later = sorted(n for n in COMPLAINT_STAGES if n > stage)
    return later[0] if later else None


def complaint_deadline_status(
    due: date, as_of: date, responded_on: date | None, *, calendar: WorkingDayCalendar
) -> DeadlineStatus:
    return deadline_status(due, as_of, responded_on, calendar=calendar, soon_working_days=3)


def financial_year(containing: date) -> tuple[date, date]:
    """The council's reporting year (1 April to 31 March) that contains the date."""
    year = reporting_year(financial_year_containing(containing))
    return year.date_from, year.date_to


def waiting_days(start: date, end: date) -> int:
    """Calendar days waited from a referral to its acceptance or match (or to today)."""
    return max((end - start).days, 0)

"""The oversight standard (pure, no Django): at least N oversights between two reviews and at
least M in a year, both from the council's settings.

A standard is judged pro rata while its interval is still running, so a child whose review was
last week is not 'below standard' for having no oversight yet: between reviews the expected
count grows with the time elapsed since the last review towards the next due date; in the year
it grows with the days looked after in the last 12 months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class StandardStatus(StrEnum):
    MET = "met"
    ON_TRACK = "on_track"
    BELOW = "below"


STATUS_LABELS = {
    StandardStatus.MET: "Standard met",
    StandardStatus.ON_TRACK: "On track",
    StandardStatus.BELOW: "Below standard",
}


@dataclass(frozen=True)
class OversightStandard:
    between_count: int
    between_required: int
    between_expected: int
    year_count: int
    year_required: int
    year_expected: int

    @property
    def between_status(self) -> StandardStatus:
        return _status(self.between_count, self.between_expected, self.between_required)

    @property
    def year_status(self) -> StandardStatus:
        return _status(self.year_count, self.year_expected, self.year_required)

    @property
    def status(self) -> StandardStatus:
        statuses = {self.between_status, self.year_status}
        for worst in (StandardStatus.BELOW, StandardStatus.ON_TRACK):
            if worst in statuses:
                return worst
        return StandardStatus.MET

    @property
    def below(self) -> bool:
        return self.status is StandardStatus.BELOW

    @property
    def sentence(self) -> str:
        # "5 oversights since the last review (2 needed, 1 by now)", never "5 of 2": a count
        # can pass what the standard asks for.
        between = (
            f"{_oversights(self.between_count)} since the last review "
            f"({self.between_required} needed, {self.between_expected} by now)"
            if self.between_required
            else f"{_oversights(self.between_count)} since coming into care (no review held yet)"
        )
        return (
            f"{between}; {_oversights(self.year_count)} in the last 12 months "
            f"({self.year_required} needed, {self.year_expected} by now)."
        )

    @property
    def between_text(self) -> str:
        return (
            f"{self.between_count} ({self.between_required} needed, {self.between_expected} by now)"
        )

    @property
    def year_text(self) -> str:
        return f"{self.year_count} ({self.year_required} needed, {self.year_expected} by now)"


def _oversights(count: int) -> str:
    return f"{count} oversight" if count == 1 else f"{count} oversights"


def _status(count: int, expected: int, required: int) -> StandardStatus:
    if count >= required:
        return StandardStatus.MET
    if count >= expected:
        return StandardStatus.ON_TRACK
    return StandardStatus.BELOW


def expected_so_far(required: int, elapsed_days: int, interval_days: int) -> int:
    """Oversights expected after `elapsed_days` of an interval (whole oversights, rounded down);
    all of them once the interval is over."""
    if interval_days <= 0 or elapsed_days >= interval_days:
        return required
    return (required * max(elapsed_days, 0)) // interval_days


def oversight_standard(
    *,
    as_of: date,
    interval_start: date,
    next_review_due: date | None,
    between_count: int,
    care_started_on: date | None,
    year_count: int,
    between_required: int = 2,
    year_required: int = 4,
    review_held: bool = True,
) -> OversightStandard:
    """`interval_start` is the last review (or the start of care before the first review);
    `care_started_on` None means in care since before the data (a full year counts). Before the
    first review there is no 'between reviews' yet, so only the yearly standard applies."""
    if not review_held:
        between_required = 0
    between_interval = (next_review_due - interval_start).days if next_review_due else 183
    between_expected = expected_so_far(
        between_required, (as_of - interval_start).days, between_interval
    )
    in_care_days = 365 if care_started_on is None else (as_of - care_started_on).days
    year_expected = expected_so_far(year_required, min(in_care_days, 365), 365)
    return OversightStandard(
        between_count=between_count,
        between_required=between_required,
        between_expected=between_expected,
        year_count=year_count,
        year_required=year_required,
        year_expected=year_expected,
    )

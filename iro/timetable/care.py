"""Facts about a child and a period of care on a day (pure, no Django).

Each rule is written once here; the SQL forms beside the models (`iro.children.selectors`)
say the same thing to the database.
"""

from __future__ import annotations

from datetime import date

__all__ = [
    "CONSULTATION_MIN_AGE",
    "age_on",
    "collection_year",
    "collection_year_bounds",
    "in_care_on",
    "participation_code_problem",
    "within_period",
]


def in_care_on(day: date, *, start: date | None, end: date | None) -> bool:
    """Whether a period of care counts as "looked after on ``day``" in the DfE's meaning.

    A child is looked after on day d when the period started on or before d and had not ended by
    d. The 903 date an episode ceased (DEC) is the day the child stops being looked after, so a
    period ending on d is not in care on d: the DfE's "children looked after at 31 March" leaves
    out every child whose DEC is 31 March, and counts them among those who "ceased to be looked
    after during the year" instead (DfE, "Children looked after by local authorities in England:
    guide to the SSDA903 collection", definitions of DECOM, DEC and "looked after at 31 March";
    "Children looked after in England including adoptions", methodology).

    ``start`` None means the period began before the data starts, so it had begun by any day
    the data covers.
    """
    return (start is None or start <= day) and (end is None or end > day)


def within_period(day: date, *, start: date | None, end: date | None) -> bool:
    """Whether ``day`` falls within a period's dates, both ends included: the period a review
    (or any event of the period) belongs to. A review held on the day a child leaves care belongs
    to that period, although the child is not looked after on that day (`in_care_on`); the 903
    accepts a review dated on or before the day the episode ceased."""
    return (start is None or start <= day) and (end is None or day <= end)


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on a date (a birthday on 29 February counts from 1 March)."""
    return (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )


def collection_year(day: date) -> int:
    """The 903 collection (and council reporting) year holding ``day``, by the year it starts:
    2023 is 1 April 2023 to 31 March 2024 ("2023-24")."""
    return day.year if day.month >= 4 else day.year - 1


def collection_year_bounds(year: int) -> tuple[date, date]:
    """The first and last day of collection year ``year`` (1 April to 31 March)."""
    return date(year, 4, 1), date(year + 1, 3, 31)


# The 903 records PN0 for every review of a child under 4: no consultation is expected.
CONSULTATION_MIN_AGE = 4


def participation_code_problem(code: str, age_at_review: int) -> str | None:
    """The 903 participation rule: PN0 for a child under 4 at the review, and only then;
    PN1 to PN7 from 4. None when the code fits (or none is given)."""
    if not code:
        return None
    if code == "PN0" and age_at_review >= CONSULTATION_MIN_AGE:
        return "Participation code PN0 is only for children under 4 at the review"
    if code != "PN0" and age_at_review < CONSULTATION_MIN_AGE:
        return "Participation code must be PN0 for a child under 4 at the review"
    return None

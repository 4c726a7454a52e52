"""The per-child measures of each collection year, stored (see `iro.core.facts`).

`year_facts_refresh` is the one writer of `ChildYearFacts`. It does not judge anything itself:
it runs the measures' own live queries (the oversight standard's children in care, the children
reviewed, the children in care all year) for each collection year, restricted to the children
being refreshed, and stores what they answer, so the rule stays written once, in the query. The
years are the same for every child: from the collection year of the service's earliest record to
the year under way on ``as_of`` (to date), so a year's rows are either all there or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Min, Q

from iro.children.models import PeriodOfCare
from iro.core.bulk import chunks, update_rows
from iro.core.prepared import aggregated, id_list, in_id_list, keyed_rows, when_given
from iro.reviews.models import Review
from iro.timetable.care import collection_year, collection_year_bounds

from .arithmetic import ReportingPeriod
from .domain_measures import _children_in_care
from .measures import Scope
from .models import ChildYearFacts
from .report_measures import _children_reviewed, _in_care_all_period

ORDER = 30  # reads none of the other apps' facts
_BATCH = 2000
SERVICE = Scope()
VALUE_FIELDS = [
    "window_to",
    "in_care_in_period",
    "days_looked_after",
    "oversights_in_period",
    "reviews_in_period",
    "in_care_all_period",
    "iros_in_period",
]


def refresh_facts(child_ids: list[int] | None, *, as_of: date) -> int:
    return year_facts_refresh(child_ids, as_of=as_of)


def first_year() -> int | None:
    """The collection year of the service's earliest period of care or held review (None: no
    records), the first in which the live queries can find a child. Every year from it has rows
    once written: a period that started before the data is in care in every year."""
    # Compiled once (`keyed_rows`): the writer asks this for every change to a child.
    [periods] = keyed_rows(
        ("year_facts", "first periods"),
        lambda: aggregated(
            PeriodOfCare.objects.all(), start=Min("start_date"), end=Min("end_date")
        ),
    )
    [held] = keyed_rows(
        ("year_facts", "first review"),
        lambda: aggregated(Review.objects.filter(status=Review.Status.HELD), day=Min("held_on")),
    )
    days = [day for day in (periods["start"], held["day"]) if day is not None]
    if not days and periods["end"] is not None:  # only periods from before the data
        days = [periods["end"]]
    return collection_year(min(days)) if days else None


def year_windows(as_of: date) -> list[ReportingPeriod]:
    """Each collection year from the service's first to the one under way on ``as_of``, the
    last to date."""
    first = first_year()
    if first is None:
        return []
    windows = []
    for year in range(first, collection_year(as_of) + 1):
        start, end = collection_year_bounds(year)
        windows.append(ReportingPeriod(start, min(end, as_of)))
    return windows


def year_facts_refresh(child_ids: list[int] | None = None, *, as_of: date) -> int:
    """Recompute the stored year facts of these children (all when None) as on ``as_of``;
    returns how many rows were written or removed."""
    windows = year_windows(as_of)
    [stored] = keyed_rows(
        ("year_facts", "first stored"),
        lambda: aggregated(ChildYearFacts.objects.all(), first=Min("year_start")),
    )
    stored_first = stored["first"]
    if (
        child_ids is not None
        and windows
        and (stored_first is None or windows[0].date_from < stored_first)
    ):
        # Every child, not only these: nothing is stored yet (a database from before these
        # facts, whose figures stay live until then), or an earlier year arrived (an older 903
        # return), in which a child untouched by it can still be in care (a period that started
        # before the data). Rows of some children only would read as the whole year.
        child_ids = None
    changed = _delete_other_years(child_ids, windows)
    if child_ids is None:
        return changed + _refresh(None, windows)
    for chunk in chunks(child_ids, _BATCH):
        changed += _refresh(chunk, _from_first_record(chunk, windows))
    return changed


def _delete_other_years(child_ids: list[int] | None, windows: list[ReportingPeriod]) -> int:
    """Remove these children's rows (every child's when None) of years outside the windows,
    which run without a gap from the first year: a year before the data's first (records
    removed) or after the year under way (the clock put back). Looked for with one statement
    compiled once; deleted only when found, which is rare."""

    def outside(**given: Any) -> Any:
        rows = when_given(ChildYearFacts.objects.all(), "child_id", given)
        if "first" in given:
            rows = rows.filter(Q(year_start__lt=given["first"]) | Q(year_start__gt=given["last"]))
        return rows.values_list("pk", flat=True)

    given: dict[str, Any] = {}
    if windows:
        given.update(first=windows[0].date_from, last=windows[-1].date_from)
    if child_ids is not None:
        given["ids"] = id_list(child_ids)
    found = keyed_rows(("year_facts", "other years"), outside, **given)
    deleted = 0
    for batch in chunks(found, _BATCH):
        deleted += ChildYearFacts.objects.filter(pk__in=batch).delete()[0]
    return deleted


def _from_first_record(
    child_ids: list[int], windows: list[ReportingPeriod]
) -> list[ReportingPeriod]:
    """The windows from the year of these children's earliest period of care or review: before
    it the live queries find nothing of theirs (their rows there, if any, go). A period that
    started before the data reaches back to the first year."""
    ids = id_list(child_ids)
    [periods] = keyed_rows(
        ("year_facts", "children's first periods"),
        lambda **given: aggregated(
            PeriodOfCare.objects.filter(in_id_list("child_id", given["ids"])),
            undated=Count("pk", filter=Q(start_date__isnull=True)),
            first=Min("start_date"),
        ),
        ids=ids,
    )
    if periods["undated"]:
        return windows
    [held] = keyed_rows(
        ("year_facts", "children's first review"),
        lambda **given: aggregated(
            Review.objects.filter(in_id_list("child_id", given["ids"]), status=Review.Status.HELD),
            first=Min("held_on"),
        ),
        ids=ids,
    )
    days = [d for d in (periods["first"], held["first"]) if d]
    if not days:
        return []
    return [window for window in windows if window.date_to >= min(days)]


# The three live queries and the columns each answers, as (name, builder, columns).
_QUERIES = (
    ("in_care", _children_in_care, ("pk", "days_looked_after", "oversights_in_period")),
    ("reviewed", _children_reviewed, ("pk", "reviews_in_period")),
    ("whole", _in_care_all_period, ("pk", "iros_in_period")),
)


def _query_rows(
    name: str, build: Any, columns: tuple[str, ...], window: ReportingPeriod, ids: str | None
) -> list[tuple[Any, ...]]:
    """One live query's rows for one window, restricted to the ids (an `id_list`) when given.
    Compiled once per window and process (the writer runs for every change to a child: building
    and compiling the three queries was most of its cost); the key is the window, which is all
    the queries are built from."""

    def restricted(**given: str) -> Any:
        return when_given(build(window, SERVICE), "pk", given).order_by().values_list(*columns)

    key = ("year_facts", name, window.date_from, window.date_to)
    return keyed_rows(key, restricted, **({} if ids is None else {"ids": ids}))


def _answers(window: ReportingPeriod, child_ids: list[int] | None) -> dict[int, dict[str, Any]]:
    """Each child's answers to the three live queries for one window."""
    rows: dict[int, dict[str, Any]] = {}
    ids = None if child_ids is None else id_list(child_ids)

    def row(child_id: int) -> dict[str, Any]:
        return rows.setdefault(
            child_id,
            {
                "window_to": window.date_to,
                "in_care_in_period": False,
                "days_looked_after": None,
                "oversights_in_period": 0,
                "reviews_in_period": 0,
                "in_care_all_period": False,
                "iros_in_period": 0,
            },
        )

    answered = {name: _query_rows(name, b, c, window, ids) for name, b, c in _QUERIES}
    for child_id, days, oversights in answered["in_care"]:
        row(child_id).update(
            in_care_in_period=True,
            days_looked_after=days if days is not None else timedelta(0),
            oversights_in_period=oversights or 0,
        )
    for child_id, reviews in answered["reviewed"]:
        row(child_id)["reviews_in_period"] = reviews
    for child_id, iros in answered["whole"]:
        row(child_id).update(in_care_all_period=True, iros_in_period=iros or 0)
    return rows


def _refresh(child_ids: list[int] | None, windows: Iterable[ReportingPeriod]) -> int:
    def stored(**given: str) -> Any:
        rows = when_given(ChildYearFacts.objects.all(), "child_id", given)
        return rows.only("id", "child_id", "year_start", *VALUE_FIELDS)

    ids = {} if child_ids is None else {"ids": id_list(child_ids)}
    held: dict[tuple[int, date], ChildYearFacts] = {
        (f.child_id, f.year_start): f for f in keyed_rows(("year_facts", "stored"), stored, **ids)
    }
    changed = 0
    for window in windows:
        new, updated = [], []
        answers = _answers(window, child_ids)
        for child_id, values in answers.items():
            current = held.pop((child_id, window.date_from), None)
            if current is None:
                new.append(ChildYearFacts(child_id=child_id, year_start=window.date_from, **values))
            elif any(getattr(current, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(current, name, value)
                updated.append(current)
        ChildYearFacts.objects.bulk_create(new, batch_size=_BATCH)
        update_rows(ChildYearFacts, updated, VALUE_FIELDS)
        changed += len(new) + len(updated)
    # Rows of a child no longer in any of the sets for their year.
    for batch in chunks([f.pk for f in held.values()], _BATCH):
        changed += ChildYearFacts.objects.filter(pk__in=batch).delete()[0]
    return changed

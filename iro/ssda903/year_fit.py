"""Before any row is checked: do the files fit the collection year chosen for them?

A 903 return uploaded under the wrong year fails row by row ("M is not a code for SEX" a
thousand times). This looks at a sample of the rows first: the collection year the review and
episode-end dates fall in, and the year whose code lists the codes fit. When both point away from
the chosen year, the import is refused with one message naming the year the files seem to be.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from itertools import islice

from .checking import codelists_for, known_years, parse_date, year_window
from .reading import Source, Unreadable, csv_rows, year_label
from .tables import recognise

SAMPLE_ROWS = 2_000
# Share of the dated rows that must fall in one other year, and of the codes that must fit it.
CLEAR_SHARE = 0.8
DATED_COLUMNS = ("REVIEW", "DEC")
CODED_COLUMNS = ("SEX", "ETHNIC", "RNE", "LS", "CIN", "PLACE", "REC", "REVIEW_CODE")


def collection_year_of(day: date) -> int:
    """The collection year (1 April to 31 March) a date falls in, by its first year."""
    return day.year if day.month >= 4 else day.year - 1


def _sample(sources: list[Source]) -> tuple[Counter[int], dict[str, Counter[str]]]:
    dated: Counter[int] = Counter()
    codes: dict[str, Counter[str]] = {}
    for source in sources:
        try:
            with source.open() as raw:
                rows = csv_rows(raw)
                header = next(rows, None)
                if not header:
                    continue
                table, _missing, _unexpected = recognise(header)
                if table is None:
                    continue
                columns = [c.strip().upper() for c in header]
                for row in islice(rows, SAMPLE_ROWS):
                    for column, value in zip(columns, row, strict=False):
                        value = value.strip()
                        if not value:
                            continue
                        if column in DATED_COLUMNS and (day := parse_date(value)):
                            dated[collection_year_of(day)] += 1
                        elif column in CODED_COLUMNS:
                            codes.setdefault(column, Counter())[value] += 1
        except (Unreadable, OSError):
            continue  # the row checks report an unreadable file
    return dated, codes


def _code_fit(codes: dict[str, Counter[str]], year: int) -> float:
    lists = codelists_for(year)
    if lists is None:
        return 0.0
    total = fitting = 0
    for column, counts in codes.items():
        allowed = lists.codes.get(column)
        if allowed is None:
            continue
        total += sum(counts.values())
        fitting += sum(n for code, n in counts.items() if code in allowed)
    return fitting / total if total else 1.0


def year_seems(sources: list[Source], chosen: int) -> int | None:
    """The other collection year the files seem to be, or None when they fit the chosen one."""
    dated, codes = _sample(sources)
    fits = {year: _code_fit(codes, year) for year in known_years()}
    dates_say = None
    if dated:
        year, count = dated.most_common(1)[0]
        if count / sum(dated.values()) >= CLEAR_SHARE:
            dates_say = year
    if dates_say is not None and dates_say != chosen:
        # The dates say another year; the codes must not fit the chosen year better.
        if fits.get(dates_say, 0.0) >= fits.get(chosen, 0.0):
            return dates_say
        return None
    if dates_say is None and fits.get(chosen, 1.0) < CLEAR_SHARE:
        best = max(fits, key=lambda y: (fits[y], -abs(y - chosen)))
        if fits[best] >= CLEAR_SHARE:
            return best
    return None


def year_problem(sources: list[Source]) -> str | None:
    """One message when an upload for a single chosen year looks like another year's return."""
    chosen = {source.year for source in sources}
    if len(chosen) != 1 or None in chosen:
        return None  # files from several year folders, or no year: the row checks speak
    (year,) = chosen
    assert year is not None
    seems = year_seems(sources, year)
    if seems is None:
        return None
    start, end = year_window(seems)
    return (
        f"These files look like the {year_label(seems)} return, not {year_label(year)}: their "
        f"dates and codes fit {year_label(seems)} (1 April {start.year} to 31 March "
        f"{end.year}). Choose {year_label(seems)} as the collection year, or upload the "
        f"{year_label(year)} files"
    )

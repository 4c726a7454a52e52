"""Reading and checking 903 files before anything is written (shared/domain.md §6).

`check_sources` streams every file once, recognises its table by the header row, checks each
row (columns, dates, codes, duplicates, the child in that year's header, dates of birth that
agree) and keeps only the rows the product stores, as small tuples. Errors block the import;
warnings are reported and the data is loaded. No Django imports: the database-side checks (a
child's whole episode history across years) happen in `loading.py`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from iro.timetable.care import collection_year_bounds
from iro.timetable.story import Story, StoryDate, When, date_problem

from .dfe_rules import check_year_rules
from .reading import Source, Unreadable, csv_rows, year_label
from .tables import TABLE_ORDER, TABLES, Table, recognise

ERROR_CAP = 1000
WARNINGS_KEPT = 5000
CODELIST_DIR = Path(__file__).resolve().parent / "codelists"

COLUMN_LABELS = {
    "CHILD": "child ID",
    "SEX": "sex",
    "DOB": "date of birth",
    "ETHNIC": "ethnicity",
    "RNE": "reason for new episode",
    "LS": "legal status",
    "CIN": "category of need",
    "PLACE": "placement type",
    "PLACE_PROVIDER": "placement provider",
    "REC": "reason episode ceased",
    "REASON_PLACE_CHANGE": "reason for placement change",
    "REVIEW_CODE": "participation code",
    "MISSING": "missing or away",
    "DECOM": "episode start date",
    "DEC": "episode end date",
    "REVIEW": "review date",
}


@dataclass(frozen=True)
class Issue:
    severity: str  # "error" or "warning"
    file: str
    row: int | None
    column: str
    value: str
    problem: str
    rule: str = ""  # the DfE validation rule code, when the check is one of the DfE's


class TooManyErrors(Exception):
    pass


@dataclass
class Report:
    """Errors and warnings, in the order found. Checking stops at `ERROR_CAP` errors."""

    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    warning_count: int = 0
    stopped: bool = False
    warnings_kept: int = WARNINGS_KEPT
    # Warnings per DfE rule code (all of them, also those beyond `warnings_kept`).
    rule_counts: dict[str, int] = field(default_factory=dict)

    def error(
        self, file: str, row: int | None, column: str, value: str, problem: str, rule: str = ""
    ) -> None:
        if rule:
            problem = f"DfE rule {rule}: {problem}"
        self.errors.append(Issue("error", file, row, column, value[:100], problem, rule))
        if len(self.errors) >= ERROR_CAP:
            self.stopped = True
            raise TooManyErrors

    def warning(
        self, file: str, row: int | None, column: str, value: str, problem: str, rule: str = ""
    ) -> None:
        self.warning_count += 1
        if rule:
            problem = f"DfE rule {rule}: {problem}"
            self.rule_counts[rule] = self.rule_counts.get(rule, 0) + 1
        if len(self.warnings) < self.warnings_kept:
            self.warnings.append(Issue("warning", file, row, column, value[:100], problem, rule))

    def record(
        self,
        severity: str,
        file: str,
        row: int | None,
        column: str,
        value: str,
        problem: str,
        rule: str = "",
    ) -> None:
        if severity == "error":
            self.error(file, row, column, value, problem, rule)
        else:
            self.warning(file, row, column, value, problem, rule)

    def stop_message(self) -> str:
        return (
            f"Checking stopped after {ERROR_CAP:,} errors. Fix these and import the files again"
            " to see any further problems."
        )

    def rows(self) -> list[Issue]:
        return self.errors + self.warnings


@dataclass(frozen=True)
class CodeLists:
    year: int
    codes: dict[str, frozenset[str]]
    withdrawn: dict[str, dict[str, date]]
    # DfE rule code -> its settings for the year ({"severity": "error"|"warning", ...}).
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Sex codes meaning male and female in the year (1/2 up to 2023-24, M/F from 2024-25).
    male: str = "1"
    female: str = "2"


@lru_cache(maxsize=32)
def codelists_for(year: int) -> CodeLists | None:
    """The year's code lists (iro/ssda903/codelists/<2023-24>.json), or None if there are none."""
    path = CODELIST_DIR / f"{year_label(year)}.json"
    if not path.exists():
        return None
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    withdrawn = {
        column: {code: date.fromisoformat(on) for code, on in codes.items()}
        for column, codes in raw.get("withdrawn", {}).items()
    }
    codes = {
        column: frozenset(values)
        for column, values in raw.items()
        if isinstance(values, list) and not column.startswith("_")
    }
    sexes = codes.get("SEX", frozenset())
    return CodeLists(
        year=year,
        codes=codes,
        withdrawn=withdrawn,
        rules=raw.get("rules", {}),
        male="M" if "M" in sexes else "1",
        female="F" if "F" in sexes else "2",
    )


def known_years() -> list[int]:
    return sorted(int(p.stem[:4]) for p in CODELIST_DIR.glob("*.json") if p.stem[:4].isdigit())


@lru_cache(maxsize=65536)
def parse_date(text: str) -> date | None:
    """DD/MM/YYYY (a one-digit day or month is accepted); None if not a real date."""
    parts = text.split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
        return None
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None


def _partial_date_ok(text: str) -> bool:
    parts = text.split("/")
    if len(parts) == 3 and parts[0].lower() == "zz":
        return parse_date(f"01/{parts[1]}/{parts[2]}") is not None
    return parse_date(text) is not None


def year_window(year: int) -> tuple[date, date]:
    return collection_year_bounds(year)


# --- What checking keeps ---------------------------------------------------------------------


@dataclass(slots=True)
class HeaderRow:
    dob: date
    sex: str
    ethnic: str
    upn: str
    file: str
    row: int
    mother: str = ""
    mc_dob: str = ""
    mc_born: date | None = None


@dataclass(slots=True)
class EpisodeRow:
    decom: date
    rne: str
    ls: str
    cin: str
    place: str
    provider: str
    dec: date | None
    rec: str
    reason_place_change: str
    home_post: str
    pl_post: str
    urn: str
    year: int | None
    file: str = ""
    row: int | None = None
    pk: int | None = None
    period_pk: int | None = None

    def values(self) -> tuple[Any, ...]:
        return (
            self.rne,
            self.ls,
            self.cin,
            self.place,
            self.provider,
            self.dec,
            self.rec,
            self.reason_place_change,
            self.home_post,
            self.pl_post,
            self.urn,
        )


@dataclass(slots=True)
class ReviewRow:
    held_on: date
    code: str
    file: str
    row: int
    dob: date | None = None


@dataclass(slots=True)
class SocialWorkerRow:
    sw_id: str
    start: date
    end: date | None
    reason: str


@dataclass
class YearData:
    """One collection year's stored tables, keyed by CHILD."""

    year: int
    files: dict[str, str] = field(default_factory=dict)  # table -> file name
    header: dict[str, HeaderRow] = field(default_factory=dict)
    episodes: dict[str, dict[date, EpisodeRow]] = field(default_factory=dict)
    reviews: dict[str, dict[date, ReviewRow]] = field(default_factory=dict)
    social_workers: dict[str, dict[tuple[date, str], SocialWorkerRow]] = field(default_factory=dict)
    row_counts: dict[str, int] = field(default_factory=dict)
    # The year's return as imported, for the stored tables: table -> CHILD -> CSV lines (the
    # table's columns in order, values trimmed), kept so the export gives back that year's return.
    lines: dict[str, dict[str, list[str]]] = field(default_factory=dict)


@dataclass
class CheckResult:
    years: dict[int, YearData]
    report: Report
    files: list[dict[str, Any]]

    @property
    def ok(self) -> bool:
        return not self.report.errors


Progress = Callable[[str, int], None]


def _no_progress(stage: str, rows: int) -> None:
    return None


# --- Checking --------------------------------------------------------------------------------


def check_sources(
    sources: list[Source],
    *,
    progress: Progress = _no_progress,
    total_rows_hint: int = 0,
    warnings_kept: int = WARNINGS_KEPT,
    today: date | None = None,
) -> CheckResult:
    """Read and check every file. Never touches the database. `today` (default: the date
    today) is what dates of events that have happened must not be after."""
    report = Report(warnings_kept=warnings_kept)
    today = today or date.today()
    years: dict[int, YearData] = {}
    files: list[dict[str, Any]] = []
    try:
        plan = _plan(sources, report, files)
        for year in sorted(plan):
            data = years.setdefault(year, YearData(year))
            for table_name in TABLE_ORDER:
                source = plan[year].get(table_name)
                if source is None:
                    continue
                _check_file(source, TABLES[table_name], data, report, progress, files, today)
            _check_year(data, years.get(year - 1), report)
    except TooManyErrors:
        pass
    return CheckResult(years=years, report=report, files=files)


def _file_entry(files: list[dict[str, Any]], source: Source) -> dict[str, Any]:
    for entry in files:
        if entry["name"] == source.name:
            return entry
    entry = {"name": source.name, "sha256": source.sha256, "size": source.size}
    files.append(entry)
    return entry


def _plan(
    sources: list[Source], report: Report, files: list[dict[str, Any]]
) -> dict[int, dict[str, Source]]:
    """Recognise each file's table from its header row and group the files by year."""
    plan: dict[int, dict[str, Source]] = {}
    if not sources:
        report.error("", None, "", "", "Choose at least one 903 CSV file to import")
    for source in sources:
        entry = _file_entry(files, source)
        try:
            with source.open() as raw:
                first = next(csv_rows(raw), None)
        except Unreadable as problem:
            report.error(source.name, problem.line, "", "", problem.message)
            continue
        except OSError as problem:
            report.error(source.name, None, "", "", f"The file cannot be opened ({problem})")
            continue
        if first is None or not any(cell.strip() for cell in first):
            report.error(source.name, None, "", "", "The file is empty")
            continue
        table, missing, unexpected = recognise(first)
        if table is None:
            shown = ", ".join(c for c in first[:8] if c.strip())
            report.error(
                source.name,
                1,
                "",
                shown,
                "This is not a 903 table: its header row does not match the header, "
                "episodes, reviews, UASC, OC2, OC3, AD1, placed for adoption, previous "
                "permanence, missing or social worker episodes tables",
            )
            continue
        entry["table"] = table.name
        for column in missing:
            report.error(
                source.name,
                1,
                column,
                "",
                f"The {table.label.lower()} table must have a column called {column}",
            )
        for column in unexpected:
            report.warning(
                source.name,
                1,
                column,
                "",
                f"Column {column} is not part of the {table.label.lower()} table and was ignored",
            )
        if missing:
            continue
        if source.year is None:
            report.error(
                source.name,
                None,
                "",
                "",
                "Cannot tell which collection year this file is for: put it in a folder named "
                "like 2023-24 or choose the year",
            )
            continue
        entry["year"] = year_label(source.year)
        if codelists_for(source.year) is None:
            known = ", ".join(year_label(y) for y in known_years())
            report.error(
                source.name,
                None,
                "",
                year_label(source.year),
                f"There are no 903 code lists for {year_label(source.year)} (known: {known})",
            )
            continue
        if table.since_year and source.year < table.since_year:
            report.warning(
                source.name,
                None,
                "",
                "",
                f"The {table.label.lower()} table starts in {year_label(table.since_year)}",
            )
        tables = plan.setdefault(source.year, {})
        if table.name in tables:
            report.error(
                source.name,
                None,
                "",
                "",
                f"Two {table.label.lower()} files for {year_label(source.year)}: "
                f"{tables[table.name].name} and this one. Import one of them",
            )
            continue
        tables[table.name] = source
    return plan


def _check_file(
    source: Source,
    table: Table,
    data: YearData,
    report: Report,
    progress: Progress,
    files: list[dict[str, Any]],
    today: date,
) -> None:
    name = source.name
    year = data.year
    lists = codelists_for(year)
    assert lists is not None  # checked in _plan
    data.files[table.name] = name
    start, end = year_window(year)
    rows = 0
    progress(f"Reading {year_label(year)} {table.label.lower()} ({name})", 0)
    try:
        with source.open() as raw:
            reader = csv_rows(raw)
            columns = [c.strip().upper() for c in next(reader)]
            width = len(columns)
            index = {c: i for i, c in enumerate(columns)}
            coded = [(c, index[c], lists.codes[c]) for c in table.columns if c in lists.codes]
            dated = [(c, index[c]) for c in table.columns if c in table.dates]
            partial = [(c, index[c]) for c in table.columns if c in table.partial_dates]
            required = [(c, index[c]) for c in table.columns if c in table.required]
            child_i = index["CHILD"]
            dob_i = index.get("DOB")
            positions = [index[c] for c in table.columns]
            lines = data.lines.setdefault(table.name, {}) if table.stored else None
            # Key -> hash of the row: enough to tell "the same row again" from "different
            # details" without keeping every row of the file.
            seen: dict[tuple[str, ...], int] = {}
            for number, raw_row in enumerate(reader, start=2):
                if not any(cell.strip() for cell in raw_row):
                    continue
                rows += 1
                if rows % 5000 == 0:
                    progress("", 5000)
                if len(raw_row) != width:
                    report.error(
                        name,
                        number,
                        "",
                        ",".join(raw_row)[:100],
                        f"This row has {len(raw_row)} values but the header row has {width}"
                        " columns",
                    )
                    continue
                row = [cell.strip() for cell in raw_row]
                if not _row_ok(row, name, number, table, required, dated, partial, coded, report):
                    continue
                child = row[child_i]
                if len(child) > 10:
                    report.error(
                        name, number, "CHILD", child, "A child ID must be 10 characters or fewer"
                    )
                    continue
                if lines is not None:
                    lines.setdefault(child, []).append(return_line([row[i] for i in positions]))
                if table.key:
                    key = tuple(row[index[c]] for c in table.key)
                    before = seen.get(key)
                    if before is not None:
                        if before == hash(tuple(row)):
                            report.warning(
                                name, number, "", "", "The same row appears twice: loaded once"
                            )
                        elif table.clash_is_warning:
                            report.warning(
                                name,
                                number,
                                ",".join(table.key),
                                " ".join(key),
                                "Another row has the same "
                                + " and ".join(table.key)
                                + " with different details. Both stay in the"
                                f" {year_label(year)} return and its export; IRO Oversight"
                                " records one review a day, with the first row's details",
                            )
                        else:
                            report.error(
                                name,
                                number,
                                ",".join(table.key),
                                " ".join(key),
                                "Another row has the same "
                                + " and ".join(table.key)
                                + " with different details",
                            )
                        continue
                    seen[key] = hash(tuple(row))
                header = data.header.get(child)
                if table.name != "header" and dob_i is not None and header is not None:
                    dob = parse_date(row[dob_i])
                    if dob is not None and dob != header.dob:
                        report.error(
                            name,
                            number,
                            "DOB",
                            row[dob_i],
                            f"Date of birth differs from the header file's "
                            f"({header.dob:%d/%m/%Y}) for child {child}",
                            rule="INT17" if table.name == "reviews" else "",
                        )
                        continue
                if table.name != "header" and header is None and "header" in data.files:
                    if table.name in {"episodes", "reviews"}:
                        report.error(
                            name,
                            number,
                            "CHILD",
                            child,
                            f"Child {child} is not in the {year_label(year)} header file",
                            rule="INT03" if table.name == "episodes" else "INT08",
                        )
                        continue
                    report.warning(
                        name,
                        number,
                        "CHILD",
                        child,
                        f"Child {child} is not in the {year_label(year)} header file",
                    )
                _keep(table, row, index, child, data, name, number, year, lists, start, end, report)
                if table.stored:
                    _story_checks(
                        table, row, index, data.header.get(child), name, number, today, report
                    )
    except Unreadable as problem:
        report.error(name, problem.line, "", "", problem.message)
    except OSError as problem:
        report.error(name, None, "", "", f"The file cannot be read ({problem})")
    progress("", rows % 5000)
    data.row_counts[table.name] = rows
    _file_entry(files, source)["rows"] = rows
    if rows == 0:
        report.warning(name, None, "", "", f"The {table.label.lower()} file has no rows")


def _row_ok(
    row: list[str],
    name: str,
    number: int,
    table: Table,
    required: list[tuple[str, int]],
    dated: list[tuple[str, int]],
    partial: list[tuple[str, int]],
    coded: list[tuple[str, int, frozenset[str]]],
    report: Report,
) -> bool:
    ok = True
    for column, i in required:
        if not row[i]:
            label = COLUMN_LABELS.get(column, column)
            report.error(name, number, column, "", f"{column} ({label}) must not be blank")
            ok = False
    for column, i in dated:
        value = row[i]
        if value and parse_date(value) is None:
            report.error(
                name,
                number,
                column,
                value,
                "Not a real date: dates must be written DD/MM/YYYY, for example 27/03/2025",
                rule=table.rules.get(column, ""),
            )
            ok = False
    for column, i in partial:
        value = row[i]
        if value and not _partial_date_ok(value):
            report.error(
                name,
                number,
                column,
                value,
                "Not a real date: write DD/MM/YYYY (the day may be zz)",
            )
            ok = False
    for column, i, allowed in coded:
        value = row[i]
        if value and value not in allowed:
            label = COLUMN_LABELS.get(column, column)
            report.error(
                name,
                number,
                column,
                value,
                f"{value} is not a code for {column} ({label}) in this collection year",
                rule=table.rules.get(column, ""),
            )
            # The row is still kept for the checks of the whole year (the import is blocked
            # anyway), so a wrong code does not also show up as a gap between episodes.
    return ok


def _keep(
    table: Table,
    row: list[str],
    index: dict[str, int],
    child: str,
    data: YearData,
    name: str,
    number: int,
    year: int,
    lists: CodeLists,
    start: date,
    end: date,
    report: Report,
) -> None:
    if table.name == "header":
        dob = parse_date(row[index["DOB"]])
        assert dob is not None  # required and checked
        data.header[child] = HeaderRow(
            dob=dob,
            sex=row[index["SEX"]],
            ethnic=row[index["ETHNIC"]][:4],
            upn=row[index["UPN"]][:13],
            file=name,
            row=number,
            mother=row[index["MOTHER"]],
            mc_dob=row[index["MC_DOB"]],
            mc_born=parse_date(row[index["MC_DOB"]]) if row[index["MC_DOB"]] else None,
        )
    elif table.name == "episodes":
        decom = parse_date(row[index["DECOM"]])
        assert decom is not None
        dec_text, rec = row[index["DEC"]], row[index["REC"]]
        dec = parse_date(dec_text) if dec_text else None
        if dec is not None and not rec:
            report.error(
                name,
                number,
                "REC",
                "",
                "REC must be given when the episode has an end date (DEC)",
                rule="148",
            )
            return
        if rec and dec is None:
            report.error(
                name,
                number,
                "DEC",
                "",
                "DEC must be given when the episode has a reason it ceased (REC)",
                rule="148",
            )
            return
        if dec is not None and dec < decom:
            report.error(
                name,
                number,
                "DEC",
                dec_text,
                "The episode ends (DEC) before it starts (DECOM)",
                rule="356",
            )
            return
        if decom > end or (dec is not None and dec < start):
            report.warning(
                name,
                number,
                "DECOM",
                row[index["DECOM"]],
                f"This episode is not open at any time in {year_label(year)}",
            )
        place = row[index["PLACE"]]
        gone = lists.withdrawn.get("PLACE", {}).get(place)
        if gone is not None and decom >= gone:
            report.warning(
                name,
                number,
                "PLACE",
                place,
                f"Placement type {place} cannot start an episode on or after {gone:%d/%m/%Y}",
            )
        data.episodes.setdefault(child, {})[decom] = EpisodeRow(
            decom=decom,
            rne=row[index["RNE"]],
            ls=row[index["LS"]],
            cin=row[index["CIN"]],
            place=place,
            provider=row[index["PLACE_PROVIDER"]][:4],
            dec=dec,
            rec=rec,
            reason_place_change=row[index["REASON_PLACE_CHANGE"]][:6],
            home_post=row[index["HOME_POST"]][:8],
            pl_post=row[index["PL_POST"]][:8],
            urn=row[index["URN"]][:10],
            year=year,
            file=name,
            row=number,
        )
    elif table.name == "reviews":
        held = parse_date(row[index["REVIEW"]])
        assert held is not None
        if not start <= held <= end:
            report.warning(
                name,
                number,
                "REVIEW",
                row[index["REVIEW"]],
                f"This review is outside the collection year {year_label(year)}",
            )
        header = data.header.get(child)
        code = row[index["REVIEW_CODE"]]
        dob = header.dob if header is not None else parse_date(row[index["DOB"]])
        data.reviews.setdefault(child, {})[held] = ReviewRow(held, code, name, number, dob)
    elif table.name == "sw_episodes":
        start_on = parse_date(row[index["SW_DECOM"]])
        assert start_on is not None
        end_text = row[index["SW_DEC"]]
        end_on = parse_date(end_text) if end_text else None
        if end_on is not None and end_on < start_on:
            report.error(
                name, number, "SW_DEC", end_text, "The social worker episode ends before it starts"
            )
            return
        sw_id = row[index["SW_ID"]][:20]
        data.social_workers.setdefault(child, {})[(start_on, sw_id)] = SocialWorkerRow(
            sw_id=sw_id, start=start_on, end=end_on, reason=row[index["SW_REASON"]][:10]
        )


# The dates of each stored table checked against the child's story (iro.timetable.story): each
# happened, so none is in the future, and none is before the child was born. An episode's start
# before the birth is the DfE's rule 302, checked with the same rule on the year's first episode.
_STORY_DATES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    # table: (column, the words naming it, checked against the date of birth)
    "header": (("DOB", "Date of birth", False), ("MC_DOB", "Date of birth of her child", False)),
    "episodes": (("DECOM", "Date episode started", False), ("DEC", "Date episode ceased", True)),
    "reviews": (("REVIEW", "Date of review", True),),
    "sw_episodes": (
        ("SW_DECOM", "Date social worker episode started", True),
        ("SW_DEC", "Date social worker episode ended", True),
    ),
}


def _story_checks(
    table: Table,
    row: list[str],
    index: dict[str, int],
    header: HeaderRow | None,
    name: str,
    number: int,
    today: date,
    report: Report,
) -> None:
    born = header.dob if header is not None else None
    for column, words, from_birth in _STORY_DATES.get(table.name, ()):
        i = index.get(column)
        text = row[i] if i is not None else ""
        value = parse_date(text) if text else None
        if value is None:
            continue
        story = _story(born if from_birth else None)
        problem = date_problem(_story_date(column, words, value), story, today)
        if problem:
            report.error(name, number, column, text, problem)


@lru_cache(maxsize=65536)
def _story(born: date | None) -> Story:
    return Story(born=born)


@lru_cache(maxsize=65536)
def _story_date(column: str, words: str, value: date) -> StoryDate:
    return StoryDate(column, words, value, When.HAPPENED)


def return_line(values: list[str]) -> str:
    """One row of a return as a CSV line (quoted only where a value needs it)."""
    if any(("," in v or '"' in v or "\n" in v or "\r" in v) for v in values):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(values)
        return buffer.getvalue()
    return ",".join(values)


def _check_year(data: YearData, previous: YearData | None, report: Report) -> None:
    label = year_label(data.year)
    lists = codelists_for(data.year)
    assert lists is not None
    check_year_rules(data, previous, lists, report)
    for table in ("episodes", "reviews"):
        if table in data.files and "header" not in data.files:
            report.error(
                data.files[table],
                None,
                "",
                "",
                f"{label} has a {table} file but no header file: the header says who each child is",
            )
    if "episodes" in data.files:
        for child, header in data.header.items():
            if child not in data.episodes:
                report.warning(
                    header.file,
                    header.row,
                    "CHILD",
                    child,
                    f"Child {child} is in the header but has no episodes in {label}",
                )
    if data.episodes:
        start, end = year_window(data.year)
        in_year = any(
            ep.decom <= end and (ep.dec is None or ep.dec >= start)
            for episodes in data.episodes.values()
            for ep in episodes.values()
        )
        if not in_year:
            report.error(
                data.files.get("episodes", ""),
                None,
                "",
                "",
                f"No episode is open at any time in {label}: check the collection year",
            )

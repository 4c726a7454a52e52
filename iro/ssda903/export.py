"""Writing a collection year back out as 903 CSVs (header, episodes, reviews, and social worker
episodes when the year had them).

A year that was imported is written back as that year's return: every column of every row of
the stored tables, as that year's files had them (iro.ssda903.models.YearReturn) — values a later
year brought stay in the later year's export — followed by the reviews recorded in IRO Oversight
in the year for those children. Re-importing the files changes nothing.

A year never imported (the register was built another way) is written from the register: an
episode that ended after the year is written as still open on 31 March, as the 903 return for
that year would have it, SEX is written with the year's codes (1/2 up to 2023-24, M/F/U from
2024-25), and MOTHER and MC_DOB are blank (the register does not hold them).
"""

from __future__ import annotations

import csv
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db.models import Q

from iro.children.models import Child, Episode
from iro.reviews.models import Review

from .checking import codelists_for, year_window
from .models import YearReturn
from .reading import year_label
from .tables import TABLES

_SEX_OLD = {"M": "1", "F": "2"}
_SEX_NEW = {"1": "M", "2": "F"}


@dataclass
class ExportResult:
    folder: Path
    rows: dict[str, int]
    reviews_without_code: int


def _d(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _sex(code: str, year: int) -> str:
    lists = codelists_for(year)
    allowed = lists.codes.get("SEX", frozenset()) if lists else frozenset()
    if code in allowed:
        return code
    return (_SEX_OLD if "1" in allowed else _SEX_NEW).get(code, code)


def export_year(year: int, out_dir: Path, *, write: bool = True) -> ExportResult:
    """Write OUTDIR/<2023-24>/header.csv, episodes.csv and reviews.csv for the year."""
    if YearReturn.objects.filter(year=year).exists():
        return _export_return(year, out_dir, write=write)
    return _export_register(year, out_dir, write=write)


def _export_return(year: int, out_dir: Path, *, write: bool) -> ExportResult:
    """The year's return as imported, with reviews recorded in IRO Oversight added."""
    start, end = year_window(year)
    folder = out_dir / year_label(year)
    returns = YearReturn.objects.filter(year=year).order_by("seq", "la_child_id")
    has_sw = returns.exclude(sw_episodes="").exists()
    tables = ["header", "episodes", "reviews", *(["sw_episodes"] if has_sw else [])]
    rows = dict.fromkeys(tables, 0)
    missing_code = 0
    # Reviews recorded in the product (not from a 903 file), by child and day.
    recorded: dict[str, list[tuple[date, str, date]]] = {}
    for la, held_on, code, dob in (
        Review.objects.filter(status=Review.Status.HELD, held_on__gte=start, held_on__lte=end)
        .exclude(source=Review.Source.SSDA903)
        .filter(child__la_child_id__in=returns.values("la_child_id"))
        .order_by("child__la_child_id", "held_on")
        .values_list("child__la_child_id", "held_on", "participation_code", "child__date_of_birth")
    ):
        recorded.setdefault(la, []).append((held_on, code, dob))
    if write:
        folder.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        files = {t: stack.enter_context(_open(folder / f"{t}.csv", write)) for t in tables}
        for table in tables:
            files[table].write(",".join(TABLES[table].columns) + "\n")
        for record in returns.iterator(chunk_size=2000):
            for table in tables:
                text: str = getattr(record, table)
                if text:
                    files[table].write(text + "\n")
                    rows[table] += text.count("\n") + 1
            extra = recorded.get(record.la_child_id)
            if not extra:
                continue
            days = {line.split(",")[2] for line in record.reviews.split("\n") if line}
            for held_on, code, dob in extra:
                if _d(held_on) in days:
                    continue  # the year's file already has a review that day
                if not code:
                    missing_code += 1  # the 903 needs a code for every review
                    continue
                files["reviews"].write(f"{record.la_child_id},{_d(dob)},{_d(held_on)},{code}\n")
                rows["reviews"] += 1
    return ExportResult(folder=folder, rows=rows, reviews_without_code=missing_code)


def _export_register(year: int, out_dir: Path, *, write: bool) -> ExportResult:
    start, end = year_window(year)
    folder = out_dir / year_label(year)
    episodes = (
        Episode.objects.filter(start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("child")
        .order_by("child__la_child_id", "start_date")
    )
    # Children with an episode open in the year, and those whose details came from its header.
    child_ids = sorted(
        set(episodes.values_list("child_id", flat=True))
        | set(Child.objects.filter(ssda903_year=year).values_list("pk", flat=True))
    )
    children = Child.objects.filter(pk__in=child_ids).order_by("la_child_id")
    reviews = (
        Review.objects.filter(
            child_id__in=child_ids,
            status=Review.Status.HELD,
            held_on__gte=start,
            held_on__lte=end,
        )
        .select_related("child")
        .order_by("child__la_child_id", "held_on")
    )
    rows = {"header": 0, "episodes": 0, "reviews": 0}
    missing_code = 0
    if write:
        folder.mkdir(parents=True, exist_ok=True)
    header_path, episodes_path, reviews_path = (
        folder / "header.csv",
        folder / "episodes.csv",
        folder / "reviews.csv",
    )
    with (
        _open(header_path, write) as header_file,
        _open(episodes_path, write) as episodes_file,
        _open(reviews_path, write) as reviews_file,
    ):
        header = csv.writer(header_file, lineterminator="\n")
        header.writerow(TABLES["header"].columns)
        for child in children.iterator(chunk_size=2000):
            header.writerow(
                [
                    child.la_child_id,
                    _sex(child.sex, year),
                    _d(child.date_of_birth),
                    child.ethnicity,
                    child.upn,
                    "",
                    "",
                ]
            )
            rows["header"] += 1
        out = csv.writer(episodes_file, lineterminator="\n")
        out.writerow(TABLES["episodes"].columns)
        for ep in episodes.iterator(chunk_size=2000):
            ended_in_year = ep.end_date is not None and ep.end_date <= end
            out.writerow(
                [
                    ep.child.la_child_id,
                    _d(ep.start_date),
                    ep.reason_new,
                    ep.legal_status,
                    ep.category_of_need,
                    ep.placement,
                    ep.placement_provider,
                    _d(ep.end_date) if ended_in_year else "",
                    ep.reason_ended if ended_in_year else "",
                    ep.reason_place_change,
                    ep.home_postcode,
                    ep.placement_postcode,
                    ep.urn,
                ]
            )
            rows["episodes"] += 1
        out = csv.writer(reviews_file, lineterminator="\n")
        out.writerow(TABLES["reviews"].columns)
        for review in reviews.iterator(chunk_size=2000):
            if not review.participation_code:
                missing_code += 1  # the 903 needs a code for every review
                continue
            out.writerow(
                [
                    review.child.la_child_id,
                    _d(review.child.date_of_birth),
                    _d(review.held_on),
                    review.participation_code,
                ]
            )
            rows["reviews"] += 1
    return ExportResult(folder=folder, rows=rows, reviews_without_code=missing_code)


class _Discard:
    def write(self, text: str) -> int:
        return len(text)

    def __enter__(self) -> _Discard:
        return self

    def __exit__(self, *args: object) -> None:
        return None


def _open(path: Path, write: bool) -> _Discard:
    if not write:
        return _Discard()
    return path.open("w", encoding="utf-8", newline="")  # type: ignore[return-value]

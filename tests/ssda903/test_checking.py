"""Bad input: each case gives a clear report and leaves the database as it was."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from iro.ssda903.checking import ERROR_CAP, parse_date
from iro.ssda903.reading import path_sources, year_from_text
from iro.ssda903.services import ssda903_import
from iro.ssda903.tables import recognise
from tests.ssda903.builders import EPISODES, HEADER, REVIEWS, YEAR_2023, database_state, episode

pytestmark = pytest.mark.django_db


def lines(*rows: str, newline: str = "\n") -> bytes:
    return (newline.join(rows) + newline).encode()


def files_with(**replaced: bytes) -> dict[str, bytes]:
    files = {name: lines(*rows) for name, rows in YEAR_2023.items()}
    for name, content in replaced.items():
        files[name.replace("__", ".")] = content
    return files


GOOD_EPISODES = YEAR_2023["episodes.csv"][1:]
GOOD_REVIEWS = YEAR_2023["reviews.csv"][1:]

BAD_INPUT = {
    "missing column": (
        files_with(episodes__csv=lines(EPISODES.replace(",PLACE,", ","), "1001,10/05/2023,S")),
        "The episodes table must have a column called PLACE",
    ),
    "file of an unknown table": (
        files_with(other__csv=lines("NAME,ADDRESS", "Sam,1 High Street")),
        "This is not a 903 table",
    ),
    "empty file": (files_with(reviews__csv=b""), "The file is empty"),
    "non-UTF-8 bytes": (
        files_with(header__csv=lines(HEADER) + b"1001,1,01/01/2012,WBRI,\xff\xfe,,\n"),
        "is not UTF-8 text",
    ),
    "impossible date": (
        files_with(reviews__csv=lines(REVIEWS, *GOOD_REVIEWS, "1001,01/01/2012,31/02/2022,PN1")),
        "Not a real date",
    ),
    "date in the wrong format": (
        files_with(reviews__csv=lines(REVIEWS, "1001,01/01/2012,2023-06-01,PN1")),
        "Not a real date",
    ),
    "code not in the year's list": (
        files_with(
            episodes__csv=lines(
                EPISODES, *GOOD_EPISODES[1:], episode("1001", "10/05/2023", "S", place="ZZ")
            )
        ),
        "ZZ is not a code for PLACE",
    ),
    "sex code of another year": (
        files_with(header__csv=lines(HEADER, "1001,M,01/01/2012,WBRI,,,")),
        "M is not a code for SEX",
    ),
    "duplicate rows with different content": (
        files_with(
            episodes__csv=lines(
                EPISODES, *GOOD_EPISODES, episode("1001", "10/05/2023", "S", ls="V2")
            )
        ),
        "Another row has the same CHILD and DECOM with different details",
    ),
    "episodes overlapping": (
        files_with(
            episodes__csv=lines(
                EPISODES,
                *GOOD_EPISODES,
                episode("1003", "01/06/2023", "S", "01/07/2023", "E4A"),
            )
        ),
        "overlaps the one from 01/04/2023",
    ),
    "gap inside a period of care": (
        files_with(
            episodes__csv=lines(
                EPISODES,
                episode("1001", "10/05/2023", "S"),
                episode("1002", "01/02/2021", "P", "01/09/2023", "X1"),
                episode("1002", "05/09/2023", "T"),
                episode("1003", "01/04/2023", "S", "30/06/2023", "E4A"),
            )
        ),
        "gap inside a period of care",
    ),
    "review outside every episode": (
        files_with(reviews__csv=lines(REVIEWS, *GOOD_REVIEWS, "1003,01/06/2021,01/09/2023,PN0")),
        "is not during any of their episodes of care",
    ),
    "child missing from the header": (
        files_with(reviews__csv=lines(REVIEWS, *GOOD_REVIEWS, "9999,01/01/2012,01/06/2023,PN1")),
        "Child 9999 is not in the 2023-24 header file",
    ),
    "date of birth differing between tables": (
        files_with(reviews__csv=lines(REVIEWS, "1001,02/01/2012,01/06/2023,PN1")),
        "Date of birth differs from the header file's (01/01/2012)",
    ),
    "row with too few values": (
        files_with(reviews__csv=lines(REVIEWS, "1001,01/01/2012")),
        "This row has 2 values but the header row has 4 columns",
    ),
    "blank required value": (
        files_with(reviews__csv=lines(REVIEWS, "1001,01/01/2012,,PN1")),
        "REVIEW (review date) must not be blank",
    ),
    "episode ending before it starts": (
        files_with(
            episodes__csv=lines(
                EPISODES,
                *GOOD_EPISODES[:3],
                episode("1003", "01/04/2023", "S", "01/03/2023", "E4A"),
            )
        ),
        "The episode ends (DEC) before it starts (DECOM)",
    ),
    "damaged gzip file": (
        files_with(episodes__csv=b"", episodes__csv__gz=gzip.compress(lines(EPISODES))[:20]),
        "cannot be unpacked",
    ),
    "a line of garbage longer than 1 MB": (
        files_with(reviews__csv=lines(REVIEWS) + b"x" * 1_200_000),
        "longer than 1 MB",
    ),
    "binary garbage": (files_with(oc2__csv=bytes(range(255, -1, -1)) * 64), "not UTF-8 text"),
}


def write(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True)
    for name, content in files.items():
        if name == "episodes.csv" and "episodes.csv.gz" in files and not content:
            continue
        (folder / name).write_bytes(content)
    return folder


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_is_reported_and_nothing_is_written(
    case: str, year_2023: Path, tmp_path: Path
) -> None:
    ssda903_import(acting_user=None, sources=path_sources([year_2023]))
    before = database_state()
    files, expected = BAD_INPUT[case]
    folder = write(tmp_path / "bad" / "2023-24", files)

    outcome = ssda903_import(acting_user=None, sources=path_sources([folder]))

    assert not outcome.ok and not outcome.loaded
    problems = [e.problem for e in outcome.report.errors]
    assert any(expected in p for p in problems), problems
    first = outcome.report.errors[0]
    assert first.file  # every problem names its file
    assert database_state() == before


def test_a_huge_garbage_file_stops_after_the_error_cap(tmp_path: Path) -> None:
    folder = tmp_path / "2023-24"
    folder.mkdir()
    with (folder / "reviews.csv").open("wb") as handle:
        handle.write(lines(REVIEWS))
        for n in range(50_000):
            handle.write(f"{n},not a date,{n},PNX\n".encode())

    outcome = ssda903_import(acting_user=None, sources=path_sources([folder]))

    assert outcome.report.stopped
    assert len(outcome.report.errors) == ERROR_CAP
    assert "Checking stopped after 1,000 errors" in outcome.report.stop_message()


def test_the_rows_of_a_report_name_file_row_column_and_value(tmp_path: Path) -> None:
    folder = tmp_path / "2023-24"
    folder.mkdir()
    (folder / "header.csv").write_bytes(lines(HEADER, "1001,1,31/02/2012,WBRI,,,"))

    outcome = ssda903_import(acting_user=None, sources=path_sources([folder]))

    error = outcome.report.errors[0]
    assert (Path(error.file).name, error.row, error.column, error.value) == (
        "header.csv",
        2,
        "DOB",
        "31/02/2012",
    )


def test_byte_order_mark_windows_line_endings_and_gzip_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "2023-24"
    folder.mkdir()
    (folder / "header.csv").write_bytes(
        b"\xef\xbb\xbf" + lines(*YEAR_2023["header.csv"], newline="\r\n")
    )
    (folder / "eps.csv.gz").write_bytes(
        gzip.compress(lines(*YEAR_2023["episodes.csv"], newline="\r\n"))
    )
    (folder / "anything.csv").write_bytes(lines(*YEAR_2023["reviews.csv"]))

    outcome = ssda903_import(acting_user=None, sources=path_sources([folder]))

    assert outcome.ok, outcome.report.errors
    assert outcome.row_counts == {"2023-24": {"header": 3, "episodes": 4, "reviews": 5}}


def test_an_identical_duplicate_row_is_a_warning_and_loaded_once(tmp_path: Path) -> None:
    files = files_with(reviews__csv=lines(REVIEWS, *GOOD_REVIEWS, GOOD_REVIEWS[0]))
    folder = write(tmp_path / "2023-24", files)

    outcome = ssda903_import(acting_user=None, sources=path_sources([folder]))

    assert outcome.loaded
    assert any("appears twice" in w.problem for w in outcome.report.warnings)


def test_a_file_without_a_year_needs_one(tmp_path: Path) -> None:
    (tmp_path / "header.csv").write_bytes(lines(*YEAR_2023["header.csv"]))

    outcome = ssda903_import(acting_user=None, sources=path_sources([tmp_path / "header.csv"]))
    assert "Cannot tell which collection year" in outcome.report.errors[0].problem

    given = ssda903_import(
        acting_user=None, sources=path_sources([tmp_path / "header.csv"], year=2023)
    )
    assert given.ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/02/2022", None),
        ("29/02/2024", (2024, 2, 29)),
        ("1/4/2023", (2023, 4, 1)),
        ("2023-04-01", None),
        ("01/04/23", None),
        ("", None),
    ],
)
def test_dates_must_be_real_dd_mm_yyyy_dates(
    text: str, expected: tuple[int, int, int] | None
) -> None:
    parsed = parse_date(text)
    assert (parsed.timetuple()[:3] if parsed else None) == expected


@pytest.mark.parametrize(
    ("text", "year"),
    [("2023-24", 2023), ("returns/2024_25/x.csv", 2024), ("2023-25", None), ("header.csv", None)],
)
def test_the_collection_year_is_read_from_folder_names(text: str, year: int | None) -> None:
    assert year_from_text(text) == year


@pytest.mark.parametrize(
    ("columns", "table"),
    [
        (["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"], "header"),
        (["CHILD", "DOB", "REVIEW", "REVIEW_CODE"], "reviews"),
        (["child", "sex", "dob", "duc"], "uasc"),
        (["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"], "sw_episodes"),
        (["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"], "missing"),
        (["NAME", "ADDRESS"], None),
    ],
)
def test_tables_are_recognised_by_their_header_row(columns: list[str], table: str | None) -> None:
    found, missing, _ = recognise(columns)
    assert (found.name if found else None) == table
    assert missing == []

"""Dates in 903 rows go through the one date rule every form uses (iro.timetable.story): nothing
about a child before their birth, nothing that has happened dated in the future (the clock is
frozen on 23 November 2026)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iro.ssda903.checking import Issue, check_sources
from iro.ssda903.reading import path_sources
from iro.ssda903.services import ssda903_import
from tests.ssda903.builders import YEAR_2023, episode, write_files

Files = dict[str, list[str]]


def changed(files: Files, name: str, index: int, line: str) -> Files:
    copy = {k: list(v) for k, v in files.items()}
    copy[name][index] = line
    return copy


def errors(folder: Path) -> list[Issue]:
    return check_sources(path_sources([folder])).report.errors


CASES = {
    "a date of birth in the future": (
        "header.csv",
        1,
        "1001,1,01/12/2026,WBRI,A123456789012,,",
        "header.csv",
        "DOB",
        "Date of birth must be today or in the past",
    ),
    "a mother's child born in the future": (
        "header.csv",
        2,
        "1002,2,01/01/2010,BAFR,,1,24/11/2026",
        "header.csv",
        "MC_DOB",
        "Date of birth of her child must be today or in the past",
    ),
    "an episode that ended in the future": (
        "episodes.csv",
        4,
        episode("1003", "01/04/2023", "S", "30/12/2026", "E4A"),
        "episodes.csv",
        "DEC",
        "Date episode ceased must be today or in the past",
    ),
    "a review before the child was born": (
        "reviews.csv",
        5,
        "1003,01/06/2021,25/04/2021,PN0",
        "reviews.csv",
        "REVIEW",
        "Date of review must be after the child's date of birth, 1 June 2021",
    ),
    "an episode before the child was born": (
        "header.csv",
        3,
        "1003,2,02/04/2023,WBRI,,,",
        "episodes.csv",
        "DECOM",
        "DfE rule 302: The child's first episode starts before the child was born: Date episode"
        " started must be after the child's date of birth, 2 April 2023",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_date_that_does_not_fit_the_childs_story_is_an_error(case: str, tmp_path: Path) -> None:
    name, index, line, file, column, problem = CASES[case]
    folder = write_files(tmp_path / "2023-24", changed(YEAR_2023, name, index, line))

    found = [e for e in errors(folder) if e.column == column and e.file.endswith(file)]

    assert problem in [e.problem for e in found], case


def test_the_dates_of_a_return_that_fits_the_story_pass(tmp_path: Path) -> None:
    assert errors(write_files(tmp_path / "2023-24", YEAR_2023)) == []


def test_a_date_in_the_future_refuses_the_import_and_writes_nothing(
    tmp_path: Path, db: None
) -> None:
    future = changed(YEAR_2023, "reviews.csv", 1, "1001,01/01/2012,24/11/2026,PN1")

    outcome = ssda903_import(
        acting_user=None, sources=path_sources([write_files(tmp_path / "2023-24", future)])
    )

    assert not outcome.ok and not outcome.loaded
    assert [(e.row, e.column, e.value, e.problem) for e in outcome.report.errors] == [
        (2, "REVIEW", "24/11/2026", "Date of review must be today or in the past")
    ]

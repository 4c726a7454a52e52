"""export_903 gives back each collection year's return as it was imported: every column of
every stored table, the values that year knew, every child of its header, same-day reviews."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from iro.ssda903.reading import path_sources
from iro.ssda903.services import ssda903_import
from tests.ssda903.builders import YEAR_2023, YEAR_2024, database_state, write_files

pytestmark = pytest.mark.django_db

STORED = ("header", "episodes", "reviews")


def export(year: int, out: Path) -> Path:
    call_command("export_903", "--year", str(year), str(out), stdout=io.StringIO())
    return out / f"{year}-{(year + 1) % 100:02d}"


def rows(path: Path) -> Counter[tuple[str, ...]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return Counter(tuple(cell.strip() for cell in row) for row in csv.reader(stream) if row)


def with_line(files: dict[str, list[str]], name: str, old: str, new: str) -> dict[str, list[str]]:
    changed = {k: list(v) for k, v in files.items()}
    changed[name] = [new if line == old else line for line in changed[name]]
    assert changed[name] != files[name]
    return changed


def test_every_medium_la_year_exports_as_imported_and_reimports_to_no_change(
    tmp_path: Path, medium_la: Path
) -> None:
    outcome = ssda903_import(acting_user=None, sources=path_sources([medium_la]))
    assert outcome.ok, outcome.report.errors[:3]
    before = database_state()

    for year in (2022, 2023, 2024):
        folder = export(year, tmp_path / "out")
        label = folder.name
        for table in STORED:
            assert rows(folder / f"{table}.csv") == rows(medium_la / label / f"{table}.csv"), (
                label,
                table,
            )

    again = ssda903_import(acting_user=None, sources=path_sources([tmp_path / "out"]))
    assert again.ok
    assert again.changes == {}
    assert database_state() == before


def test_values_a_later_year_brought_stay_in_the_later_years_export(tmp_path: Path) -> None:
    # 2024-25 says 1002 is a mother and gives the reason her episode's placement changed.
    later = with_line(
        YEAR_2024, "header.csv", "1002,F,01/01/2010,BAFR,,,", "1002,F,01/01/2010,BAFR,,1,01/02/2025"
    )
    later = with_line(
        later,
        "episodes.csv",
        "1002,01/09/2023,T,C2,N1,U4,PR1,,,,AB1 2CD,EF3 4GH,",
        "1002,01/09/2023,T,C2,N1,U4,PR1,,,CLOSE,AB1 2CD,EF3 4GH,",
    )
    ssda903_import(
        acting_user=None,
        sources=path_sources(
            [
                write_files(tmp_path / "in" / "2023-24", YEAR_2023),
                write_files(tmp_path / "in" / "2024-25", later),
            ]
        ),
    )

    old = export(2023, tmp_path / "out")
    new = export(2024, tmp_path / "out")

    assert ("1002", "2", "01/01/2010", "BAFR", "", "", "") in rows(old / "header.csv")
    assert ("1002", "F", "01/01/2010", "BAFR", "", "1", "01/02/2025") in rows(new / "header.csv")
    old_episode = ("1002", "01/09/2023", "T", "C2", "N1", "U4", "PR1", "", "", "")
    assert (*old_episode, "AB1 2CD", "EF3 4GH", "") in rows(old / "episodes.csv")
    assert (*old_episode[:-1], "CLOSE", "AB1 2CD", "EF3 4GH", "") in rows(new / "episodes.csv")


def test_the_header_keeps_every_child_of_the_year(tmp_path: Path) -> None:
    # 1005 is in the 2023-24 header with no episode in the year (a warning, but a row of the
    # return all the same).
    files = {k: list(v) for k, v in YEAR_2023.items()}
    files["header.csv"].append("1005,1,03/03/2011,WBRI,,,")
    ssda903_import(
        acting_user=None, sources=path_sources([write_files(tmp_path / "2023-24", files)])
    )

    header = rows(export(2023, tmp_path / "out") / "header.csv")

    assert ("1005", "1", "03/03/2011", "WBRI", "", "", "") in header
    assert sum(header.values()) == 5  # the column names and four children


def test_a_second_review_on_the_same_day_is_kept_in_the_return(tmp_path: Path) -> None:
    files = {k: list(v) for k, v in YEAR_2023.items()}
    files["reviews.csv"].append("1001,01/01/2012,20/11/2023,PN4")
    outcome = ssda903_import(
        acting_user=None, sources=path_sources([write_files(tmp_path / "2023-24", files)])
    )
    assert outcome.ok
    assert any("Both stay in the 2023-24 return" in w.problem for w in outcome.report.warnings)

    reviews = rows(export(2023, tmp_path / "out") / "reviews.csv")

    assert reviews[("1001", "01/01/2012", "20/11/2023", "PN2")] == 1
    assert reviews[("1001", "01/01/2012", "20/11/2023", "PN4")] == 1
    again = ssda903_import(acting_user=None, sources=path_sources([tmp_path / "out"]))
    assert again.changes == {}


def test_a_year_imported_again_replaces_its_return(tmp_path: Path) -> None:
    ssda903_import(
        acting_user=None, sources=path_sources([write_files(tmp_path / "a" / "2023-24", YEAR_2023)])
    )
    fixed = with_line(
        YEAR_2023, "header.csv", "1002,2,01/01/2010,BAFR,,,", "1002,2,01/01/2010,BAFR,,1,05/05/2023"
    )
    outcome = ssda903_import(
        acting_user=None, sources=path_sources([write_files(tmp_path / "b" / "2023-24", fixed)])
    )
    assert outcome.changes == {"year_returns_updated": 1}

    header = rows(export(2023, tmp_path / "out") / "header.csv")

    assert ("1002", "2", "01/01/2010", "BAFR", "", "1", "05/05/2023") in header

"""The DfE validation rules checked on import: errors where the data would be wrong in the
product, warnings for the DfE's queries, each naming the rule code beside file, row, column and
value; which rules apply and how severe they are is data per collection year."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from iro.ssda903.checking import Issue, check_sources, codelists_for
from iro.ssda903.dfe_rules import add_years, year_rule_codes
from iro.ssda903.reading import path_sources
from iro.ssda903.services import ssda903_import
from tests.ssda903.builders import YEAR_2023, YEAR_2024, episode, write_files
from tests.ssda903.synthetic import p1_under_v2

Files = dict[str, list[str]]


def changed(files: Files, name: str, index: int, line: str) -> Files:
    copy = {k: list(v) for k, v in files.items()}
    copy[name][index] = line
    return copy


def issues(folder: Path, rule: str) -> list[Issue]:
    report = check_sources(path_sources([folder])).report
    return [i for i in report.rows() if i.rule == rule]


CASES = {
    # name: (file, line index, new line, rule, severity, column, value)
    "date of birth in the future": (
        "header.csv",
        1,
        "1001,1,01/01/2025,WBRI,A123456789012,,",
        "301",
        "error",
        "DOB",
        "01/01/2025",
    ),
    "first episode before the child was born": (
        "header.csv",
        3,
        "1003,2,02/04/2023,WBRI,,,",
        "302",
        "error",
        "DECOM",
        "01/04/2023",
    ),
    "placed with parents under a single period of accommodation": (
        "episodes.csv",
        1,
        episode("1001", "10/05/2023", "S", ls="V2", place="P1").replace("PR1", "PR0"),
        "378",
        "error",
        "PLACE",
        "P1",
    ),
    "provider PR1 with parents": (
        "episodes.csv",
        1,
        episode("1001", "10/05/2023", "S", place="P1"),
        "527",
        "error",
        "PLACE_PROVIDER",
        "PR1",
    ),
    "placement not in the year's list": (
        "episodes.csv",
        1,
        episode("1001", "10/05/2023", "S", place="Z9"),
        "146",
        "error",
        "PLACE",
        "Z9",
    ),
    "episode before 14 October 1991": (
        "episodes.csv",
        4,
        episode("1003", "01/04/1990", "S", "30/06/2023", "E4A"),
        "353",
        "error",
        "DECOM",
        "01/04/1990",
    ),
    "PN0 for a child over 4": (
        "reviews.csv",
        1,
        "1001,01/01/2012,01/06/2023,PN0",
        "440",
        "warning",
        "REVIEW_CODE",
        "PN0",
    ),
    "a mother without her child's date of birth": (
        "header.csv",
        2,
        "1002,2,01/01/2010,BAFR,,1,",
        "611",
        "warning",
        "MC_DOB",
        "",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_rule_names_its_code_file_row_column_and_value(case: str, tmp_path: Path) -> None:
    name, index, line, rule, severity, column, value = CASES[case]
    folder = write_files(tmp_path / "2023-24", changed(YEAR_2023, name, index, line))

    found = issues(folder, rule)

    assert found, case
    issue = found[0]
    assert issue.severity == severity
    assert issue.problem.startswith(f"DfE rule {rule}: ")
    assert issue.column == column and issue.value == value
    assert issue.file.endswith(".csv") and issue.row is not None


def test_a_missing_upn_is_a_warning_and_the_data_loads(tmp_path: Path, db: None) -> None:
    # 1002 has no UPN in the builders' 2023-24 return and is looked after (C2).
    outcome = ssda903_import(
        acting_user=None, sources=path_sources([write_files(tmp_path / "2023-24", YEAR_2023)])
    )

    assert outcome.ok and outcome.loaded
    upn = [w for w in outcome.report.warnings if w.rule == "442"]
    assert [(w.row, w.column) for w in upn] == [(3, "UPN"), (4, "UPN")]


def test_a_date_of_birth_changed_from_what_is_held_blocks_the_import(
    tmp_path: Path, db: None
) -> None:
    ssda903_import(
        acting_user=None, sources=path_sources([write_files(tmp_path / "2023-24", YEAR_2023)])
    )
    later = changed(YEAR_2024, "header.csv", 2, "1002,F,02/01/2010,BAFR,,,")
    later = changed(later, "reviews.csv", 2, "1002,02/01/2010,01/06/2024,PN1")

    outcome = ssda903_import(
        acting_user=None, sources=path_sources([write_files(tmp_path / "2024-25", later)])
    )

    assert not outcome.ok and not outcome.loaded
    assert [(e.rule, e.row, e.column, e.value) for e in outcome.report.errors] == [
        ("203", 3, "DOB", "02/01/2010")
    ]
    assert "01/01/2010, from the 2023-24 return" in outcome.report.errors[0].problem


def test_sex_written_with_the_next_years_codes_is_not_a_change(tmp_path: Path, db: None) -> None:
    ssda903_import(
        acting_user=None, sources=path_sources([write_files(tmp_path / "2023-24", YEAR_2023)])
    )
    swapped = changed(YEAR_2024, "header.csv", 2, "1002,M,01/01/2010,BAFR,,,")

    other = ssda903_import(
        acting_user=None, sources=path_sources([write_files(tmp_path / "b" / "2024-25", swapped)])
    )
    same = ssda903_import(
        acting_user=None, sources=path_sources([write_files(tmp_path / "a" / "2024-25", YEAR_2024)])
    )

    assert same.ok  # 1 then M, 2 then F
    assert [(e.rule, e.column, e.value) for e in other.report.errors] == [("202", "SEX", "M")]


def test_which_rules_apply_is_data_per_year() -> None:
    lists_2023, lists_2024 = codelists_for(2023), codelists_for(2024)
    assert lists_2023 is not None and lists_2024 is not None
    # Independent living (P2, rule 370) was checked to 2023-24; 371 moved from H5 to K3.
    assert "370" in year_rule_codes(lists_2023) and "370" not in year_rule_codes(lists_2024)
    assert lists_2023.rules["371"]["place"] == "H5" and lists_2024.rules["371"]["place"] == "K3"
    assert lists_2024.rules["301"]["severity"] == "error"
    assert lists_2024.rules["393"]["severity"] == "warning"
    # P2, H5 and Z1 are not placement codes in 2025-26.
    lists_2025 = codelists_for(2025)
    assert lists_2025 is not None and "P2" not in lists_2025.codes["PLACE"]


def test_ages_count_a_29_february_birthday_from_28_february() -> None:
    assert add_years(date(2012, 2, 29), 4) == date(2016, 2, 29)
    assert add_years(date(2012, 2, 29), 1) == date(2013, 2, 28)


@pytest.mark.skipif(
    not (settings.SSDA903_SAMPLE_DIR / "medium-la").exists(), reason="no synthetic 903 data"
)
def test_the_synthetic_years_p1_under_v2_episodes_refuse_the_import(db: None) -> None:
    # The DfE has 378 as an error, and the validator reports it: the import refuses the file.
    folder = settings.SSDA903_SAMPLE_DIR / "medium-la" / "2024-25"

    outcome = ssda903_import(acting_user=None, sources=path_sources([folder]))

    assert not outcome.ok and not outcome.loaded
    assert {e.rule for e in outcome.report.errors} == {"378"}
    assert len(outcome.report.errors) == p1_under_v2(folder / "episodes.csv") == 8
    first = outcome.report.errors[0]
    assert first.file.endswith("episodes.csv") and (first.column, first.value) == ("PLACE", "P1")
    assert first.problem.startswith("DfE rule 378: A child placed with parents (P1)")

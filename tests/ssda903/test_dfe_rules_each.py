"""Each DfE rule of the episodes, header and reviews built as data or as a function: a row it
flags, with the rule code beside file, row, column and value, and a row next to it that passes.

Rows are the builders' small returns (2023-24, with 2024-25 where a rule compares the year
before, and 2025-26 for the rules that start then) with one or two lines changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from iro.ssda903.checking import check_sources
from iro.ssda903.reading import path_sources
from tests.ssda903.builders import YEAR_2023, YEAR_2024, write_files

Change = tuple[int, str, int, str]  # (year, file, line index, new line)
BASE = {2023: YEAR_2023, 2024: YEAR_2024, 2025: YEAR_2024}


def ep(
    child: str,
    decom: str,
    rne: str = "S",
    ls: str = "C2",
    place: str = "U4",
    dec: str = "",
    rec: str = "",
    *,
    cin: str = "N1",
    provider: str = "PR1",
    change: str = "",
    home: str = "AB1 2CD",
    post: str = "EF3 4GH",
    urn: str = "",
) -> str:
    return f"{child},{decom},{rne},{ls},{cin},{place},{provider},{dec},{rec},{change},{home},{post},{urn}"


def flagged(changes: list[Change], rule: str, tmp_path: Path) -> set[tuple[str, int, str, str]]:
    """(file, row, column, value) of every row the rule flags once the changes are made."""
    years = {year for year, *_ in changes} | {2023}
    if 2025 in years:
        years = {2025}
    folders = []
    for year in sorted(years):
        files = {name: list(lines) for name, lines in BASE[year].items()}
        for at, name, index, line in changes:
            if at == year:
                if index < len(files[name]):
                    files[name][index] = line
                else:
                    files[name].append(line)
        label = f"{year}-{(year + 1) % 100:02d}"
        folders.append(write_files(tmp_path / label, files))
    report = check_sources(path_sources(folders)).report
    return {
        (Path(i.file).name, i.row or 0, i.column, i.value)
        for i in report.rows()
        if i.rule == rule and i.problem.startswith(f"DfE rule {rule}: ")
    }


# rule: (changes that break it, changes that keep to it, a (file, row, column, value) flagged)
CASES: dict[str, tuple[list[Change], list[Change], tuple[str, int, str, str]]] = {
    "207": (
        [
            (2023, "header.csv", 2, "1002,2,01/01/2010,BAFR,,1,01/01/2023"),
            (2024, "header.csv", 2, "1002,F,01/01/2010,BAFR,,0,"),
        ],
        [
            (2023, "header.csv", 2, "1002,2,01/01/2010,BAFR,,1,01/01/2023"),
            (2024, "header.csv", 2, "1002,F,01/01/2010,BAFR,,1,01/01/2023"),
        ],
        ("header.csv", 3, "MOTHER", "0"),
    ),
    "208": (
        [(2024, "header.csv", 1, "1001,M,01/01/2012,WBRI,B123456789012,,")],
        [(2024, "header.csv", 1, "1001,M,01/01/2012,WBRI,A123456789012,,")],
        ("header.csv", 2, "UPN", "B123456789012"),
    ),
    "209": (
        [(2023, "header.csv", 1, "1001,1,01/01/2012,WBRI,UN1,,")],
        [(2023, "header.csv", 3, "1003,2,01/06/2021,WBRI,UN1,,")],
        ("header.csv", 2, "UPN", "UN1"),
    ),
    "210": (
        [
            (2023, "header.csv", 1, "1001,1,01/01/2012,WBRI,UN4,,"),
            (2023, "episodes.csv", 1, ep("1001", "25/03/2024")),
        ],
        [
            (2023, "header.csv", 1, "1001,1,01/01/2012,WBRI,UN4,,"),
            (2023, "episodes.csv", 1, ep("1001", "23/03/2024")),
        ],
        ("episodes.csv", 2, "DECOM", "25/03/2024"),
    ),
    "217": (
        [(2023, "episodes.csv", 1, ep("1001", "10/05/2023", "P", place="A3"))],
        [(2023, "episodes.csv", 1, ep("1001", "10/05/2023", "S", place="A3"))],
        ("episodes.csv", 2, "PLACE", "A3"),
    ),
    "222": (
        [(2023, "episodes.csv", 1, ep("1001", "10/05/2023", place="R1", urn="1234567"))],
        [(2023, "episodes.csv", 1, ep("1001", "10/05/2023", place="R1", urn="XXXXXXX"))],
        ("episodes.csv", 2, "URN", "1234567"),
    ),
    "226": (
        [(2023, "episodes.csv", 3, ep("1002", "01/09/2023", "T", place="T1", change="CARPL"))],
        [(2023, "episodes.csv", 3, ep("1002", "01/09/2023", "T", place="T1"))],
        ("episodes.csv", 4, "REASON_PLACE_CHANGE", "CARPL"),
    ),
    "336": (
        [
            (
                2023,
                "episodes.csv",
                2,
                ep("1002", "01/02/2021", "P", place="R1", dec="01/09/2023", rec="X1"),
            ),
            (2023, "episodes.csv", 3, ep("1002", "01/09/2023", "T", place="A4")),
        ],
        [(2023, "episodes.csv", 3, ep("1002", "01/09/2023", "T", place="A4"))],
        ("episodes.csv", 4, "PLACE", "A4"),
    ),
    "357": (
        [(2023, "episodes.csv", 4, ep("1003", "01/04/2023", "P", dec="30/06/2023", rec="E4A"))],
        [(2023, "episodes.csv", 4, ep("1003", "01/04/2023", "S", dec="30/06/2023", rec="E4A"))],
        ("episodes.csv", 5, "RNE", "P"),
    ),
    **{
        rule: (
            [(2023, "episodes.csv", 4, ep("1003", "01/04/2023", ls=ls, dec=long, rec="E4A"))],
            [(2023, "episodes.csv", 4, ep("1003", "01/04/2023", ls=ls, dec=short, rec="E4A"))],
            ("episodes.csv", 5, "LS", ls),
        )
        for rule, ls, long, short in (
            ("361", "L1", "05/04/2023", "04/04/2023"),
            ("362", "L2", "23/04/2023", "22/04/2023"),
            ("363", "L3", "09/04/2023", "08/04/2023"),
            ("364", "J2", "23/04/2023", "22/04/2023"),
            ("365", "V3", "19/04/2023", "18/04/2023"),
            ("367", "V3", "30/06/2023", "14/06/2023"),
        )
    },
    "366": (
        [
            (
                2023,
                "episodes.csv",
                4,
                ep("1003", "01/04/2023", "P", ls="V3", dec="05/04/2023", rec="E4A"),
            )
        ],
        [
            (
                2023,
                "episodes.csv",
                4,
                ep("1003", "01/04/2023", "S", ls="V3", dec="05/04/2023", rec="E4A"),
            )
        ],
        ("episodes.csv", 5, "RNE", "P"),
    ),
    **{
        rule: (
            [(2023, "episodes.csv", 4, ep("1003", "01/04/2023", place=place, dec=long, rec="E4A"))],
            [
                (
                    2023,
                    "episodes.csv",
                    4,
                    ep("1003", "01/04/2023", place=place, dec=short, rec="E4A"),
                )
            ],
            ("episodes.csv", 5, "PLACE", place),
        )
        for rule, place, long, short in (
            ("375", "T1", "14/05/2023", "13/05/2023"),
            ("376", "T3", "23/04/2023", "22/04/2023"),
            ("379", "T4", "09/04/2023", "08/04/2023"),
        )
    },
    "377": (
        [
            (
                2023,
                "episodes.csv",
                2,
                ep("1002", "01/02/2021", "P", place="T3", dec="01/09/2023", rec="X1"),
            ),
            (
                2023,
                "episodes.csv",
                3,
                ep("1002", "01/09/2023", "T", place="T3", dec="01/10/2023", rec="X1"),
            ),
            (2023, "episodes.csv", 5, ep("1002", "01/10/2023", "T", place="T3")),
        ],
        [
            (
                2023,
                "episodes.csv",
                2,
                ep("1002", "01/02/2021", "P", place="T3", dec="01/09/2023", rec="X1"),
            ),
            (
                2023,
                "episodes.csv",
                3,
                ep("1002", "01/09/2023", "T", place="T3", dec="01/10/2023", rec="X1"),
            ),
            (2023, "episodes.csv", 5, ep("1002", "01/10/2023", "T", place="U4")),
        ],
        ("episodes.csv", 6, "PLACE", "T3"),
    ),
    "383": (
        [
            (
                2023,
                "episodes.csv",
                3,
                ep("1002", "01/09/2023", "T", place="T0", dec="10/09/2023", rec="X1"),
            ),
            (2023, "episodes.csv", 5, ep("1002", "10/09/2023", "P", place="U1")),
        ],
        [
            (
                2023,
                "episodes.csv",
                3,
                ep("1002", "01/09/2023", "T", place="T0", dec="10/09/2023", rec="X1"),
            ),
            (2023, "episodes.csv", 5, ep("1002", "10/09/2023", "P", place="U4")),
        ],
        ("episodes.csv", 6, "PLACE", "U1"),
    ),
    **{
        rule: (
            [
                (2023, "header.csv", 3, f"1003,2,{wrong},WBRI,,,"),
                (2023, "episodes.csv", 4, ep("1003", "01/04/2023", dec="30/06/2023", rec=rec)),
            ],
            [
                (2023, "header.csv", 3, f"1003,2,{right},WBRI,,,"),
                (2023, "episodes.csv", 4, ep("1003", "01/04/2023", dec="30/06/2023", rec=rec)),
            ],
            ("episodes.csv", 5, "REC", rec),
        )
        for rule, rec, wrong, right in (
            ("386", "E11", "30/06/2005", "01/07/2005"),
            ("387", "E5", "01/07/2009", "30/06/2009"),
            ("389", "E7", "01/07/2007", "30/06/2007"),
            ("407", "E45", "29/06/2005", "30/06/2005"),
            ("460", "E17", "01/07/2005", "30/06/2005"),
        )
    },
    "390": (
        [(2023, "episodes.csv", 4, ep("1003", "01/04/2023", dec="30/06/2023", rec="E11"))],
        [
            (
                2023,
                "episodes.csv",
                4,
                ep("1003", "01/04/2023", place="A3", dec="30/06/2023", rec="E11"),
            )
        ],
        ("episodes.csv", 5, "REC", "E11"),
    ),
    "392d": (
        [(2023, "episodes.csv", 1, ep("1001", "10/05/2023", post="AB1 2CD"))],
        [(2023, "episodes.csv", 1, ep("1001", "10/05/2023", post="AB1 2CE"))],
        ("episodes.csv", 2, "PL_POST", "AB1 2CD"),
    ),
    "399": (
        [(2023, "episodes.csv", 4, ep("1003", "01/04/2023", ls="V3", dec="05/04/2023", rec="E4A"))],
        [(2023, "episodes.csv", 4, ep("1003", "01/04/2023", ls="C2", dec="05/04/2023", rec="E4A"))],
        ("reviews.csv", 6, "REVIEW", "25/04/2023"),
    ),
    "408": (
        [(2023, "episodes.csv", 1, ep("1001", "10/05/2023", place="A5"))],
        [(2023, "episodes.csv", 1, ep("1001", "10/05/2023", ls="E1", place="A5"))],
        ("episodes.csv", 2, "LS", "C2"),
    ),
    "434": (
        [(2023, "episodes.csv", 3, ep("1002", "01/09/2023", "L"))],
        [(2023, "episodes.csv", 3, ep("1002", "01/09/2023", "L", ls="C1"))],
        ("episodes.csv", 4, "RNE", "L"),
    ),
    "435": (
        [(2023, "episodes.csv", 3, ep("1002", "01/09/2023", "P", ls="C1", place="U1"))],
        [(2023, "episodes.csv", 3, ep("1002", "01/09/2023", "P", place="U1"))],
        ("episodes.csv", 4, "RNE", "P"),
    ),
    "436": (
        [(2023, "episodes.csv", 3, ep("1002", "01/09/2023", "B", place="U1"))],
        [(2023, "episodes.csv", 3, ep("1002", "01/09/2023", "B", ls="C1", place="U1"))],
        ("episodes.csv", 4, "RNE", "B"),
    ),
    "504": (
        [(2023, "episodes.csv", 3, ep("1002", "01/09/2023", "T", cin="N2"))],
        [(2023, "episodes.csv", 3, ep("1002", "01/09/2023", "T", cin="N1"))],
        ("episodes.csv", 4, "CIN", "N2"),
    ),
    "516": (
        [
            (
                2023,
                "episodes.csv",
                4,
                ep("1003", "01/04/2023", place="R1", dec="30/06/2023", rec="E45"),
            )
        ],
        [
            (
                2023,
                "episodes.csv",
                4,
                ep("1003", "01/04/2023", place="U1", dec="30/06/2023", rec="E45"),
            )
        ],
        ("episodes.csv", 5, "REC", "E45"),
    ),
    "526": (
        [(2023, "episodes.csv", 1, ep("1001", "10/05/2023", provider=""))],
        [(2023, "episodes.csv", 1, ep("1001", "10/05/2023", place="T0", provider=""))],
        ("episodes.csv", 2, "PLACE_PROVIDER", ""),
    ),
    "624": (
        [
            (2023, "header.csv", 2, "1002,2,01/01/2010,BAFR,,1,01/01/2023"),
            (2024, "header.csv", 2, "1002,F,01/01/2010,BAFR,,1,02/01/2023"),
        ],
        [
            (2023, "header.csv", 2, "1002,2,01/01/2010,BAFR,,1,01/01/2023"),
            (2024, "header.csv", 2, "1002,F,01/01/2010,BAFR,,1,01/01/2023"),
        ],
        ("header.csv", 3, "MC_DOB", "02/01/2023"),
    ),
    "625": (
        [(2023, "header.csv", 3, "1003,2,01/06/2021,WBRI,,1,01/07/2023")],
        [(2023, "header.csv", 3, "1003,2,01/06/2021,WBRI,,1,30/06/2023")],
        ("header.csv", 4, "MC_DOB", "01/07/2023"),
    ),
    "626": (
        [
            (2023, "header.csv", 2, "1002,2,01/01/2010,BAFR,,0,"),
            (2024, "header.csv", 2, "1002,F,01/01/2010,BAFR,,1,01/03/2024"),
        ],
        [
            (2023, "header.csv", 2, "1002,2,01/01/2010,BAFR,,0,"),
            (2024, "header.csv", 2, "1002,F,01/01/2010,BAFR,,1,01/04/2024"),
        ],
        ("header.csv", 3, "MOTHER", "1"),
    ),
    # 2025-26 only.
    "234": (
        [(2025, "episodes.csv", 3, ep("1004", "01/10/2024", change="CUSTOD"))],
        [(2025, "episodes.csv", 3, ep("1004", "01/10/2024", change="CARPL"))],
        ("episodes.csv", 4, "REASON_PLACE_CHANGE", "CUSTOD"),
    ),
    "242": (
        [(2025, "episodes.csv", 3, ep("1004", "01/10/2024", place="R1", urn="XXXXXXX"))],
        [(2025, "episodes.csv", 3, ep("1004", "01/10/2024", place="U1", urn="XXXXXXX"))],
        ("episodes.csv", 4, "URN", "XXXXXXX"),
    ),
    "444": (
        [(2025, "header.csv", 3, "1004,F,05/05/2015,WOTH,A123456789012,,")],
        [(2025, "header.csv", 3, "1004,F,05/05/2015,WOTH,UN2,,")],
        ("header.csv", 4, "UPN", "A123456789012"),
    ),
}


@pytest.mark.parametrize("rule", list(CASES))
def test_the_rule_flags_its_row_and_passes_the_row_beside_it(rule: str, tmp_path: Path) -> None:
    failing, passing, expected = CASES[rule]

    assert expected in flagged(failing, rule, tmp_path / "fails"), rule
    assert flagged(passing, rule, tmp_path / "passes") == set(), rule

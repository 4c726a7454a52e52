"""The import's DfE rule checks against the DfE-rule validator councils use (csc-validator-be-903,
in its own environment .venv-validator: it pins old pandas and numpy). Both run over the
synthetic returns and over faulty copies made here; for every rule code the product implements,
both must flag the same rows.

`make validator-env` builds the environment (`make test` does it first); if it is missing the
test builds it, and skips only when it cannot be built (no network, say).
"""

from __future__ import annotations

import csv
import subprocess  # nosec B404 - builds the validator's environment from its hashed lock file
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings

from tests.ssda903.validator.compare import (
    RUNNER,
    VALIDATOR_PYTHON,
    differences,
    implemented,
    product_rows,
    validator_rows,
)

MEDIUM = settings.SSDA903_SAMPLE_DIR / "medium-la"
ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.skipif(not MEDIUM.exists(), reason="no synthetic 903 data"),
    # The DfE rules read files, not the database: run once, in the SQLite pass of make test.
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="the differential test runs in the SQLite pass",
    ),
]

# Rule codes whose rows differ for a known reason, by year (docs/ssda903.md explains each).
KNOWN = {
    # 2024-25 writes SEX as M/F where 2023-24 wrote 1/2: the validator compares the codes and
    # flags every child; the import compares what they mean (1 = M, 2 = F).
    2024: {"202"},
}


def label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


@pytest.fixture(scope="module")
def validator() -> Path:
    if not VALIDATOR_PYTHON.exists():
        built = subprocess.run(  # nosec B603 B607 - fixed command
            ["make", "validator-env"], cwd=ROOT, capture_output=True, text=True, check=False
        )
        if built.returncode != 0 or not VALIDATOR_PYTHON.exists():
            pytest.skip(
                "The DfE-rule validator's environment (.venv-validator) could not be built: "
                + (built.stderr or built.stdout)[-300:]
            )
    assert RUNNER.exists()
    return VALIDATOR_PYTHON


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_the_synthetic_returns_flag_the_same_rows(validator: Path, year: int) -> None:
    previous = MEDIUM / label(year - 1)
    problems = differences(year, MEDIUM / label(year), previous if previous.exists() else None)
    assert set(problems) <= KNOWN.get(year, set()), problems


# --- Faulty copies ---------------------------------------------------------------------------

Table = list[dict[str, str]]


def read(path: Path) -> tuple[list[str], Table]:
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        return list(reader.fieldnames or []), list(reader)


def write(path: Path, columns: list[str], rows: Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


class Copy:
    """A copy of one year's header, episodes and reviews, with faults put into chosen children
    (each fault into a different child, so one does not hide another)."""

    def __init__(self, folder: Path) -> None:
        self.tables = {t: read(folder / f"{t}.csv") for t in ("header", "episodes", "reviews")}
        episodes = self.tables["episodes"][1]
        reviews = {r["CHILD"] for r in self.tables["reviews"][1]}
        counts: dict[str, int] = {}
        for row in episodes:
            counts[row["CHILD"]] = counts.get(row["CHILD"], 0) + 1
        # Children with one episode in the year that started it (RNE S), with a review.
        self.simple = [
            r["CHILD"]
            for r in episodes
            if counts[r["CHILD"]] == 1 and r["RNE"] == "S" and r["CHILD"] in reviews
        ]
        # Children with two or more episodes, for faults between episodes.
        self.chained = sorted(c for c, n in counts.items() if n >= 2)
        self.used: set[str] = set()

    def child(self, chained: bool = False, looked_after: bool = False) -> str:
        """A child not used yet (`looked_after`: whose episode is not a short break)."""
        pool = self.chained if chained else self.simple
        chosen = next(
            c
            for c in pool
            if c not in self.used
            and not (looked_after and self.rows("episodes", c)[0]["LS"] in ("V3", "V4"))
        )
        self.used.add(chosen)
        return chosen

    def rows(self, table: str, child: str) -> Table:
        return [r for r in self.tables[table][1] if r["CHILD"] == child]

    def set(self, table: str, child: str, **values: str) -> None:
        for row in self.rows(table, child)[:1]:
            row.update(values)

    def write(self, folder: Path) -> Path:
        for table, (columns, rows) in self.tables.items():
            write(folder / f"{table}.csv", columns, rows)
        return folder


def day(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


def _dob_after_first_episode(copy: Copy) -> None:
    child = copy.child()
    decom = copy.rows("episodes", child)[0]["DECOM"]
    day, month, year = decom.split("/")
    copy.set("header", child, DOB=f"{day}/{month}/{int(year) + 1}")


def _overlap(copy: Copy) -> None:
    """The second episode starts the day before the first ends."""
    for child in copy.chained:
        first, second = sorted(copy.rows("episodes", child)[:2], key=lambda r: day(r["DECOM"]))
        if child in copy.used or not first["DEC"]:
            continue
        if day(first["DEC"]) - day(first["DECOM"]) >= timedelta(days=2):
            copy.used.add(child)
            second["DECOM"] = f"{day(first['DEC']) - timedelta(days=1):%d/%m/%Y}"
            return
    raise AssertionError("no child to make overlapping episodes for")


def _gap(copy: Copy) -> None:
    child = copy.child(chained=True)
    second = copy.rows("episodes", child)[1]
    if second["RNE"] != "S" and second["DECOM"][:2] not in ("28", "29", "30", "31"):
        second["DECOM"] = f"{int(second['DECOM'][:2]) + 1:02d}{second['DECOM'][2:]}"


def _open_then_another(copy: Copy) -> None:
    child = copy.child(chained=True)
    copy.rows("episodes", child)[0].update(DEC="", REC="")


def _pn0_over_4(copy: Copy) -> None:
    child = next(
        c
        for c in copy.simple
        if c not in copy.used and copy.rows("reviews", c)[0]["REVIEW_CODE"] != "PN0"
    )
    copy.used.add(child)
    copy.set("reviews", child, REVIEW_CODE="PN0")


def _sex_changed(copy: Copy) -> None:
    child = copy.child()
    sex = copy.rows("header", child)[0]["SEX"]
    copy.set("header", child, SEX={"1": "2", "2": "1", "M": "F", "F": "M"}[sex])


FAULTS: dict[str, Callable[[Copy], None]] = {
    "date of birth in the future": lambda c: c.set("header", c.child(), DOB="01/01/2030"),
    "date of birth after the first episode": _dob_after_first_episode,
    "date of birth changed": lambda c: c.set("header", c.child(), DOB="02/02/2002"),
    "sex changed": _sex_changed,
    "unknown sex code": lambda c: c.set("header", c.child(), SEX="X"),
    "unknown ethnicity": lambda c: c.set("header", c.child(), ETHNIC="ZZZZ"),
    "missing UPN": lambda c: c.set("header", c.child(looked_after=True), UPN=""),
    "malformed UPN": lambda c: c.set("header", c.child(), UPN="I12345"),
    "mother without her child's date of birth": lambda c: c.set(
        "header", c.child(), MOTHER="1", MC_DOB=""
    ),
    "P1 under V2": lambda c: c.set(
        "episodes", c.child(), PLACE="P1", LS="V2", PLACE_PROVIDER="PR0"
    ),
    "PR1 with P1": lambda c: c.set("episodes", c.child(), PLACE="P1", PLACE_PROVIDER="PR1"),
    "PR0 away from parents": lambda c: c.set(
        "episodes", c.child(), PLACE="U4", PLACE_PROVIDER="PR0"
    ),
    "unknown legal status": lambda c: c.set("episodes", c.child(), LS="Z9"),
    "unknown placement": lambda c: c.set("episodes", c.child(), PLACE="Q9"),
    "unknown reason for new episode": lambda c: c.set("episodes", c.child(), RNE="Q"),
    "unknown category of need": lambda c: c.set("episodes", c.child(), CIN="N9"),
    "unknown reason for placement change": lambda c: c.set(
        "episodes", c.child(), REASON_PLACE_CHANGE="ZZZ"
    ),
    "episode before 1991": lambda c: c.set("episodes", c.child(), DECOM="01/01/1990"),
    "episodes overlapping": _overlap,
    "gap inside a period of care": _gap,
    "open episode followed by another": _open_then_another,
    "PN0 at 4 or over": _pn0_over_4,
    "unknown participation code": lambda c: c.set("reviews", c.child(), REVIEW_CODE="PN9"),
}


@pytest.mark.parametrize("year", [2023, 2024])
def test_faulty_copies_flag_the_same_rows(validator: Path, year: int, tmp_path: Path) -> None:
    copy = Copy(MEDIUM / label(year))
    for fault in FAULTS.values():
        fault(copy)
    folder = copy.write(tmp_path / label(year))
    previous = MEDIUM / label(year - 1)

    ours, _ = product_rows(year, folder, previous)
    theirs, ran = validator_rows(year, folder, previous)

    for code in sorted(implemented(year) & ran - KNOWN.get(year, set())):
        assert ours.get(code, set()) == theirs.get(code, set()), code
    # Each fault is found by the import under a DfE rule code.
    for code in ("301", "302", "203", "101", "103", "442", "168", "611", "378", "527", "550"):
        assert ours.get(code), code
    for code in ("143", "144", "145", "146", "1009", "353", "501", "433", "142", "440", "167"):
        assert ours.get(code), code

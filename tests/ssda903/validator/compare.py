"""Side by side: the product's DfE rule checks and the DfE-rule validator over the same files.

`product_rows` and `validator_rows` give {rule code: {(table, line)}} for one collection year;
the differential test and bench/bench_import.py use them.
"""

from __future__ import annotations

import json
import subprocess  # nosec B404 - runs the validator's own interpreter on our test files
from pathlib import Path

from iro.ssda903.checking import Report, check_sources, codelists_for
from iro.ssda903.dfe_rules import year_rule_codes
from iro.ssda903.reading import path_sources

ROOT = Path(__file__).resolve().parents[3]
VALIDATOR_PYTHON = ROOT / ".venv-validator" / "bin" / "python"
RUNNER = Path(__file__).resolve().parent / "run_validator.py"
# The validator's table names, by ours.
VALIDATOR_TABLES = {"header": "Header", "episodes": "Episodes", "reviews": "Reviews"}

Rows = dict[str, set[tuple[str, int]]]


def product_rows(year: int, folder: Path, previous: Path | None = None) -> tuple[Rows, Report]:
    """The rows each DfE rule flags in `folder` (year `year`), with `previous` as the year
    before, as the import reports them."""
    sources = path_sources([folder], year)
    if previous is not None:
        sources += path_sources([previous], year - 1)
    result = check_sources(sources, warnings_kept=10**7)
    tables = {f["name"]: f.get("table", "") for f in result.files}
    in_year = {s.name for s in sources if s.year == year}
    found: Rows = {}
    for issue in result.report.rows():
        if issue.rule and issue.file in in_year and issue.row is not None:
            table = VALIDATOR_TABLES.get(tables.get(issue.file, ""), "")
            found.setdefault(issue.rule, set()).add((table, issue.row))
    return found, result.report


def validator_rows(year: int, folder: Path, previous: Path | None = None) -> tuple[Rows, set[str]]:
    """The rows each rule of the validator flags (header, episodes and reviews only), and the
    codes of the rules that ran."""
    command = [str(VALIDATOR_PYTHON), str(RUNNER), str(year), str(folder)]
    if previous is not None:
        command.append(str(previous))
    command += ["--tables", "header,episodes,reviews,uasc"]
    done = subprocess.run(  # nosec B603 - fixed interpreter and arguments
        command, capture_output=True, check=True, text=True
    )
    out = json.loads(done.stdout)
    found: Rows = {}
    for code, tables in out["flagged"].items():
        for table, lines in tables.items():
            if table in VALIDATOR_TABLES.values():
                found.setdefault(code, set()).update((table, line) for line in lines)
    return found, set(out["ran"])


def implemented(year: int) -> set[str]:
    lists = codelists_for(year)
    assert lists is not None
    return year_rule_codes(lists)


def differences(year: int, folder: Path, previous: Path | None = None) -> dict[str, str]:
    """For each rule the product implements and the validator ran: what differs, if anything."""
    ours, _ = product_rows(year, folder, previous)
    theirs, ran = validator_rows(year, folder, previous)
    problems: dict[str, str] = {}
    for code in sorted(implemented(year) & ran):
        mine, other = ours.get(code, set()), theirs.get(code, set())
        if mine != other:
            problems[code] = (
                f"only the product: {sorted(mine - other)[:5]}; "
                f"only the validator: {sorted(other - mine)[:5]}"
            )
    return problems

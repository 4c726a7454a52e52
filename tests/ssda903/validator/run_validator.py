"""Run the DfE-rule validator (csc-validator-be-903) over one collection year's 903 CSVs.

Runs inside its own virtual environment (.venv-validator: the validator pins old pandas and
numpy), so it imports nothing of the product. Prints JSON: for each rule code that ran, the
flagged rows of each table as file line numbers (the header row is line 1).

    run_validator.py YEAR THIS_YEAR_DIR [PREVIOUS_YEAR_DIR] [--rules 101,378]

YEAR is the collection start year (2024 means 2024-25).
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import json
import logging
import sys
import time
from pathlib import Path

# Table names as the validator knows them, by the file names of the synthetic returns.
TABLES = {
    "header": "Header",
    "episodes": "Episodes",
    "reviews": "Reviews",
    "uasc": "UASC",
    "oc2": "OC2",
    "oc3": "OC3",
    "ad1": "AD1",
    "placed_for_adoption": "PlacedAdoption",
    "previous_permanence": "PrevPerm",
    "missing": "Missing",
    "sw_episodes": "SWEpisodes",
}


def _files(folder: Path, description: str, only: set[str] | None) -> list[dict[str, object]]:
    found = []
    for path in sorted(folder.iterdir()):
        stem = path.name.split(".")[0]
        if stem not in TABLES or (only is not None and stem not in only):
            continue
        content = path.read_bytes()
        if content[:2] == b"\x1f\x8b":
            content = gzip.decompress(content)
        found.append({"name": path.name, "description": description, "file_content": content})
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("year", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("previous", type=Path, nargs="?")
    parser.add_argument("--rules", default="")
    parser.add_argument("--tables", default="", help="only these tables (file stems)")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    started = time.perf_counter()
    from lac_validator.lac_validator import LacValidator

    only = set(args.tables.split(",")) if args.tables else None
    files = _files(args.folder, "This year", only)
    if args.previous is not None:
        files += _files(args.previous, "Prev year", only)
    ruleset = f"lac{args.year}_{(args.year + 1) % 100:02d}"
    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    selected = [c for c in args.rules.split(",") if c] or None
    metadata = {"collectionYear": str(args.year + 1), "localAuthority": "E09000027"}
    out, sys.stdout = sys.stdout, sys.stderr  # some rules print
    try:
        validator = LacValidator(
            metadata=metadata, files=files, registry=registry, selected_rules=selected
        )
    finally:
        sys.stdout = out
    flagged: dict[str, dict[str, list[int]]] = {}
    for table, frame in validator.ds_results.items():
        if table == "metadata" or not hasattr(frame, "columns"):
            continue
        for column in frame.columns:
            if not str(column).startswith("ERR_"):
                continue
            rows = [int(i) + 2 for i in frame.index[frame[column].fillna(False).astype(bool)]]
            if rows:
                flagged.setdefault(column[4:], {})[table] = rows
    json.dump(
        {
            "ran": sorted(validator.dones),
            "skipped": sorted(validator.skips),
            "failed": sorted(validator.fails),
            "flagged": flagged,
            "seconds": time.perf_counter() - started,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()

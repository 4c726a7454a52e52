"""The shared synthetic returns, made loadable.

Every synthetic year has episodes of a child placed with parents (P1) under a single period of
accommodation (V2): DfE rule 378, an error, so the import refuses those files as they are (as the
DfE validator does). Tests and the benchmark that need the data loaded use a copy in which
those episodes are under a care order (C2) instead; everything else is byte for byte the same.
"""

from __future__ import annotations

import csv
import gzip
import io
import shutil
from pathlib import Path


def p1_under_v2(path: Path) -> int:
    """How many episodes of an episodes file are P1 under V2 (rule 378)."""
    with _open(path) as stream:
        return sum(1 for row in csv.DictReader(stream) if (row["PLACE"], row["LS"]) == ("P1", "V2"))


def without_p1_under_v2(source: Path, target: Path) -> Path:
    """Copy the folder `source` (its year folders and files) to `target`, with every P1 episode
    under V2 under C2 instead. Returns `target`."""
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        out = target / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not path.name.startswith("episodes.csv"):
            shutil.copyfile(path, out)
            continue
        with _open(path) as stream:
            reader = csv.reader(stream)
            columns = next(reader)
            place, status = columns.index("PLACE"), columns.index("LS")
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(columns)
            for row in reader:
                if row and row[place] == "P1" and row[status] == "V2":
                    row[status] = "C2"
                writer.writerow(row)
        data = buffer.getvalue().encode("utf-8")
        out.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return target


def _open(path: Path) -> io.TextIOWrapper:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")

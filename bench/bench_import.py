"""903 import speed and memory on the shared synthetic returns (`make bench-import`).

Imports medium-la (its three years in one import), re-imports it (nothing should change), then
empties the register and imports the large set (both years in one import), and prints for each:
rows read, seconds (wall and this process's CPU), rows per second, the time spent reading and checking files / loading / re-deriving
review due dates, and the process's peak resident memory.

Then, as whole processes in the same run (the machine is shared, so only ratios measured together
mean anything): `manage.py import_903` of medium-la's three years and of the large set into an
empty register, the DfE-rule validator (csc-validator-be-903, from .venv-validator) on one
medium-la year (2024-25, with 2023-24 as its previous year, every table), and the raw-load floor:
the csv module reading every large-set file into a fresh SQLite database, no checks. It prints
each one's wall and CPU seconds and peak memory, and the ratios the import is held to: three
medium-la years in at most 1/20 of the validator's time on one year, the large set within 10x
the floor, peak memory flat in the size of the files.

Run as `python bench/bench_import.py` (`--processes-only` for just the whole-process comparison) (sets Django up itself; DATABASE_URL picks the database —
`make bench-import` runs it on a throwaway PostgreSQL; without DATABASE_URL a temporary SQLite
file is used). `run() -> list[dict]` is what bench/run.py calls, with Django already set up.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _setup_django() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if not os.environ.get("DATABASE_URL"):
        handle, path = tempfile.mkstemp(prefix="bench-import-", suffix=".sqlite3")
        os.close(handle)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _import(label: str, paths: list[Path]) -> dict[str, Any]:
    from iro.children.models import Child, Episode
    from iro.reviews.models import Review
    from iro.ssda903.reading import path_sources
    from iro.ssda903.services import ssda903_import

    marks: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        for key, prefix in (
            ("load", "Checking each child"),
            ("refresh", "Working out review due dates"),
            ("end", "Finished"),
        ):
            if stage.startswith(prefix) and key not in marks:
                marks[key] = time.perf_counter()

    start = time.perf_counter()
    cpu_start = time.process_time()
    outcome = ssda903_import(acting_user=None, sources=path_sources(paths), progress=progress)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    rows = sum(sum(tables.values()) for tables in outcome.row_counts.values())
    load_at = marks.get("load", start + seconds)
    refresh_at = marks.get("refresh", load_at)
    end_at = marks.get("end", start + seconds)
    return {
        "dataset": label,
        "years": list(outcome.row_counts),
        "ok": outcome.ok,
        "errors": len(outcome.report.errors),
        "warnings": outcome.report.warning_count,
        "rows": rows,
        "seconds": round(seconds, 2),
        # This process's CPU time: the machine is shared, so wall time varies with its load.
        "cpu_seconds": round(cpu_seconds, 2),
        "rows_per_second": round(rows / seconds) if seconds else None,
        "read_and_check_seconds": round(load_at - start, 2),
        "load_seconds": round(refresh_at - load_at, 2),
        "timetable_refresh_seconds": round(end_at - refresh_at, 2),
        "changes": outcome.changes,
        "children_in_database": Child.objects.count(),
        "episodes_in_database": Episode.objects.count(),
        "reviews_in_database": Review.objects.count(),
        "peak_rss_mb": _peak_rss_mb(),
    }


def _empty() -> None:
    from iro.children.models import Child, SocialWorker

    Child.objects.all().delete()
    SocialWorker.objects.filter(sw_id__gt="").delete()


def loadable_sample() -> Path:
    """The synthetic returns as the import can load them: each year has episodes of a child
    placed with parents under V2 (DfE rule 378, an error that refuses the file), so the
    benchmark imports a copy (made once, outside the timings) where those are under C2."""
    import runpy

    from django.conf import settings

    # By path: a dependency installs a package named "tests" that hides this checkout's.
    copy = runpy.run_path(str(ROOT / "tests" / "ssda903" / "synthetic.py"))["without_p1_under_v2"]
    global _LOADABLE
    if _LOADABLE is None:
        target = Path(tempfile.mkdtemp(prefix="bench-903-")) / "ssda903"
        _LOADABLE = copy(Path(settings.SSDA903_SAMPLE_DIR), target)
    return _LOADABLE


_LOADABLE: Path | None = None


def run() -> list[dict[str, Any]]:
    """Import the synthetic returns into the (fresh, migrated) database; one dict per import."""
    sample = loadable_sample()
    steps = [
        ("medium-la (3 years)", [sample / "medium-la"], False),
        ("medium-la again (nothing changes)", [sample / "medium-la"], False),
        # The two sets are separate simulations whose random CHILD ids can collide: start empty.
        ("large (2 years)", [sample / "large"], True),
    ]
    results: list[dict[str, Any]] = []
    for label, paths, empty_first in steps:
        if empty_first:
            _empty()
        if not all(p.exists() for p in paths):
            results.append({"dataset": label, "status": f"skipped: {paths[0]} not found"})
            continue
        print(f"importing {label} ...", file=sys.stderr, flush=True)
        results.append(_import(label, paths))
    results.append({"dataset": "whole processes", **whole_processes()})
    return results


# The raw-load floor: every file into SQLite with the csv module, one table per file, no checks.
_FLOOR = """
import csv, gzip, io, sqlite3, sys
from pathlib import Path
db = sqlite3.connect(sys.argv[1])
for n, path in enumerate(sorted(p for p in Path(sys.argv[2]).rglob("*.csv*") if p.is_file())):
    raw = path.open("rb")
    stream = gzip.open(raw, "rt", encoding="utf-8") if path.name.endswith(".gz") else io.TextIOWrapper(raw, encoding="utf-8")
    reader = csv.reader(stream)
    columns = next(reader)
    table = "t%d" % n
    db.execute("CREATE TABLE %s (%s)" % (table, ", ".join('"%s" TEXT' % c for c in columns)))
    db.executemany("INSERT INTO %s VALUES (%s)" % (table, ", ".join("?" * len(columns))), reader)
db.commit()
"""


# Runs a command and writes its wall and CPU seconds and peak memory to the file named first.
# A process's peak resident memory on Linux starts from that of the process it was forked from
# (the kernel carries the high-water mark over exec), so the benchmark, with Django and the
# data loaded, would lend every command its own 100 MB or more: the command is forked from this
# small interpreter instead.
_LAUNCH = """
import json, os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump({"status": os.waitstatus_to_exitcode(status), "seconds": time.perf_counter() - start,
               "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}, out)
"""


def _process(label: str, command: list[str]) -> dict[str, Any]:
    """Run a whole process; its wall and CPU seconds and peak memory (from wait4's rusage)."""
    import json
    import subprocess  # nosec B404 - our own interpreters on our own files

    handle, measured = tempfile.mkstemp(prefix="bench-process-", suffix=".json")
    os.close(handle)
    child = subprocess.run(  # noqa: S603  # nosec B603 - fixed commands
        [sys.executable, "-c", _LAUNCH, measured, *command],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    found = json.loads(Path(measured).read_text())
    os.unlink(measured)
    return {
        "process": label,
        "ok": found["status"] == 0,
        "seconds": round(found["seconds"], 2),
        "cpu_seconds": round(found["cpu"], 2),
        "peak_rss_mb": round(found["maxrss_kb"] / 1024, 1),
        "output": child.stdout.decode(errors="replace")[-300:],
    }


def _file_mb(folder: Path) -> float:
    """The files' size once unpacked (what the reader holds line by line)."""
    import gzip

    total = 0
    for path in folder.rglob("*.csv*"):
        if path.name.endswith(".gz"):
            with gzip.open(path, "rb") as stream:
                total += sum(len(block) for block in iter(lambda s=stream: s.read(1 << 20), b""))
        else:
            total += path.stat().st_size
    return round(total / 1e6, 2)


def whole_processes() -> dict[str, Any]:
    """The import, the validator and the raw-load floor as whole processes, in one run, all on
    the loadable copy of the synthetic returns."""
    from iro.ssda903.models import YearReturn

    sample = loadable_sample()
    medium, large = sample / "medium-la", sample / "large"
    validator = ROOT / ".venv-validator" / "bin" / "python"
    manage = [sys.executable, str(ROOT / "manage.py"), "import_903"]
    runs: list[dict[str, Any]] = []
    if not medium.exists():
        return {"status": f"skipped: {medium} not found"}

    def empty() -> None:
        _empty()
        YearReturn.objects.all().delete()

    empty()
    print("whole process: import_903 medium-la ...", file=sys.stderr, flush=True)
    runs.append(_process("import_903 medium-la (3 years)", [*manage, str(medium)]))
    if validator.exists():
        print("whole process: DfE validator, one medium-la year ...", file=sys.stderr, flush=True)
        runner = ROOT / "tests" / "ssda903" / "validator" / "run_validator.py"
        runs.append(
            _process(
                "validator medium-la 2024-25 (1 year)",
                [
                    str(validator),
                    str(runner),
                    "2024",
                    str(medium / "2024-25"),
                    str(medium / "2023-24"),
                ],
            )
        )
    if large.exists():
        empty()
        print("whole process: import_903 large ...", file=sys.stderr, flush=True)
        runs.append(_process("import_903 large (2 years)", [*manage, str(large)]))
        handle, floor_db = tempfile.mkstemp(prefix="bench-floor-", suffix=".sqlite3")
        os.close(handle)
        os.unlink(floor_db)
        print("whole process: raw-load floor, large ...", file=sys.stderr, flush=True)
        runs.append(
            _process(
                "raw-load floor large (csv into SQLite)",
                [sys.executable, "-c", _FLOOR, floor_db, str(large)],
            )
        )
        os.unlink(floor_db)
    by = {r["process"].split(" (")[0]: r for r in runs}
    ratios: dict[str, Any] = {}
    product, other = by.get("import_903 medium-la"), by.get("validator medium-la 2024-25")
    if product and other:
        ratios["medium_3_years_over_validator_1_year"] = {
            "wall": round(product["seconds"] / other["seconds"], 3),
            "cpu": round(product["cpu_seconds"] / other["cpu_seconds"], 3),
            "target": "<= 0.05",
        }
    product, floor = by.get("import_903 large"), by.get("raw-load floor large")
    if product and floor:
        ratios["large_over_raw_load_floor"] = {
            "wall": round(product["seconds"] / floor["seconds"], 2),
            "cpu": round(product["cpu_seconds"] / floor["cpu_seconds"], 2),
            "target": "<= 10",
        }
    if by.get("import_903 medium-la") and by.get("import_903 large"):
        ratios["memory"] = {
            "file_mb_medium": _file_mb(medium),
            "file_mb_large": _file_mb(large),
            "peak_rss_mb_medium": by["import_903 medium-la"]["peak_rss_mb"],
            "peak_rss_mb_large": by["import_903 large"]["peak_rss_mb"],
        }
    return {"runs": runs, "ratios": ratios}


def _print_processes(found: dict[str, Any]) -> None:
    if "runs" not in found:
        print(found.get("status", ""))
        return
    print()
    print("whole process".ljust(42) + "ok    wall s  cpu s   peak MB")
    for run in found["runs"]:
        print(
            run["process"].ljust(42)
            + str(run["ok"]).ljust(6)
            + str(run["seconds"]).ljust(8)
            + str(run["cpu_seconds"]).ljust(8)
            + str(run["peak_rss_mb"])
        )
    for name, ratio in found["ratios"].items():
        print(f"{name}: {ratio}")


def _print(results: list[dict[str, Any]]) -> None:
    columns = [
        ("dataset", "dataset", 34),
        ("rows", "rows", 8),
        ("seconds", "seconds", 8),
        ("cpu_seconds", "cpu s", 7),
        ("rows_per_second", "rows/s", 8),
        ("read_and_check_seconds", "read+check", 10),
        ("load_seconds", "load", 7),
        ("timetable_refresh_seconds", "timetable", 9),
        ("peak_rss_mb", "peak MB", 8),
    ]
    print("  ".join(title.ljust(width) for _, title, width in columns))
    for result in results:
        print("  ".join(str(result.get(key, "")).ljust(width) for key, _, width in columns))
    for result in results:
        if result.get("errors"):
            print(f"{result['dataset']}: {result['errors']} errors — not imported")


if __name__ == "__main__":
    _setup_django()
    if "--processes-only" in sys.argv:  # only the whole-process comparison
        _print_processes(whole_processes())
        sys.exit(0)
    found = run()
    _print([r for r in found if "runs" not in r])
    _print_processes(found[-1])

"""903 import speed and memory on the shared synthetic returns (`make bench-import`).

Imports medium-la (its three years in one import), re-imports it (nothing should change), then
empties the register and imports the large set (both years in one import), and prints for each:
rows read, seconds (wall and this process's CPU), rows per second, the time spent reading and checking files / loading / re-deriving
review due dates, and the process's peak resident memory.

Run as `python bench/bench_import.py` (sets Django up itself; DATABASE_URL picks the database —
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


def run() -> list[dict[str, Any]]:
    """Import the synthetic returns into the (fresh, migrated) database; one dict per import."""
    from django.conf import settings

    sample = Path(settings.SSDA903_SAMPLE_DIR)
    steps = [
        ("medium-la (3 years)", [sample / "medium-la"], False),
        ("medium-la again (nothing changes)", [sample / "medium-la"], False),
        # The two sets are separate simulations whose random CHILD ids can collide: start empty.
        ("large (2 years)", [sample / "large"], True),
    ]
    results = []
    for label, paths, empty_first in steps:
        if empty_first:
            _empty()
        if not all(p.exists() for p in paths):
            results.append({"dataset": label, "status": f"skipped: {paths[0]} not found"})
            continue
        print(f"importing {label} ...", file=sys.stderr, flush=True)
        results.append(_import(label, paths))
    return results


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
    _print(run())

"""python manage.py import_903 PATH [PATH ...] [--year 2023] [--dry-run]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from iro.ssda903.models import ImportRun
from iro.ssda903.reading import path_sources, year_from_text
from iro.ssda903.services import ssda903_import

WARNINGS_SHOWN = 20


class Command(BaseCommand):
    # A data command: skip the system checks (about a second at start-up).
    requires_system_checks: list[str] = []
    help = (
        "Import 903 CSV files (.csv or .csv.gz) or folders of them. Each file's table is "
        "recognised by its header row; its collection year comes from --year or from a folder "
        "named like 2023-24. All or nothing: any error and nothing is written (exit status 1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--year",
            help="Collection year for every file, as 2023 or 2023-24 (1 April 2023 to 31 March "
            "2024); by default taken from each file's folder name",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, then write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = _year(options["year"]) if options["year"] else None
        for path in options["paths"]:
            if not path.exists():
                raise CommandError(f"{path} does not exist")
        sources = path_sources(options["paths"], year=year)
        dry_run = options["dry_run"]
        run = None if dry_run else ImportRun.objects.create(origin=ImportRun.Origin.COMMAND)
        last = {"stage": ""}

        def progress(stage: str, done: int, total: int) -> None:
            if stage != last["stage"]:
                last["stage"] = stage
                self.stderr.write(f"{stage}")
            elif stage.startswith("Reading"):
                self.stderr.write(f"  {done:,} rows read")

        try:
            outcome = ssda903_import(
                acting_user=None, sources=sources, dry_run=dry_run, run=run, progress=progress
            )
        except Exception as error:
            if run is not None:
                run.status = ImportRun.Status.FAILED
                run.finished_at = timezone.now()
                run.message = f"The import failed and nothing was saved ({type(error).__name__})"
                run.save(update_fields=["status", "finished_at", "message"])
            raise
        for year_name, tables in outcome.row_counts.items():
            counts = ", ".join(f"{table} {rows:,}" for table, rows in tables.items())
            self.stdout.write(f"{year_name}: {counts}")
        shown = outcome.report.errors + outcome.report.warnings[:WARNINGS_SHOWN]
        for issue in shown:
            where = ", ".join(
                part
                for part in (
                    issue.file,
                    f"row {issue.row}" if issue.row else "",
                    f"column {issue.column}" if issue.column else "",
                    f"value '{issue.value}'" if issue.value else "",
                )
                if part
            )
            self.stdout.write(f"{issue.severity.upper()}: {where}: {issue.problem}")
        hidden = outcome.report.warning_count - min(WARNINGS_SHOWN, len(outcome.report.warnings))
        if hidden > 0:
            where = " (all are on the import history page)" if run is not None else ""
            self.stdout.write(f"... and {hidden:,} more warnings{where}")
        if outcome.report.stopped:
            self.stdout.write(outcome.report.stop_message())
        errors, warnings = len(outcome.report.errors), outcome.report.warning_count
        if errors:
            raise CommandError(f"{errors:,} errors and {warnings:,} warnings: nothing was imported")
        changes = ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in outcome.changes.items() if v)
        verb = "Would change" if dry_run else "Changed"
        self.stdout.write(f"{verb}: {changes or 'nothing'}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Checked with {warnings:,} warnings; "
                + ("dry run, nothing was written" if dry_run else "imported")
            )
        )


def _year(text: str) -> int:
    if text.isdigit() and len(text) == 4:
        return int(text)
    year = year_from_text(text)
    if year is None:
        raise CommandError("--year must be a collection year like 2023 or 2023-24")
    return year

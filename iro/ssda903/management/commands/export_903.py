"""python manage.py export_903 --year 2023 OUTDIR [--dry-run]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iro.ssda903.export import export_year
from iro.ssda903.reading import year_from_text, year_label


class Command(BaseCommand):
    # A data command: skip the system checks (about a second at start-up).
    requires_system_checks: list[str] = []
    help = (
        "Write the header, episodes and reviews CSVs of a collection year to OUTDIR/2023-24/. "
        "--year 2023 means 2023-24 (1 April 2023 to 31 March 2024). `import_903 OUTDIR` "
        "re-imports them to the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out_dir", type=Path)
        parser.add_argument("--year", required=True, help="2023 or 2023-24")
        parser.add_argument("--dry-run", action="store_true", help="Count the rows, write no files")

    def handle(self, *args: Any, **options: Any) -> None:
        text = options["year"]
        year = int(text) if text.isdigit() and len(text) == 4 else year_from_text(text)
        if year is None:
            raise CommandError("--year must be a collection year like 2023 or 2023-24")
        result = export_year(year, options["out_dir"], write=not options["dry_run"])
        counts = ", ".join(f"{table} {n:,}" for table, n in result.rows.items())
        verb = "Would write" if options["dry_run"] else "Wrote"
        self.stdout.write(f"{verb} {year_label(year)} to {result.folder}: {counts}")
        if result.reviews_without_code:
            self.stdout.write(
                f"{result.reviews_without_code:,} reviews have no participation code and were"
                " left out (the 903 needs one for every review)"
            )

"""python manage.py export_disputes --from 2025-04-01 --to 2026-03-31 --format csv"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iro.audit.services import audit_record
from iro.core.council import working_day_calendar
from iro.disputes.export import dispute_rows, write_csv
from iro.disputes.services import dispute_settings


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date (use YYYY-MM-DD)") from error


class Command(BaseCommand):
    help = "Export disputes raised in a period: one row per dispute (CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
        parser.add_argument("--format", choices=["csv"], default="csv")
        parser.add_argument("--output", help="File to write (default: standard output)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count the disputes only: write no file and no audit entry",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        date_from, date_to = _date(options["date_from"]), _date(options["date_to"])
        if date_to < date_from:
            raise CommandError("--to must be the same as or after --from")
        rows = dispute_rows(
            date_from, date_to, working_day_calendar(), dispute_settings().as_rule()
        )
        if options["dry_run"]:
            count = sum(1 for _ in rows)
            self.stderr.write(f"{count} disputes would be exported (dry run: nothing written)")
            return
        if options["output"]:
            with open(options["output"], "w", newline="", encoding="utf-8") as handle:
                count = write_csv(rows, handle)
        else:
            count = write_csv(rows, self.stdout)  # type: ignore[arg-type]
        audit_record(
            actor=None,
            action="export",
            object_type="dispute",
            summary=(
                f"{count} disputes raised {date_from.day} {date_from:%B %Y} to "
                f"{date_to.day} {date_to:%B %Y}, from the command line"
            ),
            changes={"command": "export_disputes"},
        )
        self.stderr.write(f"{count} disputes exported")

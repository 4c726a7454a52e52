from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from iro.audit.services import audit_record
from iro.reporting.arithmetic import financial_year_containing
from iro.reporting.services import (
    FORMATS,
    edition_document,
    edition_for_document,
    edition_report,
)


class Command(BaseCommand):
    help = (
        "Write the IRO annual report for a year (the April it starts) as PDF, Word or XLSX: the "
        "edition given, else the latest approved, else the draft (produced if there is none). "
        "Prints the edition and its fingerprint."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, required=True, help="e.g. 2024 for 2024 to 2025")
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--output", type=Path, required=True, help="The file to write")
        parser.add_argument("--edition", type=int, default=None, help="The edition's number")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 2000 <= year <= financial_year_containing(timezone.localdate()):
            raise CommandError(f"The year {year} to {year + 1} has not begun")
        try:
            edition = edition_for_document(acting_user=None, year=year, number=options["edition"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        fmt = options["format"]
        content = edition_document(edition, fmt)
        Path(options["output"]).write_bytes(content)
        audit_record(
            actor=None,
            action="export",
            object_type="annual_report",
            object_id=year,
            summary=f"Annual report {year} edition {edition.number} written as {fmt.upper()} "
            "by the annual_report command",
        )
        mark = edition_report(edition).edition
        print_ = mark.fingerprint if mark else edition.fingerprint
        self.stdout.write(
            f"Edition {edition.number} ({edition.get_status_display().lower()}) of the "
            f"{year} to {year + 1} report, fingerprint {print_}: written to {options['output']}"
        )

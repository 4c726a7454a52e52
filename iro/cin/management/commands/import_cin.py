"""python manage.py import_cin PATH [--dry-run]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iro.cin.models import CinImport
from iro.cin.services import cin_import

ISSUES_SHOWN = 50


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = (
        "Import the section 47 and child protection plan modules of a CIN census XML file. All "
        "or nothing: any error and nothing is written (exit status 1). Importing the same file "
        "again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, then write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path} does not exist")
        outcome = cin_import(
            acting_user=None,
            content=path.read_bytes(),
            file_name=path.name,
            dry_run=options["dry_run"],
            origin=CinImport.Origin.COMMAND,
        )
        for issue in outcome.issues[:ISSUES_SHOWN]:
            where = " ".join(p for p in (issue.path, issue.field, repr(issue.value)) if p)
            self.stdout.write(f"{issue.severity}: {where}: {issue.problem}")
        counts = ", ".join(f"{k} {v:,}" for k, v in sorted(outcome.counts.items()))
        if outcome.errors:
            raise CommandError(
                f"{len(outcome.errors)} errors: nothing was imported"
                + (f" ({counts})" if counts else "")
            )
        verb = "Checked (nothing written)" if outcome.dry_run else "Imported"
        self.stdout.write(f"{verb}: {counts}")

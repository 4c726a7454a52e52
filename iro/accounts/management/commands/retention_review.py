from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from iro.accounts.data_protection import children_due_for_review, retention_review_date
from iro.audit.services import audit_read
from iro.core import tabular
from iro.core.council import council_settings


class Command(BaseCommand):
    help = (
        "List children's records that have reached the end of the retention period "
        "(the council's setting: by default the child's 75th birthday) and are due for review. "
        "Lists only: it never deletes anything (so --dry-run changes nothing either)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="The date to review on, YYYY-MM-DD (default today)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Accepted for consistency; nothing is written"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError as error:
            raise CommandError("--as-of must be a real date, YYYY-MM-DD") from error
        as_of = as_of or timezone.localdate()
        years = council_settings().retention_years_after_birth
        due = children_due_for_review(as_of, years)
        rows = (
            [
                child.la_child_id,
                child.date_of_birth,
                retention_review_date(child.date_of_birth, years),
                "yes" if child.current_period_id else "no",
            ]
            for child in due.iterator(chunk_size=2000)
        )
        count = tabular.write_csv(
            self.stdout,  # type: ignore[arg-type]
            ["child_id", "date_of_birth", "review_due", "in_care_now"],
            rows,
        )
        audit_read(
            actor="retention_review",
            object_type="child",
            summary=f"retention_review as of {as_of}: {count} children listed",
            exported=True,
        )
        self.stderr.write(
            f"{count} record(s) due for retention review on {as_of.isoformat()} "
            f"(kept until {years} years after birth)."
        )

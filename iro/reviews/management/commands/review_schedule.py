from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from iro.audit.services import audit_read
from iro.children import selectors
from iro.core import tabular

COLUMNS = [
    "child_id",
    "iro",
    "period_of_care_start",
    "last_review_date",
    "next_review_number",
    "next_review_due",
    "status",
]


def schedule_rows(as_of: date) -> list[dict[str, Any]]:
    """One row per child looked after on `as_of`, with the status the pages show."""
    return [
        {
            "child_id": row.la_child_id,
            "iro": row.iro or "",
            "period_of_care_start": _iso(row.current_period.start_date),
            "last_review_date": _iso(row.current_period.last_review_date),
            "next_review_number": row.current_period.next_review_number or "",
            "next_review_due": _iso(row.current_period.next_review_due),
            "status": row.review_status,
        }
        for row in selectors.schedule_rows(
            selectors.review_schedule(selectors.schedule_context(as_of))
        )
    ]


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


class Command(BaseCommand):
    help = "Print every child currently looked after with their next statutory review."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--as-of", type=date.fromisoformat, default=None)
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = options["as_of"] or timezone.localdate()
        rows = schedule_rows(as_of)
        audit_read(
            actor="review_schedule",
            object_type="review_schedule",
            summary=f"review_schedule as of {as_of}: {len(rows)} children exported",
            exported=True,
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, indent=2))
            return
        tabular.write_csv(self.stdout, COLUMNS, rows)  # type: ignore[arg-type]

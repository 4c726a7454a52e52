from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from iro.core import facts


class Command(BaseCommand):
    help = (
        "Recompute every stored fact from the rules: review numbers, due dates and timeliness, "
        "the deadlines of reviews being arranged, each child's drift and oversight standard. "
        "Writes only what changed; after any service, import or generator it finds nothing. "
        "Run daily for what changes with the date alone (the daily task does the same)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change, then roll back"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = facts.pending() if options["dry_run"] else facts.refresh()
        verb = "Would change" if options["dry_run"] else "Changed"
        total = sum(counts.values())
        parts = ", ".join(f"{n} {_LABELS.get(app, app)}" for app, n in counts.items())
        self.stdout.write(f"{verb} {total} stored rows ({parts}).")


_LABELS = {"reviews": "in the review timetable", "monitoring": "of drift and oversight"}

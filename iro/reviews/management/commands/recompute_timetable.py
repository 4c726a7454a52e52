from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from iro.reviews.schedule import convening_refresh, schedule_refresh


class Command(BaseCommand):
    help = (
        "Recompute every stored review due date, number and timeliness from the timetable rules "
        "(run after a closure day or a council timescale changes)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Compute, then roll back")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            count = schedule_refresh()
            convenings = convening_refresh()
            if options["dry_run"]:
                transaction.set_rollback(True)
        verb = "Would recompute" if options["dry_run"] else "Recomputed"
        self.stdout.write(f"{verb} the review timetable of {count} periods of care.")
        self.stdout.write(f"{verb} the deadlines of {convenings} reviews being arranged.")

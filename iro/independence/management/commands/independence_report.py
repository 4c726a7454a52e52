from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from iro.core import tabular
from iro.independence.indicators import CSV_HEADER, flat_rows, indicators_for_period, reported
from iro.timetable.arithmetic import ReportingPeriod


class Command(BaseCommand):
    help = (
        "Print the independence indicators for a period: challenges per 100 children, children "
        "drifting without challenge, responses overdue, disputes withdrawn or closed with no "
        "change, median working days to resolution, difference made and the other counts."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--from", dest="date_from", type=date.fromisoformat, required=True)
        parser.add_argument("--to", dest="date_to", type=date.fromisoformat, required=True)
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = reported(ReportingPeriod(options["date_from"], options["date_to"]))
        except ValueError as error:
            raise CommandError(str(error)) from error
        figures = indicators_for_period(period, today=timezone.localdate())
        if options["format"] == "json":
            payload = {**figures, "as_at": period.date_to.isoformat()}
            self.stdout.write(json.dumps(payload, indent=2))
            return
        tabular.write_csv(self.stdout, CSV_HEADER, flat_rows(figures))  # type: ignore[arg-type]

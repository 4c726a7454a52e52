from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from iro.core import tabular
from iro.reporting.arithmetic import ReportingPeriod
from iro.reporting.measures import Scope
from iro.reporting.scorecard import compute_scorecard, reporting_period
from iro.reporting.selectors import flat_rows


class Command(BaseCommand):
    help = (
        "Print the scorecard's measures for a period (JSON keys as in the IRO service's measures)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--from", dest="date_from", type=date.fromisoformat, required=True)
        parser.add_argument("--to", dest="date_to", type=date.fromisoformat, required=True)
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--iro", type=int, default=None, help="Only this IRO's work (IRO id)")
        parser.add_argument("--team", type=int, default=None, help="Only this team's children")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = reporting_period(ReportingPeriod(options["date_from"], options["date_to"]))
        except ValueError as error:
            raise CommandError(str(error)) from error
        results = compute_scorecard(period, Scope(iro_id=options["iro"], team_id=options["team"]))
        if options["format"] == "json":
            # A period that has not ended is reported as at today: "as_at" says which day.
            payload = {
                "from": period.date_from.isoformat(),
                "to": (period.requested_to or period.date_to).isoformat(),
                "as_at": period.date_to.isoformat(),
                "to_date": period.to_date,
                "measures": results,
            }
            self.stdout.write(json.dumps(payload, indent=2))
            return
        tabular.write_csv(
            self.stdout,  # type: ignore[arg-type]
            ["measure", "numerator", "denominator", "percent", "count"],
            flat_rows(results),
        )

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from iro.seeding.synthetic import DatabaseNotEmpty, ServiceShape, generate_service


class Command(BaseCommand):
    help = (
        "Fill an empty database with a synthetic IRO service of any size, the same every time "
        "for a seed and date (for benchmarks; see docs/performance.md)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--children", type=int, required=True, help="Children looked after on the as-of date"
        )
        parser.add_argument("--years", type=int, default=5, help="Years of history (default 5)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--as-of", type=date.fromisoformat, default=None)
        parser.add_argument("--iros", type=int, default=None, help="Default: children ÷ 55")
        parser.add_argument(
            "--exit-rate",
            type=float,
            default=0.42,
            help="Leavers a year per child looked after (default 0.42, England's rate)",
        )
        parser.add_argument("--recommendations-per-review", type=float, default=1.5)
        parser.add_argument(
            "--derive",
            choices=("refresh", "inline"),
            default="refresh",
            help="refresh: schedule_refresh derives the stored timetable after writing (default); "
            "inline: the generator applies the same rules while planning (faster)",
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="Add to a database that already holds children or IROs",
        )
        parser.add_argument("--dry-run", action="store_true", help="Generate, then roll back")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["children"] < 1 or options["years"] < 1:
            raise CommandError("Enter at least 1 child and 1 year")
        shape = ServiceShape(
            children=options["children"],
            years=options["years"],
            seed=options["seed"],
            as_of=options["as_of"] or timezone.localdate(),
            iros=options["iros"],
            exit_rate=options["exit_rate"],
            recommendations_per_review=options["recommendations_per_review"],
            inline=options["derive"] == "inline",
        )
        verbose = options["verbosity"] > 1
        try:
            result = generate_service(
                shape,
                append=options["append"],
                dry_run=options["dry_run"],
                progress=(lambda m: self.stdout.write(f"  {m}")) if verbose else None,
            )
        except DatabaseNotEmpty as error:
            raise CommandError(str(error)) from error
        prefix = "Dry run (nothing saved): would generate" if options["dry_run"] else "Generated"
        counts = ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in result.counts.items())
        self.stdout.write(f"{prefix} {counts} as of {shape.as_of} (seed {shape.seed}).")
        timings = ", ".join(f"{name} {s:.1f}s" for name, s in result.seconds.items())
        self.stdout.write(f"Time: {timings}")
